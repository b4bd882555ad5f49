package org.eirnn.engine.cpu;

import org.eirnn.engine.Gradients;
import org.eirnn.model.Activation;
import org.eirnn.model.AlphaMode;
import org.eirnn.model.LossFunction;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.RateNetwork;
import org.eirnn.task.TrialBatch;
import org.ejml.data.DMatrixRMaj;

/**
 * Backpropagation through time of the model family on the CPU engine, batched over one network's B trials (the
 * derivation is {@code validation/bptt-derivation.md}; forward equations in {@link FamilyForward}). With
 * δa_t = ∂L/∂a_t from {@link FamilyLoss} and δx_T = 0, for t = T−1 … 1:
 * <pre>
 *   δr_t = δa_t W_out + ∂P/∂r_t + (α ⊙ δx_{t+1}) W_rec      (P the rate penalties, {@link RatePenalties}; last
 *                                                            term absent at t = T−1)
 *   δx_t = f'(x_t) ⊙ δr_t + (1 − α) ⊙ δx_{t+1}
 *   ∂L/∂W_rec += (α⊙δx_t)ᵀ r_{t−1},  ∂L/∂W_in += (α⊙δx_t)ᵀ ũ_{t−1},  ∂L/∂b_rec += Σ_b α⊙δx_t
 *   ∂L/∂W_out += δa_tᵀ r_t,  ∂L/∂b_out += Σ_b δa_t
 *   ∂L/∂α += Σ_b δx_t ⊙ (D_t − x_{t−1} + ε_t·s'(α)/s(α)),  ε_t = x_t − (1 − α)x_{t−1} − αD_t (the noise term)
 * </pre>
 * and at t = 0, ∂L/∂x0 = Σ_b δx_0 with δx_0 = f'(x_0) ⊙ (α⊙δx_1) W_rec + (1 − α) ⊙ δx_1. Then through the
 * parametrisations (W = φ(W⁺ ⊙ C + W_fixed)·D: ∂L/∂W⁺ = ∂L/∂W · D · φ'(M) · C; fixed entries get none), α's
 * parametrisation ({@link AlphaMode}) and the weight penalties; variables the options keep fixed get no gradient.
 * With λ_Ω &gt; 0, {@link OmegaRegulariser} adds λ_Ω ∂Ω/∂W_rec (from the δx_t of this loop) to ∂L/∂W_rec.
 */
final class FamilyBackprop {
    private FamilyBackprop() {
    }

    /** The adjoint sums of one backward pass, before the parametrisations. */
    private record Sums(DMatrixRMaj dWRec, DMatrixRMaj dWIn, DMatrixRMaj dWOut, double[] dBRec, double[] dBOut,
                        double[] dAlpha, double[] dX0) {
    }

    static Gradients run(RateNetwork net, NetworkTerms terms, ForwardStates s, TrialBatch batch, int first,
                         LossFunction loss, DenseOps ops, double[] trialLoss, int lossOffset) {
        ModelOptions o = net.spec.options();
        DMatrixRMaj[] dA = new DMatrixRMaj[s.steps()];
        for (int t = 1; t < s.steps(); t++) {
            dA[t] = new DMatrixRMaj(s.trials(), net.spec.outputs());
        }
        double objective = FamilyLoss.objective(loss, o.output(), s, batch, first, trialLoss, lossOffset, dA);
        RatePenalties rates = RatePenalties.of(o.regularisers(), s, net.n());
        objective += rates.objective();
        Sums sums = timeLoop(net, terms, s, dA, rates, ops);
        return Parametrisation.gradients(net, sums.dWRec.data, sums.dWIn.data, sums.dWOut.data, sums.dBRec,
                sums.dBOut, sums.dAlpha, sums.dX0, objective);
    }

    /** The recursion of the class comment from t = T−1 down to 0. */
    private static Sums timeLoop(RateNetwork net, NetworkTerms terms, ForwardStates s, DMatrixRMaj[] dA,
                                 RatePenalties rates, DenseOps ops) {
        int n = net.n();
        int trials = s.trials();
        boolean alphaTrained = alphaTrained(net);
        RecurrentProducts recurrent = RecurrentProducts.of(terms, trials, ops);
        UnitSums sums = new UnitSums(n, net.spec.inputs(), net.spec.outputs());
        double[] dBOut = new double[net.spec.outputs()];
        double[] dX0 = new double[n];
        DMatrixRMaj dR = new DMatrixRMaj(trials, n);
        DMatrixRMaj dX = new DMatrixRMaj(trials, n);
        DMatrixRMaj dXNext = new DMatrixRMaj(trials, n);
        DMatrixRMaj scaledNext = new DMatrixRMaj(trials, n);
        DMatrixRMaj scaled = new DMatrixRMaj(trials, n);
        OmegaRegulariser omega = OmegaRegulariser.of(net, trials);
        for (int t = s.steps() - 1; t >= 1; t--) {
            if (rates.any() || omega != null) {
                adjointsBetween(net, terms, s, t, dA[t], rates, omega, recurrent, dR, dXNext, dX, scaledNext, scaled,
                        ops);
            } else {
                adjoints(net, terms, s, t, dA[t], recurrent, dR, dXNext, dX, scaled, ops);
            }
            recurrent.addWeightGradient();
            sums.add(terms, s, t, dX, scaled, dA[t], alphaTrained, ops);
            addColumnSums(dA[t], dBOut);
            DMatrixRMaj swap = dXNext;
            dXNext = dX;
            dX = swap;
            swap = scaledNext;
            scaledNext = scaled;
            scaled = swap;
        }
        if (net.spec.options().trainX0() && s.steps() > 1) {
            dR.zero();
            recurrent.addBack(dR);
            DMatrixRMaj dX0Next = dXNext;
            DMatrixRMaj dXAt0 = dX;
            DMatrixRMaj scaled0 = scaled;
            ops.forBlocks(trials, (b0, b1) -> stateAdjoint(net.spec.activation(), terms.alpha(), s, 0, dR, dX0Next,
                    dXAt0, scaled0, b0, b1));
            addColumnSums(dX, dX0);
        }
        DMatrixRMaj dWRec = recurrent.weightGradient();
        if (omega != null) {
            omega.add(dXNext, scaledNext, s.x(1), net.spec.activation(), terms.alpha(), terms.wRec(), ops);
            omega.addGradient(dWRec);
        }
        return new Sums(dWRec, sums.dWIn, sums.dWOut, sums.dBRec, dBOut, sums.dAlpha, dX0);
    }

    static boolean alphaTrained(RateNetwork net) {
        return net.spec.options().alpha() == AlphaMode.TRAINABLE_ALPHA || net.spec.taus().trainable();
    }

    /**
     * Step t's δr_t, δx_t and s_t = α⊙δx_t in one pass of parallel trial blocks (no rate penalty, no Ω): δr_t = δa_t
     * W_out + s_{t+1} W_rec, then δx_t and s_t, and s_t and r_{t−1} handed to {@code recurrent}.
     */
    private static void adjoints(RateNetwork net, NetworkTerms terms, ForwardStates s, int t, DMatrixRMaj dA,
                                 RecurrentProducts recurrent, DMatrixRMaj dR, DMatrixRMaj dXNext, DMatrixRMaj dX,
                                 DMatrixRMaj scaled, DenseOps ops) {
        boolean later = t < s.steps() - 1;
        ops.forBlocks(s.trials(), (b0, b1) -> {
            readoutAdjoint(dA, terms.wOut(), dR, b0, b1);
            if (later) {
                recurrent.addBack(dR, b0, b1);
            }
            stateAdjoint(net.spec.activation(), terms.alpha(), s, t, dR, dXNext, dX, scaled, b0, b1);
            recurrent.keep(scaled, s.r(t - 1), b0, b1);
        });
    }

    /**
     * The same step with the rate penalties' ∂P/∂r_t and Ω's recursion ({@link OmegaRegulariser#addThrough}, which
     * makes the s_{t+1} W_rec product itself) added to δr_t between the row passes.
     */
    private static void adjointsBetween(RateNetwork net, NetworkTerms terms, ForwardStates s, int t, DMatrixRMaj dA,
                                        RatePenalties rates, OmegaRegulariser omega, RecurrentProducts recurrent,
                                        DMatrixRMaj dR, DMatrixRMaj dXNext, DMatrixRMaj dX, DMatrixRMaj scaledNext,
                                        DMatrixRMaj scaled, DenseOps ops) {
        ops.forBlocks(s.trials(), (b0, b1) -> readoutAdjoint(dA, terms.wOut(), dR, b0, b1));
        if (rates.any()) {
            rates.addGradient(s.r(t), dR);
        }
        if (t < s.steps() - 1 && omega != null) {
            omega.addThrough(dR, dXNext, scaledNext, s.x(t + 1), net.spec.activation(), terms, ops);
        } else if (t < s.steps() - 1) {
            recurrent.addBack(dR);
        }
        ops.forBlocks(s.trials(), (b0, b1) -> {
            stateAdjoint(net.spec.activation(), terms.alpha(), s, t, dR, dXNext, dX, scaled, b0, b1);
            recurrent.keep(scaled, s.r(t - 1), b0, b1);
        });
    }

    /**
     * Trials [b0, b1) of δx_t = f'(x_t) ⊙ δr_t + (1 − α) ⊙ δx_{t+1} and of α ⊙ δx_t. The sigmoid's f'(x) =
     * f(x)(1 − f(x)) is taken from r_t when that is f(x_t) exactly: the same number without a second exponential.
     */
    private static void stateAdjoint(Activation f, double[] alpha, ForwardStates s, int t, DMatrixRMaj dR,
                                     DMatrixRMaj dXNext, DMatrixRMaj dX, DMatrixRMaj scaled, int b0, int b1) {
        int n = alpha.length;
        double[] x = s.x(t).data;
        double[] r = f == Activation.SIGMOID && s.plainRates() ? s.r(t).data : null;
        for (int b = b0; b < b1; b++) {
            for (int i = 0; i < n; i++) {
                int p = b * n + i;
                double slope = r != null ? r[p] * (1.0 - r[p]) : f.derivative(x[p]);
                dX.data[p] = slope * dR.data[p] + (1 - alpha[i]) * dXNext.data[p];
                scaled.data[p] = alpha[i] * dX.data[p];
            }
        }
    }

    /** Trials [b0, b1) of δr = δa W_out, as EJML's mult_reorder computes it ({@link DenseOps#multRows}). */
    private static void readoutAdjoint(DMatrixRMaj dA, DMatrixRMaj wOut, DMatrixRMaj dR, int b0, int b1) {
        DenseOps.multRows(dA, wOut, dR, b0, b1, false);
    }

    private static void addColumnSums(DMatrixRMaj m, double[] into) {
        int cols = m.numCols;
        for (int b = 0; b < m.numRows; b++) {
            for (int j = 0; j < cols; j++) {
                into[j] += m.data[b * cols + j];
            }
        }
    }
}
