package org.eirnn.model;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;

import java.util.Arrays;

/**
 * Draws a fresh network as spikeRNN's FR_RNN_dale does (spec §2.1), from the Philox INIT stream keyed by
 * (seed, network) so that every member of an ensemble is independent and reproducible. The distributions
 * are spikeRNN's; the bits are ours (numpy's global RNG cannot be reproduced and is not meant to be).
 *
 * <p>Networks with several outputs draw w_out row by row in the same way; with a trained α (nn4n's learn_alpha) α
 * starts at 1/τ, a trained x0 at 0.1 (pycog). The song2016 preset draws pycog's initialisation instead
 * ({@link PycogInit}); nn4n's rescales this draw to spectral radius 1.5 with Dale, 1.1 without
 * ({@link SpectralRadius}); nn4n's own uniform draw is not implemented yet.
 *
 * <p>Counter "step" values separate the draws: 0 w_in, 1 w_out, 2 E/I, 3 connectivity, 4 weight values,
 * 5 taus_gaus, 6 gamma shape.
 */
public final class NetworkInit {
    private NetworkInit() {
    }

    /**
     * A song2016 network with a task's connection structure (pycog's tasks, spec peers §1.7); other presets have no
     * such structure and draw as {@link #draw(NetworkSpec, long, int)}.
     */
    public static RateNetwork draw(NetworkSpec spec, long seed, int network, PycogConnectivity structure) {
        return spec.options().preset() == Preset.SONG2016 ? PycogInit.draw(spec, seed, network, structure)
                : draw(spec, seed, network);
    }

    public static RateNetwork draw(NetworkSpec spec, long seed, int network) {
        if (spec.options().preset() == Preset.SONG2016) {
            return PycogInit.draw(spec, seed, network);
        }
        RandomKey rng = new RandomKey(seed, network, RandomStream.INIT);
        int n = spec.n();
        int nIn = spec.inputs();

        double[] wIn = new double[n * nIn];
        for (int k = 0; k < wIn.length; k++) {
            wIn[k] = rng.normal(0, 0, k);
        }
        double[] wOut = new double[spec.outputs() * n];
        for (int ci = 0; ci < wOut.length; ci++) {
            wOut[ci] = rng.normal(0, 1, ci) / 100.0;
        }

        boolean[] inh = new boolean[n];
        if (spec.applyDale()) {
            for (int i = 0; i < n; i++) {
                inh[i] = rng.uniform(0, 2, i) < spec.pInh();
            }
        }
        double[] somMask = somMask(n, inh, spec.somN());

        double[] w = new double[n * n];
        double scale = spec.wDist() == WeightDistribution.GAUS ? spec.gain() / Math.sqrt(n * spec.pRec()) : 1.0;
        for (int ij = 0; ij < n * n; ij++) {
            if (rng.uniform(0, 3, ij) < spec.pRec()) {
                double value = spec.wDist() == WeightDistribution.GAUS
                        ? rng.normal(0, 4, ij) * scale
                        : gammaShape2(rng, ij) * 0.003;
                w[ij] = spec.applyDale() ? Math.abs(value) : value;
            }
        }

        double[] tausGaus = new double[n];
        for (int i = 0; i < n; i++) {
            tausGaus[i] = spec.options().alpha() == AlphaMode.TRAINABLE_ALPHA ? 1.0 / spec.taus().min()
                    : rng.normal(0, 5, i);
        }
        RateNetwork net = RateNetwork.unmasked(spec, w, wIn, wOut, new double[spec.outputs()], tausGaus, inh,
                somMask, initialX0(spec));
        if (spec.options().preset() != Preset.SPIKERNN) {
            SpectralRadius.rescale(net, spec.applyDale() ? 1.5 : 1.1);
        }
        return net;
    }

    /** pycog starts a trained x0 at 0.1 (spec peers §1.3); spikeRNN's x0 is 0 (its x_0 is noise). */
    private static double[] initialX0(NetworkSpec spec) {
        double[] x0 = new double[spec.n()];
        if (spec.options().trainX0()) {
            Arrays.fill(x0, 0.1);
        }
        return x0;
    }

    /** Gamma(2, 1) as the sum of two exponentials. */
    private static double gammaShape2(RandomKey rng, int ij) {
        return -Math.log(rng.uniform(0, 4, ij)) - Math.log(rng.uniform(0, 6, ij));
    }

    /**
     * The SOM mask of spec §2.1 item 5: SOM units are the first somN inhibitory units in index order; their rows
     * are 0 in every inhibitory column. As in spikeRNN ({@code np.where(inh)[0][:som_N]}), a network with fewer
     * inhibitory units than somN makes all of them SOM units, and one without (no Dale) has none.
     */
    public static double[] somMask(int n, boolean[] inh, int somN) {
        double[] mask = new double[n * n];
        Arrays.fill(mask, 1.0);
        int found = 0;
        for (int i = 0; i < n && found < somN; i++) {
            if (!inh[i]) {
                continue;
            }
            found++;
            for (int j = 0; j < n; j++) {
                if (inh[j]) {
                    mask[i * n + j] = 0.0;
                }
            }
        }
        return mask;
    }
}
