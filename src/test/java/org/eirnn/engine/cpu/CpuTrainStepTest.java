package org.eirnn.engine.cpu;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTrainStepTest {

    @Test
    void trainStepIsGradientsThenAdamOnActiveNetworksOnly() {
        RateNetwork a = RateBackpropTest.smallNetwork(Activation.SIGMOID, DecayTaus.range(4, 20));
        RateNetwork b = NetworkInit.draw(a.spec, 99, 1);
        TrialBatch batch = TrialBatch.concat(List.of(RateBackpropTest.smallBatch(2, 1),
                RateBackpropTest.smallBatch(2, 2)));
        try (CpuEngine engine = new CpuEngine();
             RateSession s = engine.openRate(a.spec, 2, 2, RateBackpropTest.T, LossFunction.L2)) {
            s.upload(List.of(a, b));
            for (int step = 1; step <= 2; step++) {
                List<RateNetwork> before = s.download();
                AdamState adamBefore = s.adamState();
                List<Gradients> g = s.gradients(batch, RateNoise.SPIKERNN, 5);
                double[] losses = s.trainStep(batch, RateNoise.SPIKERNN, 5, AdamConfig.SPIKERNN,
                        new boolean[] {true, false});
                assertEquals((losses[0] + losses[1]) / 2, g.get(0).loss(), 1e-12);

                double[] theta = Trainables.pack(before.get(0));
                AdamStep.apply(AdamConfig.SPIKERNN, step, theta, Trainables.pack(g.get(0)), adamBefore.m()[0],
                        adamBefore.v()[0]);
                List<RateNetwork> after = s.download();
                assertArrayEquals(theta, Trainables.pack(after.get(0)), 0.0);
                assertTrue(after.get(1).sameParameters(before.get(1)), "inactive network must not change");
                assertEquals(step, s.adamState().steps()[0]);
                assertEquals(0, s.adamState().steps()[1]);
                for (int ij = 0; ij < a.w.length; ij++) {
                    if (a.w[ij] == 0) {
                        assertEquals(0.0, after.get(0).w[ij], "pruned weight " + ij + " moved");
                    }
                }
            }
        }
    }
}
