package org.eirnn.engine.cpu;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.Trainables;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The EJML engine (batched products over trials) against the plain per-trial loops it replaced
 * ({@link LegacyRateBackprop}, the spikeRNN-only reference of eirnn 0.1), on spikeRNN networks: trajectories,
 * losses and every gradient agree to 1e-12 relative.
 */
class FamilyAgainstLegacyLoopsTest {

    @ParameterizedTest(name = "{0} {1} B={2} dale={3}")
    @CsvSource({"SIGMOID,L2,1,true", "SIGMOID,L2,5,true", "CLIPPED_RELU,L1,3,true", "SOFTPLUS,L2,4,false"})
    void ejmlEngineEqualsTheOldLoops(Activation act, LossFunction loss, int trials, boolean dale) {
        RateNetwork net = RateBackpropTest.smallNetwork(act, DecayTaus.range(4, 20), dale);
        TrialBatch batch = RateBackpropTest.smallBatch(trials, 3);
        try (RateSession s = new CpuEngine().openRate(net.spec, 1, trials, RateBackpropTest.T, loss)) {
            s.upload(List.of(net));
            Trajectories traj = s.forward(batch, RateNoise.SPIKERNN, 5, true);
            Gradients now = s.gradients(batch, RateNoise.SPIKERNN, 5).get(0);
            Gradients old = LegacyRateBackprop.gradients(net, loss, traj, batch, 0, trials);
            assertClose(Trainables.pack(old), Trainables.pack(now), "gradients");
            assertClose(new double[] {old.loss()}, new double[] {now.loss()}, "loss");
            double[][] replay = LegacyReplay.trajectories(net, batch, RateNoise.SPIKERNN, 5);
            assertClose(replay[0], traj.x(), "x");
            assertClose(replay[1], traj.o(), "o");
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        double diff = 0;
        double scale = 0;
        for (int p = 0; p < expected.length; p++) {
            diff = Math.max(diff, Math.abs(expected[p] - actual[p]));
            scale = Math.max(scale, Math.abs(expected[p]));
        }
        assertTrue(diff <= 1e-12 * scale, what + ": max difference " + diff + " against scale " + scale);
    }
}
