package org.eirnn.engine.cpu;

import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.Trajectories;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * A session's gradient passes and kept forward passes reuse their states' arrays: a pass after one with other noise
 * (initial-state and post-activation noise on, then off, and a diverged network's NaN states) gives exactly what a
 * fresh session gives.
 */
class CpuStateReuseTest {

    @ParameterizedTest(name = "B={0} poisoned={1}")
    @CsvSource({"3,false", "5,true"})
    void passOnReusedStatesEqualsFreshPass(int trials, boolean poisoned) {
        RateNetwork net = RateBackpropTest.smallNetwork(Activation.SIGMOID, DecayTaus.range(4, 20));
        TrialBatch batch = RateBackpropTest.smallBatch(trials, 3);
        RateNoise quiet = RateNoise.NONE;
        double[] fresh;
        double[] freshX;
        try (RateSession s = new CpuEngine().openRate(net.spec, 1, trials, RateBackpropTest.T, LossFunction.L2)) {
            s.upload(List.of(net));
            fresh = Trainables.pack(s.gradients(batch, quiet, 5).get(0));
            freshX = s.forward(batch, quiet, 5, true).x();
        }
        try (RateSession s = new CpuEngine().openRate(net.spec, 1, trials, RateBackpropTest.T, LossFunction.L2)) {
            RateNetwork first = net.copy();
            if (poisoned) {
                java.util.Arrays.fill(first.x0, Double.NaN);
            }
            s.upload(List.of(first));
            s.gradients(batch, RateNoise.SPIKERNN.withPost(0.2).withX0Sd(0.5), 9);
            s.upload(List.of(net));
            assertArrayEquals(fresh, Trainables.pack(s.gradients(batch, quiet, 5).get(0)), 0.0);
            s.upload(List.of(first));
            s.forward(batch, RateNoise.SPIKERNN.withPost(0.1), 2, true);
            s.upload(List.of(net));
            Trajectories kept = s.forward(batch, quiet, 5, true);
            assertArrayEquals(fresh, Trainables.pack(s.gradients(batch, quiet, 5).get(0)), 0.0, "after forward");
            assertArrayEquals(freshX, kept.x(), 0.0, "forward on reused states");
        }
    }
}
