package org.eirnn.train;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Engine;
import org.eirnn.engine.TestEngines;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training loop's cadence, termination, ensemble independence and resume, on a tiny task and network. */
class TrainerTest {
    static final NetworkSpec SPEC = NetworkSpec.defaults(6, 1, DecayTaus.range(4, 20)).withN(6);

    /** A 12-step task with a pulse input and a constant target; its correctness rule is fixed by the test. */
    record TinyTask(String name, boolean alwaysCorrect, double targetValue) implements Task {
        @Override
        public int inputs() {
            return 1;
        }

        @Override
        public int steps() {
            return 12;
        }

        @Override
        public TrialBatch generate(RandomKey key, long firstTrial, int count) {
            double[] u = new double[count * 12];
            double[] z = new double[count * 12];
            int[] labels = new int[count];
            long[] ids = new long[count];
            for (int b = 0; b < count; b++) {
                ids[b] = firstTrial + b;
                labels[b] = key.uniform(firstTrial + b, 0, 0) < 0.5 ? 1 : 0;
                for (int t = 2; t < 5; t++) {
                    u[b * 12 + t] = labels[b];
                }
                for (int t = 5; t < 12; t++) {
                    z[b * 12 + t] = targetValue * labels[b];
                }
            }
            return new TrialBatch(count, 1, 12, u, z, labels, ids);
        }

        @Override
        public boolean isCorrect(double[] o, int offset, int label) {
            return alwaysCorrect;
        }
    }

    static final class Recorder {
        final List<TrainState> checkpoints = new ArrayList<>();
        final List<ModelRecord> models = new ArrayList<>();
        final ByteArrayOutputStream log = new ByteArrayOutputStream();

        Trainer trainer(Task task, TrainConfig cfg) {
            Engine engine = TestEngines.open("cpu");
            return new Trainer(engine, task, SPEC, LossFunction.L2, cfg, new PrintStream(log, true), Map.of());
        }

        /** Trains from the fresh state, keeping every checkpoint and model. */
        TrainState runFresh(Task task, TrainConfig cfg) throws IOException {
            return trainer(task, cfg).run(Trainer.freshState(SPEC, cfg, "stamp"), checkpoints::add,
                    (k, m) -> models.add(m));
        }

        List<String> lines() {
            return log.toString().lines().toList();
        }
    }

    static TrainConfig config(long nTrials, int batch, int networks) {
        return TrainConfig.spikeRnn(nTrials, batch, networks, 11, RateNoise.SPIKERNN, AdamConfig.SPIKERNN);
    }

    @Test
    void evaluatesWhenTrMinusOneIsAMultipleOf100AndRunsToNTrialsWithoutTheCriterion() throws IOException {
        Recorder rec = new Recorder();
        TrainConfig cfg = config(250, 1, 1);
        TrainState end = rec.runFresh(new TinyTask("tiny", false, 1), cfg);
        assertEquals(List.of("trial 1/250", "trial 101/250", "trial 201/250"),
                rec.lines().stream().map(l -> l.replaceAll("^eirnn train: (trial \\d+/\\d+).*", "$1")).toList());
        // a checkpoint after every evaluation and at the end
        assertEquals(List.of(2L, 102L, 202L, 250L), rec.checkpoints.stream().map(TrainState::nextTrial).toList());
        assertEquals(250, end.nextTrial());
        assertEquals(1, rec.models.size());
        ModelRecord m = rec.models.get(0);
        assertEquals(249, m.lastTrial());
        assertEquals(100, m.evalLabels().length);
        assertEquals(100 * 11, m.evalOutputs().length);
        assertTrue(m.losses()[249] > 0 && m.losses()[0] > 0);
        assertFalse(end.active()[0]);
    }

    @Test
    void theSavedParametersAreTheOnesTheSavedLastTrialRanWith() throws IOException {
        Recorder rec = new Recorder();
        TrainConfig cfg = config(130, 2, 1);
        Task task = new TinyTask("tiny", false, 1);
        rec.runFresh(task, cfg);
        ModelRecord m = rec.models.get(0);
        try (Engine engine = TestEngines.open("cpu");
             org.eirnn.engine.RateSession session = engine.openRate(SPEC, 1, 2, 12, LossFunction.L2)) {
            session.upload(List.of(m.network()));
            TrialBatch batch = TrialIds.ensembleBatch(task, cfg.seed(), 1, TrialIds.training(m.lastTrial(), 2), 2);
            org.eirnn.engine.Trajectories t = session.forward(batch, cfg.noise(), cfg.seed(), true);
            // spec §2.7: x, r, o of the last trial come from the same forward pass as the stored w
            assertArrayEquals(m.o(), java.util.Arrays.copyOfRange(t.o(), 0, 11), 0.0);
            assertArrayEquals(m.x(), java.util.Arrays.copyOfRange(t.x(), 0, 12 * 6), 0.0);
        }
    }

    @Test
    void stopsAtTheFirstEvaluationThatMeetsTheCriterion() throws IOException {
        Recorder rec = new Recorder();
        TrainConfig cfg = config(1000, 1, 1);
        // target 0 and tiny readout: eval loss ≪ 7; every trial correct: accuracy 1 > 0.95
        TrainState end = rec.runFresh(new TinyTask("tiny", true, 0), cfg);
        assertEquals(1, rec.lines().size());
        assertTrue(rec.lines().get(0).contains("criterion met"), rec.lines().get(0));
        assertEquals(1, rec.models.get(0).lastTrial());
        assertEquals(2, end.nextTrial());
        double[] losses = rec.models.get(0).losses();
        assertEquals(1000, losses.length);
        assertTrue(losses[0] > 0 && losses[1] > 0);
        for (int tr = 2; tr < losses.length; tr++) {
            assertEquals(0.0, losses[tr], "losses after the stop stay 0");
        }
        // the recorded last trial is trial 1 re-run on the parameters it was trained with
        ModelRecord m = rec.models.get(0);
        assertEquals(12 * 6, m.x().length);
        assertEquals(11, m.o().length);
        assertEquals(12 * 6, m.x0().length);
    }

    @Test
    void goNogoNeverStopsBeforeTrial1501() throws IOException {
        TrainConfig cfg = config(5000, 1, 1);
        assertFalse(cfg.meetsCriterion("go-nogo", 1401, 1, 1));
        assertTrue(cfg.meetsCriterion("go-nogo", 1501, 1, 1));
        assertFalse(cfg.meetsCriterion("xor", 101, 7.0, 1));
        assertFalse(cfg.meetsCriterion("xor", 101, 6.9, 0.95));
        Recorder rec = new Recorder();
        rec.runFresh(new TinyTask("go-nogo", true, 0), config(2000, 1, 1));
        assertEquals(1501, rec.models.get(0).lastTrial());
        assertEquals(16, rec.lines().size());
    }

    @Test
    void goNogoGateCountsTrialsSeenWithMinibatches() {
        TrainConfig cfg = config(5000, 64, 1);
        assertFalse(cfg.meetsCriterion("go-nogo", 23, 1, 1), "23 updates x 64 = 1472 trials");
        assertTrue(cfg.meetsCriterion("go-nogo", 24, 1, 1), "24 updates x 64 = 1536 trials");
        assertTrue(cfg.meetsCriterion("go-nogo", 101, 1, 1));
    }

    @Test
    void networksOfAnEnsembleAreIndependent() throws IOException {
        Task task = new TinyTask("tiny", false, 1);
        TrainConfig one = config(30, 2, 1);
        TrainConfig three = config(30, 2, 3);
        TrainState alone = new Recorder().trainer(task, one).run(Trainer.freshState(SPEC, one, "s"), s -> { },
                (k, m) -> { });
        TrainState ensemble = new Recorder().trainer(task, three).run(Trainer.freshState(SPEC, three, "s"), s -> { },
                (k, m) -> { });
        // network 0 sees the same init, trials and noise (all keyed by (seed, 0)) whatever K is
        assertTrue(alone.current().get(0).sameParameters(ensemble.current().get(0)));
        assertArrayEquals(alone.losses()[0], ensemble.losses()[0], 0.0);
        assertFalse(ensemble.current().get(1).sameParameters(ensemble.current().get(0)));
    }

    @Test
    void resumingFromACheckpointReproducesTheUninterruptedRun(@TempDir Path dir) throws IOException {
        Task task = new TinyTask("tiny", false, 1);
        TrainConfig cfg = config(230, 2, 2);
        Map<String, String> identity = new TreeMap<>(Map.of("task", "tiny", "seed", "11"));
        List<ModelRecord> straightModels = new ArrayList<>();
        TrainState straight = new Recorder().trainer(task, cfg).run(Trainer.freshState(SPEC, cfg, "s"), s -> { },
                (k, m) -> straightModels.add(m));

        Path file = dir.resolve("run.checkpoint");
        RuntimeException killed = new RuntimeException("killed");
        int[] written = {0};
        assertThrows(RuntimeException.class, () -> new Recorder().trainer(task, cfg)
                .run(Trainer.freshState(SPEC, cfg, "s"), s -> {
                    Checkpoint.write(file, identity, s);
                    if (++written[0] == 2) {
                        throw killed;     // dies right after the checkpoint of trial 101
                    }
                }, (k, m) -> { }));
        TrainState restored = Checkpoint.read(file, identity, SPEC);
        assertEquals(102, restored.nextTrial());
        List<ModelRecord> resumedModels = new ArrayList<>();
        TrainState resumed = new Recorder().trainer(task, cfg).run(restored, s -> { },
                (k, m) -> resumedModels.add(m));
        for (int k = 0; k < 2; k++) {
            RateNetwork a = straight.current().get(k);
            assertTrue(a.sameParameters(resumed.current().get(k)), "network " + k + " differs after resume");
            assertArrayEquals(straight.losses()[k], resumed.losses()[k], 0.0);
            assertArrayEquals(straight.adam().m()[k], resumed.adam().m()[k], 0.0);
            assertArrayEquals(straightModels.get(k).x(), resumedModels.get(k).x(), 0.0);
            assertArrayEquals(straightModels.get(k).evalOutputs(), resumedModels.get(k).evalOutputs(), 0.0);
        }
    }

    @Test
    void checkpointOfAnotherRunIsRefused(@TempDir Path dir) throws IOException {
        TrainConfig cfg = config(10, 1, 1);
        Path file = dir.resolve("c");
        Checkpoint.write(file, Map.of("seed", "1"), Trainer.freshState(SPEC, cfg, "s"));
        var e = assertThrows(org.eirnn.InvalidInputException.class,
                () -> Checkpoint.read(file, Map.of("seed", "2"), SPEC));
        assertTrue(e.getMessage().contains("seed=1"), e.getMessage());
    }

    @Test
    void aNonFiniteLossStopsTheRunWithoutANewCheckpoint() {
        Recorder rec = new Recorder();
        TrainConfig cfg = config(50, 1, 1);
        var e = assertThrows(Trainer.DivergedException.class, () -> rec.trainer(new TinyTask("tiny", false,
                Double.NaN), cfg).run(Trainer.freshState(SPEC, cfg, "s"), rec.checkpoints::add,
                (k, m) -> rec.models.add(m)));
        assertTrue(e.getMessage().contains("diverged at training trial"), e.getMessage());
        assertTrue(rec.checkpoints.isEmpty());
        assertTrue(rec.models.isEmpty());
    }
}
