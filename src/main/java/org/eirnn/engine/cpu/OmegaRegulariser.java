package org.eirnn.engine.cpu;

import org.eirnn.model.Activation;
import org.eirnn.model.RateNetwork;
import org.ejml.data.DMatrixRMaj;

/**
 * pycog's vanishing-gradient regulariser Ω (Pascanu, Mikolov &amp; Bengio 2013; spec peers §1.4) on the CPU engine,
 * fed one step at a time by {@link FamilyBackprop} with the state adjoints g_t = δx_t = ∂L/∂x_t of BPTT (sharing
 * BPTT's product (α ⊙ g_t) W_rec, {@link #addThrough}, so Ω costs one extra product per step, not two). With the
 * one-step backward map v_t = (1 − α) ⊙ g_t + ((α ⊙ g_t) W_rec) ⊙ f'(x_t), per trial b and step t = 1 … T−1,
 * <pre>
 *   q_tb = ‖v_tb‖² / ‖g_tb‖²,   Ω = Σ_{t,b} 1[‖g_tb‖² ≥ bound] (q_tb − 1)² / Σ_{t,b} 1[‖g_tb‖² ≥ bound]
 * </pre>
 * (bound = {@value #BOUND}; the batch mean at each step summed over steps, divided by the batch-mean number of steps
 * above the bound: the B's cancel). Ω is 0 when no step is above the bound. Only the immediate derivative with g and x
 * held fixed is used (as pycog), ∂Ω/∂W_ij = Σ_{t,b} 1[·] 4(q_tb − 1)/‖g_tb‖² · (α_i g_tb,i) (v_tb,j f'(x_tb,j)) / count;
 * λ_Ω times it joins ∂L/∂W_rec, before the parametrisation takes it to W⁺ (validation/bptt-derivation.md, "Ω").
 *
 * <p>Time index of f': pycog evaluates f' at x_t, the state whose adjoint g_t is; the exact Jacobian ∂x_t/∂x_{t−1}
 * would take f'(x_{t−1}). We keep pycog's form: Ω is a heuristic whose weight λ_Ω = 2 and whose effect on training
 * were tuned, and pycog's targets reached, with that form; the point of the song2016 preset is to train as pycog does.
 */
final class OmegaRegulariser {
    /** pycog's {@code bound}: steps whose ‖g_t‖² is below it do not count. */
    static final double BOUND = 1e-20;

    private final double lambda;
    private final DMatrixRMaj dW;
    private final DMatrixRMaj gW;
    private final DMatrixRMaj left;
    private final DMatrixRMaj right;
    private double sum;
    private long count;

    OmegaRegulariser(double lambda, int trials, int n) {
        this.lambda = lambda;
        this.dW = new DMatrixRMaj(n, n);
        this.gW = new DMatrixRMaj(trials, n);
        this.left = new DMatrixRMaj(trials, n);
        this.right = new DMatrixRMaj(trials, n);
    }

    /** The regulariser of {@code net}'s options for a pass over {@code trials} trials, or null when λ_Ω is 0. */
    static OmegaRegulariser of(RateNetwork net, int trials) {
        double lambda = net.spec.options().regularisers().omega();
        return lambda == 0 ? null : new OmegaRegulariser(lambda, trials, net.n());
    }

    /**
     * Adds step t: {@code g} = g_t (B×N), {@code scaledG} = α ⊙ g_t, {@code x} = x_t, W_rec the effective matrix.
     */
    void add(DMatrixRMaj g, DMatrixRMaj scaledG, DMatrixRMaj x, Activation f, double[] alpha, DMatrixRMaj wRec,
             DenseOps ops) {
        ops.mult(scaledG, wRec, gW);
        addStep(g, scaledG, x, f, alpha, ops);
    }

    /**
     * BPTT's recurrent term and Ω's step t from one product: {@code dR} += (α ⊙ g_t) W_rec (the recursion's
     * δr_{t−1} term), then step t as {@link #add} with that product ({@code g} = g_t, {@code x} = x_t).
     */
    void addThrough(DMatrixRMaj dR, DMatrixRMaj g, DMatrixRMaj scaledG, DMatrixRMaj x, Activation f,
                    NetworkTerms terms, DenseOps ops) {
        ops.mult(scaledG, terms.wRec(), gW);
        for (int p = 0; p < dR.data.length; p++) {
            dR.data[p] += gW.data[p];
        }
        addStep(g, scaledG, x, f, terms.alpha(), ops);
    }

    /** Step t given gW = (α ⊙ g_t) W_rec. */
    private void addStep(DMatrixRMaj g, DMatrixRMaj scaledG, DMatrixRMaj x, Activation f, double[] alpha,
                         DenseOps ops) {
        int n = alpha.length;
        boolean any = false;
        for (int b = 0; b < g.numRows; b++) {
            int row = b * n;
            double gg = 0;
            double vv = 0;
            for (int j = 0; j < n; j++) {
                double slope = f.derivative(x.data[row + j]);
                double v = (1 - alpha[j]) * g.data[row + j] + gW.data[row + j] * slope;
                gg += g.data[row + j] * g.data[row + j];
                vv += v * v;
                right.data[row + j] = v * slope;
            }
            double coefficient = 0;
            if (gg >= BOUND) {
                double q = vv / gg;
                sum += (q - 1) * (q - 1);
                count++;
                coefficient = 4 * (q - 1) / gg;
                any = true;
            }
            for (int j = 0; j < n; j++) {
                left.data[row + j] = coefficient * scaledG.data[row + j];
            }
        }
        if (any) {
            ops.multAddTransA(left, right, dW);
        }
    }

    /** Ω of the steps added so far. */
    double value() {
        return count == 0 ? 0.0 : sum / count;
    }

    /** Adds λ_Ω ∂Ω/∂W_rec into {@code dWRec} (the effective matrix's gradient). */
    void addGradient(DMatrixRMaj dWRec) {
        if (count == 0) {
            return;
        }
        double scale = lambda / count;
        for (int p = 0; p < dW.data.length; p++) {
            dWRec.data[p] += scale * dW.data[p];
        }
    }
}
