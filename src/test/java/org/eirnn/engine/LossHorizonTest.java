package org.eirnn.engine;

import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.Preset;
import org.eirnn.model.PycogConnectivity;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;
import org.eirnn.model.WeightDistribution;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.GoNogoTask;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.eirnn.task.pycog.PycogTask;
import org.eirnn.task.pycog.PycogTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where a batch's time loops stop ({@link LossHorizon}): pycog's mante batches are padded to the 101 steps of a 2 s
 * catch trial, and a batch without one needs 61 (1.2 s trials: 60 pycog steps + 1). On both engines and several
 * batch sizes and network counts, a session of the task's 101 steps gives a batch of short trials exactly the
 * gradients and the SGD step (Ω on) of a session of 61 steps, also right after a long batch has filled all its
 * buffers (so nothing past the horizon is read). That the steps past it contribute exactly nothing is the CPU
 * reference's {@code engine.cpu.LossHorizonExactnessTest}.
 */
class LossHorizonTest {
    private static final PycogTask MANTE = PycogTasks.byName("mante");
    private static final int N = 24;
    private static final long SEED = 5;

    static NetworkSpec manteSpec(Regularisers extra) {
        NetworkSpec s = new NetworkSpec(N, MANTE.inputs(), 0.2, 1.0, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.RECTIFY, DecayTaus.single(MANTE.setup().tauSteps()), MANTE.outputs(),
                Preset.SONG2016.options());
        return s.withOptions(s.options().withRegularisers(extra));
    }

    /** Validation trials first … first + count − 1 of every network (id mod 73 = 0 is a catch trial). */
    static TrialBatch trials(int networks, long first, int count) {
        List<TrialBatch> parts = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            parts.add(MANTE.generate(new RandomKey(SEED, k, RandomStream.TASK), first, count, TrialPurpose.VALIDATION));
        }
        return TrialBatch.concat(parts);
    }

    @Test
    void theHorizonIsTheStepAfterTheLastMaskedTarget() {
        NetworkSpec spec = manteSpec(Regularisers.NONE.withOmega(2));
        assertEquals(101, MANTE.steps());
        assertEquals(101, LossHorizon.steps(trials(1, 0, 20), spec, LossFunction.MSE), "trial 0 is a catch trial");
        assertEquals(61, LossHorizon.steps(trials(1, 1, 20), spec, LossFunction.MSE), "1.2 s trials only");
        assertEquals(61, trials(1, 1, 20).truncateTo(61).steps());
        assertEquals(101, LossHorizon.steps(trials(1, 1, 20), manteSpec(new Regularisers(0, 0, 0, 0, 0, 0, 1e-3)),
                LossFunction.MSE), "a rate penalty reads every step");
        assertEquals(101, LossHorizon.steps(trials(1, 1, 20), spec, LossFunction.L2), "unmasked spikeRNN loss");
        TrialBatch goNogo = new GoNogoTask().generate(new RandomKey(1, 0, RandomStream.TASK), 0, 3);
        assertEquals(goNogo.steps(), LossHorizon.steps(goNogo, spec, LossFunction.MSE), "every step masked in");
        TrialBatch none = new TrialBatch(1, 1, 1, 9, new double[9], new double[9], new double[9], new int[1],
                new long[1]);
        assertEquals(-1, none.lastMaskedIndex());
        assertEquals(2, LossHorizon.steps(none, spec, LossFunction.MSE));
    }

    static Stream<Arguments> enginesBatchesNetworks() {
        List<Arguments> out = new ArrayList<>();
        for (String engine : TestEngines.names()) {
            for (int b : new int[] {1, 5, 20}) {
                for (int k : new int[] {1, 2}) {
                    out.add(Arguments.of(engine, b, k));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, B={1}, K={2}")
    @MethodSource("enginesBatchesNetworks")
    void aLongSessionGivesShortTrialsTheShortSessionsNumbers(String engineName, int b, int k) {
        NetworkSpec spec = manteSpec(Regularisers.NONE.withOmega(2));
        RateNoise noise = Preset.SONG2016.noise();
        List<RateNetwork> nets = new ArrayList<>();
        for (int net = 0; net < k; net++) {
            nets.add(NetworkInit.draw(spec, 1234, net, PycogConnectivity.DEFAULT));
        }
        TrialBatch longBatch = trials(k, 0, b);
        TrialBatch shortBatch = trials(k, 1, b);
        assertEquals(101, LossHorizon.steps(longBatch, spec, LossFunction.MSE));
        assertEquals(61, LossHorizon.steps(shortBatch, spec, LossFunction.MSE));
        SgdConfig sgd = new SgdConfig(0.01, 1.0);
        boolean[] active = new boolean[k];
        java.util.Arrays.fill(active, true);
        try (Engine engine = TestEngines.open(engineName);
             RateSession whole = engine.openRate(spec, k, b, 101, LossFunction.MSE);
             RateSession cut = engine.openRate(spec, k, b, 61, LossFunction.MSE)) {
            whole.upload(nets);
            whole.trainStep(longBatch, noise, SEED, sgd, active);   // fills every step of every buffer
            cut.upload(whole.download());
            List<Gradients> gWhole = whole.gradients(shortBatch, noise, SEED);
            List<Gradients> gCut = cut.gradients(shortBatch.truncateTo(61), noise, SEED);
            for (int net = 0; net < k; net++) {
                assertEquals(gCut.get(net).loss(), gWhole.get(net).loss(), "network " + net + " loss");
                assertArrayEquals(Trainables.pack(gCut.get(net)), Trainables.pack(gWhole.get(net)),
                        "network " + net + " gradients");
            }
            double[] lWhole = whole.trainStep(shortBatch, noise, SEED, sgd, active);
            double[] lCut = cut.trainStep(shortBatch.truncateTo(61), noise, SEED, sgd, active);
            assertArrayEquals(lCut, lWhole, "per-trial losses of the step");
            List<RateNetwork> after = whole.download();
            List<RateNetwork> afterCut = cut.download();
            for (int net = 0; net < k; net++) {
                assertArrayEquals(Trainables.pack(afterCut.get(net)), Trainables.pack(after.get(net)),
                        "network " + net + " after the SGD step");
            }
        }
    }
}
