package org.eirnn.train;

import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.SgdConfig;
import org.eirnn.engine.TestEngines;
import org.eirnn.engine.Trajectories;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.Activation;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pycog's schedule in the Trainer ({@link ValidatedTraining}): validation trials enumerate the conditions by trial
 * id, the saved model holds the parameters of the lowest validation loss, the task's target and patience stop a run,
 * masks, fixed entries and Dale's signs hold after a song2016 run, and a resumed run equals the uninterrupted one.
 */
class ValidatedTrainingTest {
    static final NetworkSpec SPEC = NetworkSpec.defaults(10, 2, org.eirnn.model.DecayTaus.single(5)).withN(10)
            .withActivation(Activation.RECTIFY).withOptions(Preset.SONG2016.options());
    static final RateNoise NOISE = new RateNoise(0.15, 0, NoiseForm.CONTINUOUS, 0, 0.03, 0.2, true);
    static final int CONDITIONS = 4;
    static final int STEPS = 12;

    /** One generate call as the trainer made it. */
    record Call(long first, int count, TrialPurpose purpose) {
    }

    /**
     * A 4-condition task (0 = catch: no input, target 0.2): condition c drives input c mod 2 with strength c/3,
     * target 0.2 + 0.2c on the last half; validation trials take condition id mod 4, gradient trials a random one.
     * Its score is the fraction of trials within 0.1 of the target at the end; its target: {@code stopAfter}
     * validations have been made.
     */
    static final class ConditionTask implements Task {
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        final int stopAfter;

        ConditionTask(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public String name() {
            return "conditions";
        }

        @Override
        public int inputs() {
            return 2;
        }

        @Override
        public int steps() {
            return STEPS;
        }

        @Override
        public int conditions() {
            return CONDITIONS;
        }

        @Override
        public TrialBatch generate(RandomKey key, long firstTrial, int count) {
            return generate(key, firstTrial, count, TrialPurpose.GRADIENT);
        }

        @Override
        public TrialBatch generate(RandomKey key, long firstTrial, int count, TrialPurpose purpose) {
            calls.add(new Call(firstTrial, count, purpose));
            double[] u = new double[count * 2 * STEPS];
            double[] y = new double[count * STEPS];
            int[] labels = new int[count];
            long[] ids = new long[count];
            for (int b = 0; b < count; b++) {
                ids[b] = firstTrial + b;
                int c = purpose == TrialPurpose.VALIDATION ? (int) (ids[b] % CONDITIONS)
                        : (int) Math.floor(key.uniform(ids[b], 0, 0) * CONDITIONS);
                labels[b] = c;
                for (int t = 0; t < STEPS; t++) {
                    u[(b * 2 + c % 2) * STEPS + t] = c == 0 || t > 4 ? 0 : c / 3.0;
                    y[b * STEPS + t] = t < STEPS / 2 ? 0.2 : 0.2 + 0.2 * c;
                }
            }
            return new TrialBatch(count, 2, STEPS, u, y, labels, ids);
        }

        @Override
        public boolean isCorrect(double[] o, int offset, int label) {
            return Math.abs(o[offset + STEPS - 2] - (0.2 + 0.2 * label)) < 0.1;
        }

        @Override
        public boolean meetsTarget(List<Double> history) {
            return history.size() >= stopAfter;
        }
    }

    static TrainConfig config(long updates, ValidationSchedule v) {
        return TrainConfig.spikeRnn(updates, 4, 1, 7, NOISE, new SgdConfig(0.05, 1.0)).withValidation(v);
    }

    static Trainer trainer(Task task, TrainConfig cfg) {
        Engine engine = TestEngines.open("cpu");
        return new Trainer(engine, task, SPEC, LossFunction.MSE, cfg, new PrintStream(new ByteArrayOutputStream()),
                Map.of());
    }

    static ValidationSchedule schedule(int check, long patience) {
        return new ValidationSchedule(check, 2 * CONDITIONS * 3, 11, 22, 0.0, patience);
    }

    @Test
    void validationTrialsEnumerateTheConditionsByTrialId() throws IOException {
        ConditionTask task = new ConditionTask(Integer.MAX_VALUE);
        TrainConfig cfg = config(12, schedule(5, 1000));
        trainer(task, cfg).run(Trainer.freshState(SPEC, cfg, "s"), s -> { }, (k, m) -> { });
        List<Call> validation = task.calls.stream().filter(c -> c.purpose() == TrialPurpose.VALIDATION
                && c.count() == 24).toList();
        assertEquals(1, validation.size(), "one validation set, drawn once: " + task.calls);
        assertEquals(0, validation.get(0).first(), "ids 0 … V−1: id mod conditions gives each condition V/4 trials");
        List<Long> gradientFirsts = task.calls.stream().filter(c -> c.purpose() == TrialPurpose.GRADIENT
                && c.count() == 4).map(Call::first).toList();
        for (int u = 0; u < 12; u++) {
            assertTrue(gradientFirsts.contains(4L * u), "gradient trials of update " + u + " are ids 4u …");
        }
    }

    @Test
    void theSavedModelHoldsTheParametersOfTheLowestValidationLoss() throws IOException {
        ConditionTask task = new ConditionTask(Integer.MAX_VALUE);
        TrainConfig cfg = config(40, schedule(5, 1000));
        List<TrainState> checkpoints = new ArrayList<>();
        List<ModelRecord> models = new ArrayList<>();
        trainer(task, cfg).run(Trainer.freshState(SPEC, cfg, "s"), checkpoints::add, (k, m) -> models.add(m));
        assertEquals(1, models.size());
        // every checkpoint after a validation holds the parameters that validation saw: re-validate each
        TrialBatch validation = new ConditionTask(0).generate(new RandomKey(22, 0, RandomStream.TASK), 0, 24,
                TrialPurpose.VALIDATION);
        double best = Double.POSITIVE_INFINITY;
        RateNetwork bestNet = null;
        List<Double> losses = new ArrayList<>();
        for (TrainState s : checkpoints) {
            double loss = validationLoss(s.current().get(0), validation);
            losses.add(loss);
            if (loss < best) {
                best = loss;
                bestNet = s.current().get(0);
            }
        }
        assertEquals(8, checkpoints.size());
        assertTrue(losses.indexOf(best) < 7, "the best is not simply the last: " + losses);
        assertTrue(models.get(0).network().sameParameters(bestNet), "the file holds the best parameters; "
                + "validation losses " + losses);
        assertEquals(best, ((Number) models.get(0).extras().get("best_validation_loss")).doubleValue(), 1e-12);
    }

    /** Σ M e² / Σ M on the validation batch, as the trainer computes it. */
    static double validationLoss(RateNetwork net, TrialBatch batch) {
        try (Engine engine = TestEngines.open("cpu");
             RateSession s = engine.openRate(SPEC, 1, batch.trials(), STEPS, LossFunction.MSE)) {
            s.upload(List.of(net));
            Trajectories t = s.forward(batch, NOISE, 22, false);
            double sum = 0;
            double count = 0;
            for (int b = 0; b < batch.trials(); b++) {
                for (int i = 0; i < STEPS - 1; i++) {
                    double e = t.o()[b * (STEPS - 1) + i] - batch.target(b, i);
                    sum += e * e * batch.mask(b, 0, i);
                    count += batch.mask(b, 0, i);
                }
            }
            return sum / count;
        }
    }

    @Test
    void theTasksTargetAndPatienceStopTheRun() throws IOException {
        List<ModelRecord> models = new ArrayList<>();
        TrainConfig cfg = config(1000, schedule(5, 1000));
        TrainState end = trainer(new ConditionTask(3), cfg).run(Trainer.freshState(SPEC, cfg, "s"), s -> { },
                (k, m) -> models.add(m));
        assertEquals("target met", end.validation().stopReason()[0]);
        assertEquals(14, end.lastTrial()[0], "third validation after update 14");
        assertEquals("target met", models.get(0).extras().get("stop_reason"));

        TrainConfig impatient = config(1000, schedule(5, 1));
        TrainState stopped = trainer(new ConditionTask(Integer.MAX_VALUE), impatient).run(
                Trainer.freshState(SPEC, impatient, "s"), s -> { }, (k, m) -> { });
        assertTrue(stopped.validation().stopReason()[0].startsWith("patience"), stopped.validation().stopReason()[0]);
        assertTrue(stopped.lastTrial()[0] < 999);
    }

    @Test
    void masksFixedWeightsAndDaleSignsHoldAfterASong2016Run() throws IOException {
        TrainConfig cfg = config(40, schedule(10, 1000));
        TrainState fresh = Trainer.freshState(SPEC, cfg, "s");
        TrainState end = trainer(new ConditionTask(Integer.MAX_VALUE), cfg).run(fresh, s -> { }, (k, m) -> { });
        RateNetwork before = fresh.initial().get(0);
        for (RateNetwork after : List.of(end.current().get(0), end.validation().best().get(0))) {
            assertArrayEquals(before.somMask, after.somMask, 0.0, "C_rec");
            assertArrayEquals(before.cIn, after.cIn, 0.0, "C_in");
            assertArrayEquals(before.cOut, after.cOut, 0.0, "C_out");
            assertArrayEquals(before.wFixed, after.wFixed, 0.0, "fixed recurrent entries");
            assertArrayEquals(before.wInFixed, after.wInFixed, 0.0, "fixed input entries");
            assertArrayEquals(before.wOutFixed, after.wOutFixed, 0.0, "fixed readout entries");
            int n = SPEC.n();
            for (int ij = 0; ij < n * n; ij++) {
                if (before.somMask[ij] == 0) {
                    assertEquals(before.w[ij], after.w[ij], 0.0, "masked W⁺ entry " + ij);
                }
            }
            double[] w = after.effectiveRecurrent();
            double[] wOut = after.effectiveReadout();
            for (int j = 0; j < n; j++) {
                double sign = after.inh[j] ? -1 : 1;
                for (int i = 0; i < n; i++) {
                    assertTrue(sign * w[i * n + j] >= 0, "Dale: W_rec[" + i + "," + j + "] " + w[i * n + j]);
                }
                assertTrue(sign * wOut[j] >= 0, "Dale readout " + j);
            }
            for (double v : after.effectiveInput()) {
                assertTrue(v >= 0, "inputs are excitatory");
            }
        }
        assertTrue(!java.util.Arrays.equals(before.w, end.current().get(0).w), "it trained");
    }

    @Test
    void networkZeroOfAnEnsembleIsTheLoneNetwork() throws IOException {
        TrainConfig one = config(20, schedule(5, 1000));
        TrainConfig two = TrainConfig.spikeRnn(20, 4, 2, 7, NOISE, new SgdConfig(0.05, 1.0))
                .withValidation(schedule(5, 1000));
        List<ModelRecord> alone = new ArrayList<>();
        List<ModelRecord> pair = new ArrayList<>();
        TrainState a = trainer(new ConditionTask(Integer.MAX_VALUE), one).run(Trainer.freshState(SPEC, one, "s"),
                s -> { }, (k, m) -> alone.add(m));
        TrainState b = trainer(new ConditionTask(Integer.MAX_VALUE), two).run(Trainer.freshState(SPEC, two, "s"),
                s -> { }, (k, m) -> pair.add(m));
        assertTrue(a.current().get(0).sameParameters(b.current().get(0)));
        assertEquals(a.validation().scores().get(0), b.validation().scores().get(0));
        assertEquals(2, pair.size());
        assertTrue(!pair.get(0).network().sameParameters(pair.get(1).network()), "network 1 is its own");
    }

    @Test
    void aResumedRunEqualsTheUninterruptedOne(@TempDir Path dir) throws IOException {
        TrainConfig cfg = config(30, schedule(5, 1000));
        List<ModelRecord> straightModels = new ArrayList<>();
        TrainState straight = trainer(new ConditionTask(Integer.MAX_VALUE), cfg).run(
                Trainer.freshState(SPEC, cfg, "s"), s -> { }, (k, m) -> straightModels.add(m));
        Path file = dir.resolve("run.checkpoint");
        Map<String, String> identity = new TreeMap<>(Map.of("task", "conditions"));
        int[] written = {0};
        assertThrows(IllegalStateException.class, () -> trainer(new ConditionTask(Integer.MAX_VALUE), cfg).run(
                Trainer.freshState(SPEC, cfg, "s"), s -> {
                    Checkpoint.write(file, identity, s);
                    if (++written[0] == 3) {
                        throw new IllegalStateException("killed");
                    }
                }, (k, m) -> { }));
        TrainState restored = Checkpoint.read(file, identity, SPEC);
        assertEquals(15, restored.nextTrial());
        List<ModelRecord> resumedModels = new ArrayList<>();
        TrainState resumed = trainer(new ConditionTask(Integer.MAX_VALUE), cfg).run(restored, s -> { },
                (k, m) -> resumedModels.add(m));
        assertTrue(straight.current().get(0).sameParameters(resumed.current().get(0)));
        assertTrue(straightModels.get(0).network().sameParameters(resumedModels.get(0).network()));
        assertEquals(straight.validation().scores(), resumed.validation().scores());
        assertArrayEquals(straight.validation().bestLoss(), resumed.validation().bestLoss(), 0.0);
    }
}
