package org.eirnn.model;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;

/**
 * nn4n's default initialisation (spec peers §3.1–3.2) for the nn4n preset, drawn from eirnn's Philox INIT stream:
 * every entry of W_in, W_rec and W_out ~ U(−1/√fan_in, 1/√fan_in) (fan_in N_in for W_in, N for W_rec and W_out),
 * dense unless --P_rec thins W_rec (each entry kept with probability P_rec, as the sparsity mask would), no biases, a
 * zero initial state. Under Dale (off by default) the E/I types are spikeRNN's draw (each unit inhibitory with
 * probability P_inh), each entry is clamped to its presynaptic unit's sign (φ = relu of the signed value, so about
 * half the entries start at 0), and the totals are then balanced as nn4n does ({@link Structure}).
 * Counter "step" values: 30 W_in, 31 W_out, 32 recurrent values, 33 connectivity, 34 E/I.
 */
final class Nn4nInit {
    private Nn4nInit() {
    }

    static RateNetwork draw(NetworkSpec spec, long seed, int network) {
        RandomKey rng = new RandomKey(seed, network, RandomStream.INIT);
        int n = spec.n();
        boolean[] inh = new boolean[n];
        for (int i = 0; i < n && spec.applyDale(); i++) {
            inh[i] = rng.uniform(0, 34, i) < spec.pInh();
        }
        double[] w = new double[n * n];
        double bound = 1 / Math.sqrt(n);
        for (int ij = 0; ij < n * n; ij++) {
            if (spec.pRec() >= 1 || rng.uniform(0, 33, ij) < spec.pRec()) {
                double v = (2 * rng.uniform(0, 32, ij) - 1) * bound;
                // Dale: the value clamped to the presynaptic sign, stored as W⁺ (relu(W⁺)·D gives the clamped value)
                w[ij] = spec.applyDale() ? (inh[ij % n] ? -v : v) : v;
            }
        }
        double[] wIn = uniform(rng, 30, n * spec.inputs(), spec.inputs());
        double[] wOut = uniform(rng, 31, spec.outputs() * n, n);
        double[] alpha = new double[n];
        if (spec.options().alpha() == AlphaMode.TRAINABLE_ALPHA) {
            java.util.Arrays.fill(alpha, 1.0 / spec.taus().min());
        }
        RateNetwork net = RateNetwork.unmasked(spec, w, wIn, wOut, new double[spec.outputs()], alpha, inh,
                RateNetwork.ones(n * n), new double[n]);
        if (spec.applyDale()) {
            Structure.balanceExcitationInhibition(net);
        }
        return net;
    }

    private static double[] uniform(RandomKey rng, int step, int count, int fanIn) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        double[] out = new double[count];
        for (int p = 0; p < count; p++) {
            out[p] = (2 * rng.uniform(0, step, p) - 1) * bound;
        }
        return out;
    }
}
