package org.eirnn.model;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;

import java.util.Arrays;

/**
 * pycog's initialisation (spec peers §1.2–1.3) for the song2016 preset, drawn from eirnn's Philox INIT stream
 * (the distributions are pycog's, the bits are ours):
 * <ul>
 *   <li>E/I by index: the first ⌊(1 − P_inh)·N⌋ units are excitatory (pycog's pE = 0.8);</li>
 *   <li>the default recurrent connectivity: all-to-all without self-connections; with Dale, each row's inhibitory
 *       entries scaled by (#E inputs)/(#I inputs) so that the row is mean-balanced, then every row normalised to unit
 *       L2 norm. These values are the initial scales c; the plastic mask C_rec is 1 where c ≠ 0;</li>
 *   <li>W⁺_rec ~ Gamma(k = 2, θ = 0.1·c/2) with Dale (mean 0.1·c), N(0, c²) without;</li>
 *   <li>W_in, W_out ~ 0.1·U(−1, 1), made non-negative under Dale; C_out = 1 on excitatory units only when the readout
 *       is Dale-signed (pycog's examples read out from E units);</li>
 *   <li>then the recurrent weights are rescaled to spectral radius ρ0 = 1.5 with Dale, 1.1 without.</li>
 * </ul>
 * Counter "step" values: 10 w_in, 11 w_out, 12 recurrent values (13 their second exponential).
 */
final class PycogInit {
    private PycogInit() {
    }

    static RateNetwork draw(NetworkSpec spec, long seed, int network) {
        RandomKey rng = new RandomKey(seed, network, RandomStream.INIT);
        int n = spec.n();
        boolean dale = spec.applyDale();
        boolean[] inh = new boolean[n];
        int excitatory = dale ? (int) Math.floor((1 - spec.pInh()) * n) : n;
        for (int i = excitatory; i < n; i++) {
            inh[i] = true;
        }
        double[] c = balancedConnectivity(n, inh, dale);
        double[] w = new double[n * n];
        double[] plastic = new double[n * n];
        for (int ij = 0; ij < n * n; ij++) {
            plastic[ij] = c[ij] != 0 ? 1 : 0;
            w[ij] = c[ij] == 0 ? 0 : dale ? gamma2(rng, ij) * 0.1 * c[ij] / 2 : rng.normal(0, 12, ij) * c[ij];
        }
        double[] wIn = uniform(rng, 10, n * spec.inputs(), dale && spec.options().positiveInputs());
        double[] wOut = uniform(rng, 11, spec.outputs() * n, dale && spec.options().daleReadout());
        double[] cOut = new double[wOut.length];
        for (int p = 0; p < cOut.length; p++) {
            cOut[p] = spec.options().daleReadout() && inh[p % n] ? 0 : 1;
        }
        double[] alphaParameter = new double[n];
        if (spec.options().alpha() == AlphaMode.TRAINABLE_ALPHA) {
            Arrays.fill(alphaParameter, 1.0 / spec.taus().min());
        }
        double[] x0 = new double[n];
        Arrays.fill(x0, spec.options().trainX0() ? 0.1 : 0.0);
        RateNetwork net = new RateNetwork(spec, w, wIn, wOut, new double[spec.outputs()], alphaParameter, inh, plastic,
                RateNetwork.ones(wIn.length), cOut, new double[n * n], new double[wIn.length], new double[wOut.length],
                new double[n], x0);
        SpectralRadius.rescale(net, dale ? 1.5 : 1.1);
        return net;
    }

    /** pycog's default C_rec: all-to-all without autapses, rows E/I-balanced and of unit L2 norm (values = scales). */
    static double[] balancedConnectivity(int n, boolean[] inh, boolean dale) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            int e = 0;
            int in = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    e += inh[j] ? 0 : 1;
                    in += inh[j] ? 1 : 0;
                }
            }
            double inhScale = dale && in > 0 ? (double) e / in : 1.0;
            double norm2 = 0;
            for (int j = 0; j < n; j++) {
                c[i * n + j] = j == i ? 0 : inh[j] && dale ? inhScale : 1.0;
                norm2 += c[i * n + j] * c[i * n + j];
            }
            for (int j = 0; j < n && norm2 > 0; j++) {
                c[i * n + j] /= Math.sqrt(norm2);
            }
        }
        return c;
    }

    private static double[] uniform(RandomKey rng, int step, int count, boolean positive) {
        double[] out = new double[count];
        for (int p = 0; p < count; p++) {
            double v = 0.1 * (2 * rng.uniform(0, step, p) - 1);
            out[p] = positive ? Math.abs(v) : v;
        }
        return out;
    }

    /** Gamma(2, 1) as the sum of two exponentials. */
    private static double gamma2(RandomKey rng, int ij) {
        return -Math.log(rng.uniform(0, 12, ij)) - Math.log(rng.uniform(0, 13, ij));
    }
}
