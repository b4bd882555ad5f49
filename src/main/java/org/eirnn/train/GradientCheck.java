package org.eirnn.train;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * Central finite differences of the minibatch loss on the CPU reference in double precision, the yardstick of every
 * analytic gradient (the CPU backward pass, the OpenCL kernels). Noise stays on: both evaluations of a difference
 * use the same seeded draws (same seed, network 0, trial ids), so the loss is a deterministic function of θ.
 */
public final class GradientCheck {
    /** The four trainables in {@link Trainables} order. */
    public static final List<String> VARIABLES = List.of("w", "w_out", "b_out", "taus_gaus");

    private GradientCheck() {
    }

    /** Comparison of one variable: relative error ‖a − n‖/max(‖a‖, ‖n‖) and the largest absolute difference. */
    public record VariableError(String name, int checked, double relativeError, double maxAbsError, double norm) {
    }

    /** Most halvings of the step per parameter. */
    static final int MAX_HALVINGS = 6;
    /** Relative change between successive estimates below which a derivative has converged. */
    private static final double CONVERGED = 1e-10;

    /**
     * dL/dθ_p for every p in {@code indices} (positions in the {@link Trainables} vector) by central differences
     * D(h) = (L(θ + h·e_p) − L(θ − h·e_p))/(2h), Richardson-extrapolated: D's error is c·h² + O(h⁴), so
     * (4·D(h/2) − D(h))/3 cancels the h² term. The step is chosen per parameter: starting at {@code h}, it is halved
     * while successive estimates still differ (truncation dominates: e.g. b_out of a trained model, where the l2
     * loss √Σe² is small and so strongly curved) and no longer once they differ more (rounding dominates), at most
     * {@value #MAX_HALVINGS} times; the extrapolation with the smallest change wins. Entries not checked are NaN.
     * With Dale, weights within h of 0 are skipped (left NaN): relu has a kink there, a central difference straddling
     * it sees half a slope, while the analytic convention (TF) is 0; pruned weights are exactly 0, so this skips them.
     */
    public static double[] finiteDifferences(RateNetwork net, LossFunction loss, TrialBatch batch, RateNoise noise,
                                             long seed, double h, int[] indices) {
        double[] theta = Trainables.pack(net);
        double[] out = new double[theta.length];
        java.util.Arrays.fill(out, Double.NaN);
        try (CpuEngine engine = new CpuEngine();
             RateSession session = engine.openRate(net.spec, 1, batch.trials(), batch.steps(), loss)) {
            RateNetwork probe = net.copy();
            int nn = net.n() * net.n();
            for (int p : indices) {
                if (p < nn && net.spec.applyDale() && Math.abs(theta[p]) <= h) {
                    continue;
                }
                int at = p;
                out[p] = extrapolated(step -> central(session, probe, theta, at, step, batch, noise, seed), h);
            }
        }
        return out;
    }

    /** The Richardson extrapolation of {@code d} (a central difference as a function of its step) described above. */
    static double extrapolated(java.util.function.DoubleUnaryOperator d, double h) {
        double step = h;
        double previous = d.applyAsDouble(step);
        double best = Double.NaN;
        double bestChange = Double.POSITIVE_INFINITY;
        for (int k = 0; k < MAX_HALVINGS; k++) {
            step /= 2;
            double current = d.applyAsDouble(step);
            double change = Math.abs(current - previous);
            if (change < bestChange) {
                bestChange = change;
                best = (4 * current - previous) / 3;
            } else if (change > 2 * bestChange) {
                break; // rounding has taken over: smaller steps only get worse
            }
            if (change <= CONVERGED * Math.abs(current)) {
                break;
            }
            previous = current;
        }
        return best;
    }

    private static double central(RateSession session, RateNetwork probe, double[] theta, int p, double step,
                                  TrialBatch batch, RateNoise noise, long seed) {
        double keep = theta[p];
        theta[p] = keep + step;
        double up = meanLoss(session, probe, theta, batch, noise, seed);
        theta[p] = keep - step;
        double down = meanLoss(session, probe, theta, batch, noise, seed);
        theta[p] = keep;
        return (up - down) / (2 * step);
    }

    private static double meanLoss(RateSession session, RateNetwork probe, double[] theta, TrialBatch batch,
                                   RateNoise noise, long seed) {
        Trainables.unpack(theta, probe);
        session.upload(List.of(probe));
        double sum = 0;
        for (double l : session.forward(batch, noise, seed, false).loss()) {
            sum += l;
        }
        return sum / batch.trials();
    }

    /** Per-variable errors of {@code analytic} against {@code numeric} over the checked (non-NaN) entries. */
    public static List<VariableError> compare(Gradients analytic, double[] numeric) {
        double[] a = Trainables.pack(analytic);
        int n = analytic.wOut().length;
        int[] starts = Trainables.starts(n);
        List<VariableError> out = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            double diff2 = 0;
            double a2 = 0;
            double n2 = 0;
            double maxAbs = 0;
            int checked = 0;
            for (int p = starts[v]; p < starts[v + 1]; p++) {
                if (Double.isNaN(numeric[p])) {
                    continue;
                }
                checked++;
                double d = a[p] - numeric[p];
                diff2 += d * d;
                a2 += a[p] * a[p];
                n2 += numeric[p] * numeric[p];
                maxAbs = Math.max(maxAbs, Math.abs(d));
            }
            double scale = Math.sqrt(Math.max(a2, n2));
            double rel = scale > 0 ? Math.sqrt(diff2) / scale : 0.0;
            out.add(new VariableError(VARIABLES.get(v), checked, rel, maxAbs, Math.sqrt(n2)));
        }
        return out;
    }
}
