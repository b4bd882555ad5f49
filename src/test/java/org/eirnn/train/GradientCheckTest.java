package org.eirnn.train;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.WeightDistribution;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gradcheck's finite differences pass a correct gradient at the default tolerance (1e-6) also where a plain central
 * difference at the default step does not (issue #12 item 12), and still flag a wrong one.
 */
class GradientCheckTest {
    private static final int N = 10;
    private static final int T = 120;
    private static final long SEED = 5;
    private static final double H = 1e-5;
    private static final double TOLERANCE = 1e-6;

    private final RateNetwork net = NetworkInit.draw(new NetworkSpec(N, 1, 0.2, 0.5, 0, 1.5, WeightDistribution.GAUS,
            true, Activation.SIGMOID, DecayTaus.range(4, 20)), SEED, 0);
    private final TrialBatch batch = nearlyFittedBatch();
    private final Gradients analytic = analytic();
    private final int[] all = IntStream.range(0, Trainables.starts(N)[4]).toArray();

    /**
     * A pulse input and, as target, the network's own output plus a small offset: the l2 loss √Σe² is small, as for
     * a trained model, so it curves strongly in b_out (curvature ≈ (T−1)/L) and a central difference's h² error is
     * large relative to the gradient.
     */
    private TrialBatch nearlyFittedBatch() {
        double[] u = new double[T];
        for (int t = 10; t < 30; t++) {
            u[t] = 1;
        }
        TrialBatch probe = new TrialBatch(1, 1, T, u, new double[T], new int[1], new long[] {7});
        double[] o;
        try (CpuEngine engine = new CpuEngine();
             RateSession s = engine.openRate(net.spec, 1, 1, T, LossFunction.L2)) {
            s.upload(List.of(net));
            Trajectories tr = s.forward(probe, RateNoise.SPIKERNN, SEED, false);
            o = tr.o();
        }
        double[] z = new double[T];
        for (int i = 0; i < T - 1; i++) {
            z[i] = o[i] + 2e-3 * Math.sin(i / 7.0) + 1e-3;
        }
        return new TrialBatch(1, 1, T, u, z, new int[1], new long[] {7});
    }

    private Gradients analytic() {
        try (CpuEngine engine = new CpuEngine();
             RateSession s = engine.openRate(net.spec, 1, 1, T, LossFunction.L2)) {
            s.upload(List.of(net));
            return s.gradients(batch, RateNoise.SPIKERNN, SEED).get(0);
        }
    }

    private double[] numeric() {
        return GradientCheck.finiteDifferences(net, LossFunction.L2, batch, RateNoise.SPIKERNN, SEED, H, all);
    }

    private static GradientCheck.VariableError error(List<GradientCheck.VariableError> errors, String name) {
        return errors.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void correctGradientPassesWhereAPlainCentralDifferenceDoesNot() {
        assertTrue(analytic.loss() < 0.05, "a small loss, as after training: " + analytic.loss());
        // the plain central difference at the default step, as gradcheck computed it before
        double[] plain = numeric().clone();
        int bOut = Trainables.starts(N)[2];
        plain[bOut] = centralDifference(bOut, H);
        double plainError = error(GradientCheck.compare(analytic, plain), "b_out").relativeError();
        assertTrue(plainError > TOLERANCE, "the case is hard for a plain difference: " + plainError);

        for (GradientCheck.VariableError e : GradientCheck.compare(analytic, numeric())) {
            assertTrue(e.checked() > 0 && e.norm() > 0, e.toString());
            assertTrue(e.relativeError() <= TOLERANCE, e.name() + " relative error " + e.relativeError());
        }
    }

    /** A wrong gradient still fails: b_out off by 1e-4 relative, one recurrent weight's derivative off by 1 %. */
    @Test
    void wrongGradientStillFails() {
        double[] numeric = numeric();
        double[] wrong = Trainables.pack(analytic);
        wrong[Trainables.starts(N)[2]] *= 1 + 1e-4;
        int weight = IntStream.range(0, N * N).filter(k -> !Double.isNaN(numeric[k]) && analytic.w()[k] != 0)
                .findFirst().orElseThrow();
        wrong[weight] *= 1.01;
        List<GradientCheck.VariableError> errors = GradientCheck.compare(
                Trainables.unpackGradients(analytic.loss(), wrong, N), numeric);
        assertTrue(error(errors, "b_out").relativeError() > TOLERANCE, errors.toString());
        assertTrue(error(errors, "w").relativeError() > TOLERANCE, errors.toString());
        assertTrue(error(errors, "w_out").relativeError() <= TOLERANCE, errors.toString());
    }

    /** Richardson extrapolation is exact for a cubic's derivative, the h² term gone; converged steps stop early. */
    @Test
    void extrapolationCancelsTheSecondOrderTerm() {
        int[] calls = {0};
        double d = GradientCheck.extrapolated(step -> {
            calls[0]++;
            return 3.0 + 5.0 * step * step; // D(h) of f = 3x + 5x³/... at 0: f' + c·h²
        }, 0.1);
        assertEquals(3.0, d, 1e-12);
        assertTrue(calls[0] <= GradientCheck.MAX_HALVINGS + 1, calls[0] + " evaluations");
    }

    private double centralDifference(int p, double h) {
        double[] theta = Trainables.pack(net);
        RateNetwork probe = net.copy();
        try (CpuEngine engine = new CpuEngine();
             RateSession s = engine.openRate(net.spec, 1, 1, T, LossFunction.L2)) {
            theta[p] += h;
            Trainables.unpack(theta, probe);
            s.upload(List.of(probe));
            double up = s.forward(batch, RateNoise.SPIKERNN, SEED, false).loss()[0];
            theta[p] -= 2 * h;
            Trainables.unpack(theta, probe);
            s.upload(List.of(probe));
            double down = s.forward(batch, RateNoise.SPIKERNN, SEED, false).loss()[0];
            return (up - down) / (2 * h);
        }
    }
}
