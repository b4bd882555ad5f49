package org.eirnn.engine.cpu;

import org.eirnn.model.LossFunction;
import org.eirnn.model.OutputActivation;
import org.eirnn.task.TrialBatch;
import org.ejml.data.DMatrixRMaj;

/**
 * The loss of one network's B trials on the CPU engine ({@link LossFunction}: spikeRNN's per-trial l1/l2 averaged
 * over trials, or Σ M ℓ / Σ M for mse and cross-entropy), with ∂objective/∂a_t for the output pre-activations
 * a_t = r_t W_outᵀ + b_out, t = 1 … T−1, through the output nonlinearity g.
 */
final class FamilyLoss {
    private FamilyLoss() {
    }

    /** Per-trial losses (reported figures) and, when {@code dA} is not null, ∂objective/∂a_t into it. */
    static double objective(LossFunction loss, OutputActivation g, ForwardStates s, TrialBatch batch, int first,
                            double[] trialLoss, int lossOffset, DMatrixRMaj[] dA) {
        int trials = s.trials();
        int len = s.steps() - 1;
        int nOut = batch.outputs();
        double[] z = new double[nOut * len];
        double[] y = new double[nOut * len];
        double[] m = new double[nOut * len];
        double[] dz = dA == null ? null : new double[nOut * len];
        double norm = normaliser(loss, batch, first, trials, len);
        double objective = 0;
        for (int b = 0; b < trials; b++) {
            double maskSum = gather(s, batch, first, b, z, y, m);
            double scale = norm > 0 ? 1.0 / norm : 0.0;
            double sum = loss.trialSum(z, y, m, dz, scale, g == OutputActivation.SIGMOID);
            objective += sum * scale;
            trialLoss[lossOffset + b] = loss.maskNormalised() ? (maskSum > 0 ? sum / maskSum : 0.0) : sum;
            if (dA != null) {
                scatter(g, s, b, dz, dA);
            }
        }
        return objective;
    }

    /** B for l1/l2 (mean over trials), Σ M over the network's trials for mse and cross-entropy. */
    private static double normaliser(LossFunction loss, TrialBatch batch, int first, int trials, int len) {
        if (!loss.maskNormalised()) {
            return trials;
        }
        double sum = 0;
        for (int b = first; b < first + trials; b++) {
            for (int c = 0; c < batch.outputs(); c++) {
                for (int i = 0; i < len; i++) {
                    sum += batch.mask(b, c, i);
                }
            }
        }
        return sum;
    }

    /** Trial b's outputs, targets and mask as contiguous [channel][i] blocks; returns Σ M. */
    private static double gather(ForwardStates s, TrialBatch batch, int first, int b, double[] z, double[] y,
                                 double[] m) {
        int len = s.steps() - 1;
        int nOut = batch.outputs();
        double maskSum = 0;
        for (int c = 0; c < nOut; c++) {
            for (int i = 0; i < len; i++) {
                z[c * len + i] = s.z[i + 1].data[b * nOut + c];
                y[c * len + i] = batch.target(first + b, c, i);
                m[c * len + i] = batch.mask(first + b, c, i);
                maskSum += m[c * len + i];
            }
        }
        return maskSum;
    }

    /** ∂/∂z of trial b back into the per-step matrices, through g: ∂/∂a_t = J_g(a_t)ᵀ ∂/∂z_t. */
    private static void scatter(OutputActivation g, ForwardStates s, int b, double[] dz, DMatrixRMaj[] dA) {
        int len = s.steps() - 1;
        int nOut = dA[1].numCols;
        for (int i = 0; i < len; i++) {
            double[] out = dA[i + 1].data;
            for (int c = 0; c < nOut; c++) {
                out[b * nOut + c] = dz[c * len + i];
            }
            g.backward(s.z[i + 1].data, b * nOut, out, b * nOut, nOut);
        }
    }
}
