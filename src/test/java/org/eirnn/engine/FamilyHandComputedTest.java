package org.eirnn.engine;

import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.Positivity;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.WeightDistribution;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 3-unit network of the model family with a plastic mask, a fixed entry, abs positivity, positive inputs and a
 * Dale readout, run for two steps without noise: every number below is the Euler formula of DESIGN "One model
 * family" worked out by hand.
 */
class FamilyHandComputedTest {

    @Test
    void threeUnitsWithMasksAndAFixedEntryFollowTheEulerFormula() {
        ModelOptions o = ModelOptions.SPIKERNN.withPositivity(Positivity.ABS, true, true)
                .withTrainable(true, true, true, true);
        NetworkSpec spec = new NetworkSpec(3, 1, 0.3, 1, 0, 1, WeightDistribution.GAUS, true, Activation.RECTIFY,
                DecayTaus.single(2), 1, o);
        // Units 0 and 1 excitatory, unit 2 inhibitory. W⁺ (rows post, columns pre):
        double[] w = {0.0, 0.4, 0.2,
                      -0.5, 0.0, 0.3,
                      0.6, 0.1, 0.0};
        double[] c = {1, 0, 1,       // entry (0,1) not plastic: the fixed 0.25 stands there
                      1, 1, 1,
                      1, 1, 1};
        double[] fixed = new double[9];
        fixed[1] = 0.25;
        RateNetwork net = new RateNetwork(spec, w, new double[] {-0.8, 0.5, 1.0}, new double[] {1.0, 2.0, 3.0},
                new double[] {0.1}, new double[3], new boolean[] {false, false, true}, c, new double[] {1, 1, 1},
                new double[] {1, 1, 1}, fixed, new double[3], new double[3], new double[] {0.0, 0.1, -0.1},
                new double[] {0.2, 0.4, 0.6});
        // W_rec = |W⁺⊙C + F|·D: row 0 = [0, 0.25, −0.2], row 1 = [0.5, 0, −0.3], row 2 = [0.6, 0.1, 0]
        // W_in = |w_in| = [0.8, 0.5, 1.0]; W_out = |w_out|·D = [1, 2, −3]; α = Δt/τ = 0.5.
        double[] u = {1.0, 0.0, 0.0};   // u_0 = 1, u_1 = 0
        TrialBatch batch = new TrialBatch(1, 1, 1, 3, u, new double[3], new double[] {1, 1, 1}, new int[1],
                new long[] {0});
        try (Engine engine = TestEngines.open("cpu");
             RateSession s = engine.openRate(spec, 1, 1, 3, LossFunction.MSE)) {
            s.upload(List.of(net));
            Trajectories traj = s.forward(batch, RateNoise.NONE, 1, true);
            // x_0 = x0 = [0.2, 0.4, 0.6], r_0 = rectify(x_0)
            // D_1 = W_rec r_0 + W_in u_0 + b_rec:
            //   unit 0: 0.25·0.4 − 0.2·0.6 + 0.8 + 0.0 = 0.78
            //   unit 1: 0.5·0.2 − 0.3·0.6 + 0.5 + 0.1 = 0.52
            //   unit 2: 0.6·0.2 + 0.1·0.4 + 1.0 − 0.1 = 1.06
            // x_1 = 0.5 x_0 + 0.5 D_1 = [0.49, 0.46, 0.83]
            assertEquals(0.49, traj.x(0, 1, 0), 1e-12);
            assertEquals(0.46, traj.x(0, 1, 1), 1e-12);
            assertEquals(0.83, traj.x(0, 1, 2), 1e-12);
            // z_1 = 1·0.49 + 2·0.46 − 3·0.83 + 0.1 = −0.98
            assertEquals(-0.98, traj.o(0, 0), 1e-12);
            // D_2 = W_rec r_1 + 0 + b_rec:
            //   unit 0: 0.25·0.46 − 0.2·0.83 = −0.051;  unit 1: 0.5·0.49 − 0.3·0.83 + 0.1 = 0.096
            //   unit 2: 0.6·0.49 + 0.1·0.46 − 0.1 = 0.24
            // x_2 = 0.5 x_1 + 0.5 D_2 = [0.2195, 0.278, 0.535]; r_2 = rectify(x_2) (all positive)
            assertEquals(0.2195, traj.x(0, 2, 0), 1e-12);
            assertEquals(0.278, traj.x(0, 2, 1), 1e-12);
            assertEquals(0.535, traj.x(0, 2, 2), 1e-12);
            // z_2 = 0.2195 + 0.556 − 1.605 + 0.1 = −0.7295
            assertEquals(-0.7295, traj.o(0, 1), 1e-12);
            // mse over the two outputs (targets 0): (0.98² + 0.7295²)/2
            assertEquals((0.98 * 0.98 + 0.7295 * 0.7295) / 2, traj.loss()[0], 1e-12);
        }
    }
}
