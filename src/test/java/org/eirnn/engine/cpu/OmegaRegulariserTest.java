package org.eirnn.engine.cpu;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.model.Activation;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ω (spec peers §1.4): its immediate derivative ∂Ω/∂W_rec with g and x held fixed against central differences of Ω,
 * the bound, and its wiring into the CPU engine's W_rec gradient.
 */
class OmegaRegulariserTest {
    static final int N = 6;
    static final int T = 9;
    static final double H = 1e-6;

    /** g_t, x_t (t = 1 … T−1) and α, drawn once; g of trial 0 at step 4 below the bound, all of step 6 zero. */
    record Adjoints(DMatrixRMaj[] g, DMatrixRMaj[] x, double[] alpha) {
        static Adjoints draw(int trials) {
            RandomKey key = new RandomKey(5, 0, RandomStream.TASK);
            DMatrixRMaj[] g = new DMatrixRMaj[T];
            DMatrixRMaj[] x = new DMatrixRMaj[T];
            for (int t = 1; t < T; t++) {
                g[t] = new DMatrixRMaj(trials, N);
                x[t] = new DMatrixRMaj(trials, N);
                for (int p = 0; p < trials * N; p++) {
                    g[t].data[p] = t == 6 ? 0 : key.normal(t, p, 0) * (t == 4 && p < N ? 1e-12 : 1);
                    x[t].data[p] = key.normal(t, p, 1);
                }
            }
            double[] alpha = new double[N];
            for (int i = 0; i < N; i++) {
                alpha[i] = 0.1 + 0.05 * i;
            }
            return new Adjoints(g, x, alpha);
        }

        OmegaRegulariser feed(double lambda, DMatrixRMaj w, Activation f) {
            int trials = g[1].numRows;
            OmegaRegulariser omega = new OmegaRegulariser(lambda, trials, N);
            for (int t = 1; t < T; t++) {
                DMatrixRMaj scaled = g[t].copy();
                for (int p = 0; p < scaled.data.length; p++) {
                    scaled.data[p] *= alpha[p % N];
                }
                omega.add(g[t], scaled, x[t], f, alpha, w, DenseOps.SINGLE_THREADED);
            }
            return omega;
        }
    }

    static DMatrixRMaj recurrent() {
        RandomKey key = new RandomKey(6, 0, RandomStream.TASK);
        DMatrixRMaj w = new DMatrixRMaj(N, N);
        for (int p = 0; p < N * N; p++) {
            w.data[p] = 0.4 * key.normal(0, p, 2);
        }
        return w;
    }

    @ParameterizedTest(name = "B={0}")
    @ValueSource(ints = {1, 3})
    void immediateDerivativeEqualsCentralDifferences(int trials) {
        Adjoints adj = Adjoints.draw(trials);
        for (Activation f : new Activation[] {Activation.RECTIFY, Activation.TANH}) {
            DMatrixRMaj w = recurrent();
            DMatrixRMaj analytic = new DMatrixRMaj(N, N);
            adj.feed(1.0, w, f).addGradient(analytic);
            double diff2 = 0;
            double scale2 = 0;
            for (int p = 0; p < N * N; p++) {
                double keep = w.data[p];
                w.data[p] = keep + H;
                double up = adj.feed(1.0, w, f).value();
                w.data[p] = keep - H;
                double down = adj.feed(1.0, w, f).value();
                w.data[p] = keep;
                double numeric = (up - down) / (2 * H);
                diff2 += (analytic.data[p] - numeric) * (analytic.data[p] - numeric);
                scale2 += numeric * numeric;
            }
            assertTrue(scale2 > 1e-6, "Ω depends on W_rec");
            assertTrue(Math.sqrt(diff2 / scale2) < 1e-7, f + " B=" + trials + ": relative error "
                    + Math.sqrt(diff2 / scale2));
        }
    }

    @Test
    void stepsBelowTheBoundDoNotCount() {
        Adjoints adj = Adjoints.draw(1);
        DMatrixRMaj w = recurrent();
        double omega = adj.feed(1.0, w, Activation.TANH).value();
        // by hand: the mean of (q − 1)² over the steps above the bound (t = 4: ‖g‖² ~ 1e-23; t = 6: g = 0)
        double sum = 0;
        int count = 0;
        for (int t = 1; t < T; t++) {
            double gg = 0;
            double vv = 0;
            for (int j = 0; j < N; j++) {
                double gw = 0;
                for (int i = 0; i < N; i++) {
                    gw += adj.alpha()[i] * adj.g()[t].data[i] * w.get(i, j);
                }
                double slope = Activation.TANH.derivative(adj.x()[t].data[j]);
                double v = (1 - adj.alpha()[j]) * adj.g()[t].data[j] + gw * slope;
                gg += adj.g()[t].data[j] * adj.g()[t].data[j];
                vv += v * v;
            }
            if (gg >= OmegaRegulariser.BOUND) {
                sum += (vv / gg - 1) * (vv / gg - 1);
                count++;
            }
        }
        assertEquals(T - 3, count);
        assertEquals(sum / count, omega, 1e-12 * Math.abs(omega));
        assertEquals(0.0, new OmegaRegulariser(2, 1, N).value(), "no steps: Ω = 0");
    }

    /** The engine adds λ_Ω ∂Ω/∂W_rec to W⁺'s gradient only, linearly in λ_Ω, and never on masked entries. */
    @ParameterizedTest(name = "B={0}")
    @ValueSource(ints = {1, 3})
    void engineAddsLambdaTimesTheDerivativeToWRecOnly(int trials) {
        FamilyGradientTest.Case c = FamilyGradientTest.cases().get(1);   // masks and fixed entries
        RateNetwork net = FamilyGradientTest.network(c);
        TrialBatch batch = FamilyGradientTest.batch(trials);
        double[] g0 = gradients(net, 0, batch, c.noise());
        double[] g1 = gradients(net, 1, batch, c.noise());
        double[] g2 = gradients(net, 2, batch, c.noise());
        int nn = net.n() * net.n();
        double change = 0;
        for (int p = 0; p < g0.length; p++) {
            if (p < nn && net.somMask[p] == 0) {
                assertEquals(0.0, g1[p], 0.0, "a masked W⁺ entry gets nothing, index " + p);
                continue;
            }
            if (p >= nn) {
                // with Ω, BPTT's (α⊙δx)W_rec is summed as a product plus an addition: the same to rounding
                assertEquals(g0[p], g1[p], 1e-13 * Math.max(1, Math.abs(g0[p])), "only W⁺ changes, index " + p);
                continue;
            }
            double d1 = g1[p] - g0[p];
            assertEquals(2 * d1, g2[p] - g0[p], 1e-9 * (Math.abs(g0[p]) + Math.abs(d1)) + 1e-15);
            change += Math.abs(d1);
        }
        assertTrue(change > 0, "Ω changes the W_rec gradient");
    }

    static double[] gradients(RateNetwork net, double lambda, TrialBatch batch, RateNoise noise) {
        RateNetwork withOmega = net.withSpec(net.spec.withOptions(net.spec.options().withRegularisers(
                Regularisers.NONE.withOmega(lambda))));
        try (RateSession s = new CpuEngine().openRate(withOmega.spec, 1, batch.trials(), T0, LossFunction.L2)) {
            s.upload(List.of(withOmega));
            Gradients g = s.gradients(batch, noise, FamilyGradientTest.SEED).get(0);
            return Trainables.pack(g);
        }
    }

    static final int T0 = FamilyGradientTest.T;
}
