package org.eirnn.model;

import org.eirnn.InvalidInputException;
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
 *   <li>W_in, W_out ~ 0.1·U(−c, c) per entry of scale c (c = 1 by default), made non-negative under Dale;
 *       C_out = 1 on excitatory units only when the readout
 *       is Dale-signed (pycog's examples read out from E units);</li>
 *   <li>then the recurrent weights are rescaled to spectral radius ρ0 = 1.5 with Dale, 1.1 without.</li>
 * </ul>
 * A task may give its own C_in, C_rec and C_out values ({@link PycogConnectivity}); they replace the defaults as
 * masks and initial scales. Counter "step" values: 10 w_in, 11 w_out, 12 recurrent values (13 their second exponential).
 */
final class PycogInit {
    private PycogInit() {
    }

    static RateNetwork draw(NetworkSpec spec, long seed, int network) {
        return draw(spec, seed, network, PycogConnectivity.DEFAULT);
    }

    /** The draw with a task's C_in, C_rec and C_out values as masks and initial scales (null: pycog's defaults). */
    static RateNetwork draw(NetworkSpec spec, long seed, int network, PycogConnectivity structure) {
        RandomKey rng = new RandomKey(seed, network, RandomStream.INIT);
        int n = spec.n();
        boolean dale = spec.applyDale();
        boolean[] inh = new boolean[n];
        int excitatory = dale ? (int) Math.floor((1 - spec.pInh()) * n) : n;
        for (int i = excitatory; i < n; i++) {
            inh[i] = true;
        }
        double[] c = structure.cRec() != null ? checked("C_rec", structure.cRec(), n * n)
                : balancedConnectivity(n, inh, dale);
        double[] w = new double[n * n];
        for (int ij = 0; ij < n * n; ij++) {
            w[ij] = c[ij] == 0 ? 0 : dale ? gamma2(rng, ij) * 0.1 * c[ij] / 2 : rng.normal(0, 12, ij) * c[ij];
        }
        double[] cIn = structure.cIn() != null ? checked("C_in", structure.cIn(), n * spec.inputs())
                : RateNetwork.ones(n * spec.inputs());
        double[] cOut = structure.cOut() != null ? checked("C_out", structure.cOut(), spec.outputs() * n)
                : defaultReadout(spec, inh);
        double[] wIn = uniform(rng, 10, cIn, dale && spec.options().positiveInputs());
        double[] wOut = uniform(rng, 11, cOut, dale && spec.options().daleReadout());
        double[] alphaParameter = new double[n];
        if (spec.options().alpha() == AlphaMode.TRAINABLE_ALPHA) {
            Arrays.fill(alphaParameter, 1.0 / spec.taus().min());
        }
        double[] x0 = new double[n];
        Arrays.fill(x0, spec.options().trainX0() ? 0.1 : 0.0);
        RateNetwork net = new RateNetwork(spec, w, wIn, wOut, new double[spec.outputs()], alphaParameter, inh,
                nonZero(c), nonZero(cIn), nonZero(cOut), new double[n * n], new double[wIn.length],
                new double[wOut.length], new double[n], x0);
        SpectralRadius.rescale(net, dale ? 1.5 : 1.1);
        return net;
    }

    /** C_out = 1 on excitatory units only when the readout is Dale-signed (pycog's examples read out from E units). */
    private static double[] defaultReadout(NetworkSpec spec, boolean[] inh) {
        int n = spec.n();
        double[] cOut = new double[spec.outputs() * n];
        for (int p = 0; p < cOut.length; p++) {
            cOut[p] = spec.options().daleReadout() && inh[p % n] ? 0 : 1;
        }
        return cOut;
    }

    private static double[] checked(String name, double[] c, int expected) {
        InvalidInputException.require(c.length == expected,
                () -> name + " has " + c.length + " entries, expected " + expected);
        return c;
    }

    /** The plastic mask of a connectivity: 1 where its value is nonzero. */
    private static double[] nonZero(double[] c) {
        double[] m = new double[c.length];
        for (int p = 0; p < c.length; p++) {
            m[p] = c[p] != 0 ? 1 : 0;
        }
        return m;
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

    /** 0.1·U(−c, c) per entry of scale c (0 where c is 0), made non-negative when {@code positive}. */
    private static double[] uniform(RandomKey rng, int step, double[] c, boolean positive) {
        double[] out = new double[c.length];
        for (int p = 0; p < c.length; p++) {
            double v = c[p] == 0 ? 0 : 0.1 * c[p] * (2 * rng.uniform(0, step, p) - 1);
            out[p] = positive ? Math.abs(v) : v;
        }
        return out;
    }

    /** Gamma(2, 1) as the sum of two exponentials. */
    private static double gamma2(RandomKey rng, int ij) {
        return -Math.log(rng.uniform(0, 12, ij)) - Math.log(rng.uniform(0, 13, ij));
    }
}
