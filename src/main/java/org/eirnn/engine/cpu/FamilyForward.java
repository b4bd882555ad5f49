package org.eirnn.engine.cpu;

import org.eirnn.model.Activation;
import org.eirnn.model.OutputActivation;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.ejml.data.DMatrixRMaj;

/**
 * The CPU engine's forward pass of the rate model family, batched over one network's B trials with EJML products
 * (DESIGN "One model family"; spec kim2019 §2.2, peers §1.1 and §3.1). Row b of every matrix is trial b:
 * <pre>
 *   ũ_t = [u_baseline + u_t + σ_in ξ''_t]₊          (pycog's input conditioning; spikeRNN passes u through)
 *   x_0 = x0 + σ_0 ξ_0,   r_0 = f(x_0) + σ_post ξ'_0
 *   D_t = r_{t−1} W_recᵀ + ũ_{t−1} W_inᵀ + b_rec      (input of step t−1 drives x_t, spec kim2019 §2.2)
 *   x_t = (1 − α) ⊙ x_{t−1} + α ⊙ D_t + s(α) σ_rec ξ_t
 *   r_t = f(x_t) + σ_post ξ'_t,   z_t = g(r_t W_outᵀ + b_out),   t = 1 … T−1
 * </pre>
 * Noise: key (seed, network k), counter (trial id, step, unit) in streams RATE_X0 (ξ_0), RATE_NOISE (ξ_t),
 * RATE_POST_NOISE (ξ') and RATE_INPUT_NOISE (ξ'', one per input channel), as the OpenCL kernels draw them.
 */
final class FamilyForward {
    private FamilyForward() {
    }

    static ForwardStates run(RateNetwork net, NetworkTerms terms, TrialBatch batch, int first, int count,
                             RateNoise noise, long seed, int k, DenseOps ops, boolean keep, boolean keepDrive) {
        return run(net, terms, batch, first, count, noise, seed, k, ops, keep, keepDrive, null);
    }

    /** The pass into {@code reuse}'s arrays when they have its shape ({@link ForwardStates#reuse}). */
    static ForwardStates run(RateNetwork net, NetworkTerms terms, TrialBatch batch, int first, int count,
                             RateNoise noise, long seed, int k, DenseOps ops, boolean keep, boolean keepDrive,
                             ForwardStates reuse) {
        int n = net.n();
        ForwardStates s = ForwardStates.reuse(reuse, count, batch.steps(), n, net.spec.inputs(),
                net.spec.outputs(), keep, keepDrive, noise.postSd() == 0);
        RandomKey key = new RandomKey(seed, k, RandomStream.RATE_X0);
        conditionInputs(batch, first, noise, key.with(RandomStream.RATE_INPUT_NOISE), s.u);
        initialState(terms, batch, first, noise, key, net.spec.activation(), s);
        DMatrixRMaj drive = new DMatrixRMaj(count, n);
        DMatrixRMaj a = new DMatrixRMaj(count, net.spec.outputs());
        RecurrentProducts recurrent = RecurrentProducts.of(terms, count, ops);
        RandomKey noiseKey = key.with(RandomStream.RATE_NOISE);
        RandomKey postKey = key.with(RandomStream.RATE_POST_NOISE);
        for (int t = 1; t < batch.steps(); t++) {
            int step = t;
            DMatrixRMaj d = keepDrive ? s.drive(t) : drive;
            ops.forBlocks(count, (b0, b1) -> {
                recurrent.drive(s.r(step - 1), d, b0, b1);
                addInputAndBias(terms, s.u[step - 1], d, b0, b1);
                eulerStep(terms, s.x(step - 1), d, noise, noiseKey, batch, first, step, s.x(step), b0, b1);
                rates(net.spec.activation(), s.x(step), noise, postKey, batch, first, step, s.r(step), b0, b1);
                readout(terms, s.r(step), net.spec.options().output(), a, s.z[step], b0, b1);
            });
        }
        return s;
    }

    /** ũ_t for every step: u, or [baseline + u + σ_in ξ'']₊. */
    private static void conditionInputs(TrialBatch batch, int first, RateNoise noise, RandomKey key,
                                        DMatrixRMaj[] u) {
        int nIn = batch.inputs();
        double[] xi = new double[nIn];
        for (int t = 0; t < batch.steps(); t++) {
            double[] row = u[t].data;
            for (int b = 0; b < u[t].numRows; b++) {
                if (noise.inputSd() > 0) {
                    key.normals(batch.trialIds()[first + b], t, xi, 0, nIn);
                }
                for (int c = 0; c < nIn; c++) {
                    double v = batch.u(first + b, c, t);
                    if (!noise.inputsPassThrough()) {
                        v = noise.inputBaseline() + v + noise.inputSd() * xi[c];
                        v = noise.rectifyInputs() ? Math.max(v, 0.0) : v;
                    }
                    row[b * nIn + c] = v;
                }
            }
        }
    }

    /** x_0 = x0 + σ_0 ξ_0 and r_0. */
    private static void initialState(NetworkTerms terms, TrialBatch batch, int first, RateNoise noise,
                                     RandomKey key, Activation f, ForwardStates s) {
        DMatrixRMaj x = s.x(0);
        int n = x.numCols;
        for (int b = 0; b < x.numRows; b++) {
            if (noise.x0Sd() > 0) {
                key.normals(batch.trialIds()[first + b], 0, x.data, b * n, n);
            }
            for (int i = 0; i < n; i++) {
                x.data[b * n + i] = terms.x0()[i] + (noise.x0Sd() > 0 ? noise.x0Sd() * x.data[b * n + i] : 0.0);
            }
        }
        rates(f, x, noise, key.with(RandomStream.RATE_POST_NOISE), batch, first, 0, s.r(0), 0, x.numRows);
    }

    /** D_t = r_{t−1} W_recᵀ (already in d) + ũ_{t−1} W_inᵀ + b_rec, rows [b0, b1). */
    private static void addInputAndBias(NetworkTerms terms, DMatrixRMaj uPrev, DMatrixRMaj d, int b0, int b1) {
        int n = d.numCols;
        int nIn = uPrev.numCols;
        double[] wInT = terms.wInT().data;
        double[] bRec = terms.bRec();
        for (int b = b0; b < b1; b++) {
            int row = b * n;
            for (int c = 0; c < nIn; c++) {
                double u = uPrev.data[b * nIn + c];
                for (int i = 0; i < n; i++) {
                    d.data[row + i] += u * wInT[c * n + i];
                }
            }
            for (int i = 0; i < n; i++) {
                d.data[row + i] += bRec[i];
            }
        }
    }

    /** x_t = (1 − α) ⊙ x_{t−1} + α ⊙ D_t + s(α) σ_rec ξ_t, rows [b0, b1). */
    private static void eulerStep(NetworkTerms terms, DMatrixRMaj xPrev, DMatrixRMaj d, RateNoise noise,
                                  RandomKey key, TrialBatch batch, int first, int t, DMatrixRMaj x, int b0, int b1) {
        int n = x.numCols;
        double[] alpha = terms.alpha();
        for (int b = b0; b < b1; b++) {
            int row = b * n;
            if (noise.noiseSd() > 0) {
                key.normals(batch.trialIds()[first + b], t, x.data, row, n);
            }
            for (int i = 0; i < n; i++) {
                double xi = noise.noiseSd() > 0 ? terms.noiseSd()[i] * x.data[row + i] : 0.0;
                x.data[row + i] = (1 - alpha[i]) * xPrev.data[row + i] + alpha[i] * d.data[row + i] + xi;
            }
        }
    }

    /** r_t = f(x_t) + σ_post ξ'_t, rows [b0, b1). */
    private static void rates(Activation f, DMatrixRMaj x, RateNoise noise, RandomKey key, TrialBatch batch,
                              int first, int t, DMatrixRMaj r, int b0, int b1) {
        int n = x.numCols;
        for (int b = b0; b < b1; b++) {
            int row = b * n;
            if (noise.postSd() > 0) {
                key.normals(batch.trialIds()[first + b], t, r.data, row, n);
            }
            for (int i = 0; i < n; i++) {
                double post = noise.postSd() > 0 ? noise.postSd() * r.data[row + i] : 0.0;
                r.data[row + i] = f.apply(x.data[row + i]) + post;
            }
        }
    }

    /**
     * z_t = g(r_t W_outᵀ + b_out) for the trials [b0, b1), {@code a} a scratch matrix for the pre-activation (each
     * entry one dot product from 0 in unit order, as EJML's multTransB computes it).
     */
    private static void readout(NetworkTerms terms, DMatrixRMaj r, OutputActivation g, DMatrixRMaj a,
                                DMatrixRMaj z, int b0, int b1) {
        int n = r.numCols;
        int nOut = a.numCols;
        double[] w = terms.wOut().data;
        for (int b = b0; b < b1; b++) {
            for (int o = 0; o < nOut; o++) {
                double total = 0;
                for (int i = 0; i < n; i++) {
                    total += r.data[b * n + i] * w[o * n + i];
                }
                a.data[b * nOut + o] = total + terms.bOut()[o];
            }
            g.apply(a.data, b * nOut, nOut, z.data, b * nOut);
        }
    }
}
