package org.eirnn.engine;

import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.WeightDistribution;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Trials of different lengths in one batch (TrialBatch.padded): with the masked mse, a short trial padded to the
 * long one's T gives the same loss and gradients as it does alone, and the padding steps are masked out.
 */
class PaddedTrialsTest {
    static TrialBatch trial(int steps, long id) {
        double[] u = new double[steps];
        double[] y = new double[steps];
        for (int t = 0; t < steps; t++) {
            u[t] = Math.sin(0.3 * t + id);
            y[t] = 0.5 * Math.cos(0.2 * t);
        }
        double[] m = new double[steps];
        java.util.Arrays.fill(m, 1.0);
        return new TrialBatch(1, 1, 1, steps, u, y, m, new int[1], new long[] {id});
    }

    @ParameterizedTest(name = "short trial of {0} steps")
    @ValueSource(ints = {5, 11, 20})
    void paddingIsMaskedOut(int shortSteps) {
        NetworkSpec spec = new NetworkSpec(6, 1, 0.3, 0.5, 0, 1.5, WeightDistribution.GAUS, true, Activation.TANH,
                DecayTaus.range(3, 8), 1, ModelOptions.SPIKERNN);
        RateNetwork net = NetworkInit.draw(spec, 3, 0);
        TrialBatch shortAlone = trial(shortSteps, 7);
        TrialBatch padded = TrialBatch.padded(List.of(shortAlone));
        TrialBatch both = TrialBatch.padded(List.of(shortAlone, trial(20, 8)));
        assertEquals(20, both.steps());
        for (int t = shortSteps; t < 20; t++) {
            assertEquals(0.0, both.mask(0, 0, t), "padding step " + t + " is masked");
        }
        RateNoise noise = new RateNoise(0.1, 0.01);
        Gradients alone = gradients(net, shortAlone, noise);
        Gradients inPadding = gradients(net, padded.padTo(20), noise);
        assertEquals(alone.loss(), inPadding.loss(), 1e-12 * Math.abs(alone.loss()));
        assertArrayEquals(Trainables.pack(alone), Trainables.pack(inPadding), 1e-12);
    }

    private static Gradients gradients(RateNetwork net, TrialBatch b, RateNoise noise) {
        try (Engine e = TestEngines.open("cpu"); RateSession s = e.openRate(net.spec, 1, 1, b.steps(),
                LossFunction.MSE)) {
            s.upload(List.of(net));
            return s.gradients(b, noise, 5).get(0);
        }
    }
}
