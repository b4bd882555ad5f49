package org.eirnn.engine.cpu;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.Trajectories;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.task.TrialBatch;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Backpropagation through time of the spikeRNN loss (spec §2.3), derived by hand; the full derivation is in
 * {@code validation/bptt-derivation.md}. A pure function of (network, forward trajectories, batch): the OpenCL
 * backward kernels are checked against it, and it is checked against central finite differences.
 *
 * <p>Forward (spec §2.2), per trial, α = 1/τ, W = W_rec = (relu(w)·m) ⊙ som_m:
 * <pre>
 *   x_t = (1 − α) ⊙ x_{t−1} + α ⊙ (W r_{t−1} + W_in u_{t−1}) + ξ_t,   r_t = φ(x_t),   o_t = w_out·r_t + b_out
 *   l2: L = √(Σ_i e_i²),  l1: L = Σ_i |e_i|,   e_i = o_{i+1} − z_i,  i = 0 … T−2
 * </pre>
 * Backward, with g_t = ∂L/∂o_t (l2: e_{t−1}/L, l1: sign e_{t−1}) and δx_T = 0, for t = T−1 … 1:
 * <pre>
 *   δr_t = g_t w_out + Wᵀ (α ⊙ δx_{t+1})              (adjoint of r_t; the second term is absent at t = T−1)
 *   δx_t = φ'(x_t) ⊙ δr_t + (1 − α) ⊙ δx_{t+1}         (adjoint of x_t)
 *   ∂L/∂w_out += g_t r_t,   ∂L/∂b_out += g_t
 *   ∂L/∂W_ij  += α_i δx_{t,i} r_{t−1,j}
 *   ∂L/∂α_i   += δx_{t,i} ((W r_{t−1} + W_in u_{t−1})_i − x_{t−1,i})
 * </pre>
 * then through the parametrisations: ∂L/∂w_ij = ∂L/∂W_ij · m_j · som_ij · 1[w_ij &gt; 0] with Dale (TF's relu
 * gradient is 0 at 0, so pruned entries stay exactly 0), ∂L/∂w_ij = ∂L/∂W_ij · som_ij without;
 * ∂L/∂taus_gaus_i = ∂L/∂α_i · (−1/τ_i²) · s_i(1 − s_i)(τ_max − τ_min), s_i = sigmoid(taus_gaus_i), and 0 for a
 * single fixed τ. The noise ξ_t and x_0 do not depend on any parameter, so they enter only through the stored
 * trajectories. The minibatch loss is the mean over trials, so every gradient is the mean of per-trial ones.
 * At L = 0 the l2 gradient is taken as 0 (TF would give NaN).
 */
public final class LegacyRateBackprop {
    private LegacyRateBackprop() {
    }

    /**
     * Mean loss and gradients over trials {@code first … first+count−1} of {@code traj} (which must hold x and r),
     * all run on {@code net}.
     */
    public static Gradients gradients(RateNetwork net, LossFunction lossFunction, Trajectories traj,
                                      TrialBatch batch, int first, int count) {
        if (traj.x() == null || traj.r() == null) {
            throw new IllegalArgumentException("BPTT needs the forward states: run forward with keepStates");
        }
        int n = net.n();
        double[] wRec = net.effectiveRecurrent();
        double[] tau = net.tau();
        double[] alpha = LegacyRateStep.alpha(tau);
        // Per-trial sums in parallel, reduced in trial order so that the result does not depend on threads.
        List<TrialGradient> perTrial = IntStream.range(first, first + count).parallel()
                .mapToObj(b -> backwardTrial(net, wRec, alpha, lossFunction, traj, batch, b))
                .toList();
        double[] dW = new double[n * n];
        double[] dAlpha = new double[n];
        double[] dWOut = new double[n];
        double dBOut = 0;
        double loss = 0;
        for (TrialGradient g : perTrial) {
            add(dW, g.dW);
            add(dAlpha, g.dAlpha);
            add(dWOut, g.dWOut);
            dBOut += g.dBOut;
            loss += g.loss;
        }
        double mean = 1.0 / count;
        return new Gradients(loss * mean, rawWeightGradient(net, dW, mean), scaled(dWOut, mean), dBOut * mean,
                tausGausGradient(net.spec.taus(), net.tausGaus, tau, dAlpha, mean));
    }

    /** ∂L/∂w from ∂L/∂W_rec through W_rec = (relu(w)·m) ⊙ som_m. */
    private static double[] rawWeightGradient(RateNetwork net, double[] dW, double scale) {
        int n = net.n();
        boolean dale = net.spec.applyDale();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int ij = i * n + j;
                // relu passes only positive weights (TF: gradient 0 at 0); a masked entry gets +0, never −0
                boolean passes = (!dale || net.w[ij] > 0) && net.somMask[ij] != 0;
                out[ij] = passes ? dW[ij] * net.sign(j) * net.somMask[ij] * scale : 0.0;
            }
        }
        return out;
    }

    /** ∂L/∂taus_gaus from ∂L/∂α through α = 1/τ, τ = sigmoid(taus_gaus)·(max − min) + min. */
    private static double[] tausGausGradient(DecayTaus taus, double[] tausGaus, double[] tau, double[] dAlpha,
                                             double scale) {
        double[] out = new double[tau.length];
        if (!taus.trainable()) {
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            double s = 1.0 / (1.0 + Math.exp(-tausGaus[i]));
            double dTauDGaus = s * (1 - s) * (taus.max() - taus.min());
            out[i] = dAlpha[i] * (-1.0 / (tau[i] * tau[i])) * dTauDGaus * scale;
        }
        return out;
    }

    /** ∂L/∂o_t for t = 1 … T−1 (index t−1) of one trial, and L itself. */
    static double lossGradient(LossFunction lossFunction, Trajectories traj, TrialBatch batch, int b,
                               double[] gOut) {
        int len = traj.steps() - 1;
        double loss = trialLoss(lossFunction, traj.o(), b * len, batch.target(), b * traj.steps(), len);
        for (int i = 0; i < len; i++) {
            double e = traj.o(b, i) - batch.target(b, i);
            if (lossFunction == LossFunction.L2) {
                gOut[i] = loss > 0 ? e / loss : 0.0;
            } else {
                gOut[i] = Math.signum(e);
            }
        }
        return loss;
    }

    /** eirnn 0.1's per-trial l2/l1 of one single-output trial (spec §2.3). */
    private static double trialLoss(LossFunction f, double[] o, int oOff, double[] z, int zOff, int len) {
        double acc = 0;
        for (int i = 0; i < len; i++) {
            double e = o[oOff + i] - z[zOff + i];
            acc += f == LossFunction.L2 ? e * e : Math.abs(e);
        }
        return f == LossFunction.L2 ? Math.sqrt(acc) : acc;
    }

    private record TrialGradient(double loss, double[] dW, double[] dAlpha, double[] dWOut, double dBOut) {
    }

    /** The backward recursion of the class comment for trial b, in terms of W_rec and α. */
    private static TrialGradient backwardTrial(RateNetwork net, double[] wRec, double[] alpha,
                                               LossFunction lossFunction, Trajectories traj, TrialBatch batch,
                                               int b) {
        int n = net.n();
        int nIn = net.spec.inputs();
        int steps = traj.steps();
        Activation phi = net.spec.activation();
        double[] gOut = new double[steps - 1];
        double loss = lossGradient(lossFunction, traj, batch, b, gOut);

        double[] dW = new double[n * n];
        double[] dAlpha = new double[n];
        double[] dWOut = new double[n];
        double dBOut = 0;
        double[] dxNext = new double[n];   // δx_{t+1}
        double[] dx = new double[n];       // δx_t
        double[] dr = new double[n];
        double[] uPrev = new double[nIn];
        double[] x = traj.x();
        double[] r = traj.r();
        for (int t = steps - 1; t >= 1; t--) {
            int now = (b * steps + t) * n;
            int prev = now - n;
            double g = gOut[t - 1];
            dBOut += g;
            for (int j = 0; j < n; j++) {
                dWOut[j] += g * r[now + j];
                dr[j] = g * net.wOut[j];
            }
            if (t < steps - 1) {
                for (int i = 0; i < n; i++) {
                    double a = alpha[i] * dxNext[i];
                    for (int j = 0; j < n; j++) {
                        dr[j] += wRec[i * n + j] * a;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                dx[i] = phi.derivative(x[now + i]) * dr[i] + (1 - alpha[i]) * dxNext[i];
            }
            double[] rPrev = Arrays.copyOfRange(r, prev, prev + n);
            for (int c = 0; c < nIn; c++) {
                uPrev[c] = batch.u(b, c, t - 1);
            }
            for (int i = 0; i < n; i++) {
                double drive = LegacyRateStep.drive(i, n, nIn, wRec, net.wIn, rPrev, uPrev);
                dAlpha[i] += dx[i] * (drive - x[prev + i]);
                double a = alpha[i] * dx[i];
                for (int j = 0; j < n; j++) {
                    dW[i * n + j] += a * r[prev + j];
                }
            }
            double[] swap = dxNext;
            dxNext = dx;
            dx = swap;
        }
        return new TrialGradient(loss, dW, dAlpha, dWOut, dBOut);
    }

    private static void add(double[] into, double[] x) {
        for (int i = 0; i < into.length; i++) {
            into[i] += x[i];
        }
    }

    private static double[] scaled(double[] x, double s) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * s;
        }
        return out;
    }
}
