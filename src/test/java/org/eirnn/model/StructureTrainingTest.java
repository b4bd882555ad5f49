package org.eirnn.model;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.TestEngines;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.GoNogoTask;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-area and multi-layer networks (nn4n's masks, spec peers §3.2; the Dale stack) train on go-nogo on both
 * engines and several batch sizes, and keep their masks and E/I signs: after training every entry outside C_rec,
 * C_in and C_out is exactly 0, every column of W_rec has its presynaptic unit's sign, and the trained weights did
 * move.
 */
class StructureTrainingTest {
    static final int N = 40;

    static Stream<Arguments> enginesBatchesStructures() {
        return TestEngines.names().stream().flatMap(e -> Stream.of(1, 4).flatMap(b ->
                Stream.of("areas", "layers").map(s -> Arguments.of(e, b, s))));
    }

    static Areas areas(String kind) {
        if (kind.equals("layers")) {
            return Areas.layers(2, 0.8, 0.8);
        }
        double[][] d = {{1, 0.3, 0}, {0.5, 1, 0.3}, {0, 0.5, 1}};
        return new Areas(3, d, new boolean[] {true, false, false}, new boolean[] {false, false, true}, 0.8,
                true, true, false, false, false);
    }

    @ParameterizedTest(name = "{0} B={1} {2}")
    @MethodSource("enginesBatchesStructures")
    void trainingKeepsMasksAndSigns(String engineName, int batch, String kind) {
        GoNogoTask task = new GoNogoTask();
        NetworkSpec spec = new NetworkSpec(N, 1, 0.2, 0.5, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.SIGMOID, DecayTaus.range(4, 20));
        Structure structure = Structure.generate(areas(kind), spec, 7, 0, null, false);
        RateNetwork start = structure.apply(NetworkInit.draw(spec, 7, 0));
        RateNetwork trained;
        try (Engine engine = TestEngines.open(engineName);
             RateSession s = engine.openRate(spec, 1, batch, task.steps(), LossFunction.L2)) {
            s.upload(List.of(start));
            for (int step = 0; step < 20; step++) {
                TrialBatch b = task.generate(new RandomKey(7, 0, RandomStream.TASK), step * batch, batch);
                s.trainStep(b, RateNoise.SPIKERNN, 7, AdamConfig.SPIKERNN, new boolean[] {true});
            }
            trained = s.download().get(0);
        }
        assertKeeps(structure, start, trained);
    }

    private static void assertKeeps(Structure st, RateNetwork start, RateNetwork trained) {
        double[] w = trained.effectiveRecurrent();
        double moved = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double v = w[i * N + j];
                if (st.cRec()[i * N + j] == 0) {
                    assertEquals(0.0, v, 0.0, "W_rec[" + i + "][" + j + "] outside C_rec");
                }
                assertTrue(st.inh()[j] ? v <= 0 : v >= 0, "column " + j + " keeps its unit's sign");
                moved += Math.abs(trained.w[i * N + j] - start.w[i * N + j]);
            }
        }
        assertTrue(moved > 0, "the recurrent weights trained");
        double[] wIn = trained.effectiveInput();
        for (int p = 0; p < wIn.length; p++) {
            if (st.cIn()[p] == 0) {
                assertEquals(0.0, wIn[p], 0.0, "W_in entry " + p + " outside the input areas");
            }
        }
        double[] wOut = trained.effectiveReadout();
        for (int p = 0; p < wOut.length; p++) {
            if (st.cOut()[p] == 0) {
                assertEquals(0.0, wOut[p], 0.0, "W_out entry " + p + " outside the readout areas");
            }
        }
    }
}
