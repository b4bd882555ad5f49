package org.eirnn.engine;

import org.eirnn.model.RateNetwork;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.spiking.LifTestNetworks;
import org.eirnn.spiking.SpikingEvaluation;
import org.eirnn.spiking.Stimulation;
import org.eirnn.task.GoNogoTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LIF behaviour on every engine and several batch sizes: with the noise on, a trial's spikes and outputs depend only
 * on its own id, v0 and stimulus — not on which trials share its launch, its lane or its scaling-factor neighbours.
 */
class LifEnginesTest {

    static Stream<Arguments> enginesAndBatches() {
        return TestEngines.names().stream().flatMap(e -> Stream.of(1, 7, 33).map(b -> Arguments.of(e, b)));
    }

    @ParameterizedTest
    @MethodSource("enginesAndBatches")
    void aTrialIsTheSameAloneAndInAnyBatch(String engineName, int trialsPerFactor) {
        RateNetwork net = LifTestNetworks.goNogo(42, 21);
        LifParams noisy = LifParams.spikeRnn(1);
        LifBatch batch = LifTestNetworks.batch(net, new double[] {20, 30}, trialsPerFactor, 21, noisy, 2);
        LifRecording rec = new LifRecording(true, true, false, 500);
        try (Engine engine = TestEngines.open(engineName); LifSimulator sim = engine.openLif(false)) {
            LifResult all = sim.simulate(batch, rec);
            int nt = all.nt();
            long spikes = 0;
            for (int b : new int[] {0, batch.trials().size() - 1}) {
                LifBatch alone = new LifBatch(noisy, batch.networks(), batch.columns(), List.of(batch.trials().get(b)),
                        batch.seed(), Stimulation.NONE);
                LifResult one = sim.simulate(alone, rec);
                assertArrayEquals(one.spikes()[0].steps(), all.spikes()[b].steps(), "trial " + b);
                assertArrayEquals(one.spikes()[0].units(), all.spikes()[b].units(), "trial " + b);
                assertArrayEquals(one.out(), Arrays.copyOfRange(all.out(), b * nt, (b + 1) * nt), 0.0);
                assertEquals(one.windowMax()[0], all.windowMax()[b], 0.0);
                spikes += one.spikes()[0].count();
            }
            assertTrue(spikes > 0, "the network spikes");
        }
    }

    /**
     * spike-eval and grid-search split large evaluations into simulator calls of at most trialsPerLaunch trials: the
     * outcome (accuracies and mean rates, noise on) is exactly that of one call per factor block, and progress counts
     * the trials done after each call.
     */
    @ParameterizedTest
    @MethodSource("org.eirnn.engine.TestEngines#names")
    void anEvaluationSplitIntoCallsEqualsOneCall(String engineName) {
        RateNetwork net = LifTestNetworks.goNogo(30, 21);
        List<SpikingEvaluation.Model> models = List.of(new SpikingEvaluation.Model(net, null),
                new SpikingEvaluation.Model(LifTestNetworks.goNogo(30, 22), null));
        double[] factors = {20, 40};
        try (Engine engine = TestEngines.open(engineName); LifSimulator sim = engine.openLif(false)) {
            List<Long> calls = new ArrayList<>();
            List<SpikingEvaluation.Outcome> whole = SpikingEvaluation.evaluate(sim, models, factors,
                    setup(2, 1000), done -> { });
            List<SpikingEvaluation.Outcome> split = SpikingEvaluation.evaluate(sim, models, factors,
                    setup(2, 9), calls::add);
            assertEquals(List.of(8L, 16L, 20L), calls, "2 trials per config (4 configs) per call, then the last");
            for (int k = 0; k < models.size(); k++) {
                assertArrayEquals(whole.get(k).accuracy(), split.get(k).accuracy(), 0.0, "model " + k);
                assertArrayEquals(whole.get(k).meanRateHz(), split.get(k).meanRateHz(), 0.0, "model " + k);
                assertTrue(whole.get(k).meanRateHz()[0] > 0, "the network spikes");
            }
        }
    }

    /** Go-nogo, 5 trials per factor, noise on. */
    private static SpikingEvaluation.Setup setup(int factorsPerLaunch, int trialsPerLaunch) {
        return new SpikingEvaluation.Setup(new GoNogoTask(), LifParams.spikeRnn(1), 5, 3, 0, false, 0,
                factorsPerLaunch, trialsPerLaunch);
    }
}
