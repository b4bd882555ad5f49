package org.eirnn.engine;

import org.eirnn.model.RateNetwork;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.spiking.LifTestNetworks;
import org.eirnn.spiking.Stimulation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
}
