package org.eirnn.model;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;

/**
 * Connectivity constraints laid over a freshly drawn network (nn4n's masks, spec peers §3.2): which recurrent, input
 * and readout entries exist (C_rec, C_in, C_out, 0/1), each unit's E/I type and its area (or layer). Applying a
 * structure multiplies the preset's own masks (spikeRNN's P_rec draw, pycog's C) by these, zeroes the weights it
 * removes, and for song2016 rescales W_rec to pycog's spectral radius ρ0 again; the masks then hold through
 * training because masked entries get no gradient. Generated from {@link Areas} (Philox INIT stream, step 20) or
 * given as matrices (a .mat file).
 *
 * @param area      area (layer) of each unit, from 0
 * @param inh       inhibitory flag of each unit
 * @param cRec      N×N recurrent mask, post × pre, row-major
 * @param cIn       N×N_in input mask
 * @param cOut      N_out×N readout mask
 * @param areaTaus  initial τ (steps) of each area's units, or null to keep the draw's
 * @param balance   nn4n's global E/I balancing at initialisation
 */
public record Structure(int[] area, boolean[] inh, double[] cRec, double[] cIn, double[] cOut, double[] areaTaus,
                        boolean balance) {

    /** The masks of {@code areas} for a network of {@code spec}'s shape, drawn from (seed, network). */
    public static Structure generate(Areas areas, NetworkSpec spec, long seed, int network, double[] areaTaus,
                                     boolean balance) {
        int n = spec.n();
        int[] area = areas.areaOf(n);
        boolean[] inh = spec.applyDale() ? areas.inhibitory(area) : new boolean[n];
        RandomKey rng = new RandomKey(seed, network, RandomStream.INIT);
        double[] cRec = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double p = areas.density()[area[i]][area[j]];
                boolean ok = areas.allowed(area[i], area[j], inh[j], inh[i]) && rng.uniform(0, 20, i * n + j) < p;
                cRec[i * n + j] = ok ? 1 : 0;
            }
        }
        double[] cIn = new double[n * spec.inputs()];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < spec.inputs(); c++) {
                cIn[i * spec.inputs() + c] = areas.inputAreas()[area[i]] ? 1 : 0;
            }
        }
        double[] cOut = new double[spec.outputs() * n];
        for (int p = 0; p < cOut.length; p++) {
            int j = p % n;
            cOut[p] = areas.readoutAreas()[area[j]] && (areas.inhibitoryReadout() || !inh[j]) ? 1 : 0;
        }
        return new Structure(area, inh, cRec, cIn, cOut, areaTaus, balance);
    }

    /** The drawn network with these masks, E/I types and area τ laid over it. */
    public RateNetwork apply(RateNetwork drawn) {
        NetworkSpec spec = drawn.spec;
        requireShape(spec);
        RateNetwork net = drawn.copy();
        int n = spec.n();
        for (int p = 0; p < n * n; p++) {
            net.somMask[p] *= cRec[p];
            net.w[p] = cRec[p] == 0 ? 0 : net.w[p];
            net.wFixed[p] = cRec[p] == 0 ? 0 : net.wFixed[p];
        }
        mask(net.wIn, net.cIn, net.wInFixed, cIn);
        mask(net.wOut, net.cOut, net.wOutFixed, cOut);
        System.arraycopy(inh, 0, net.inh, 0, n);
        if (areaTaus != null) {
            initialTaus(net);
        }
        if (balance) {
            balanceExcitationInhibition(net);
        }
        if (spec.options().preset() == Preset.SONG2016) {
            SpectralRadius.rescale(net, spec.applyDale() ? 1.5 : 1.1);   // pycog's ρ0, after the masks
        }
        return net;
    }

    private void requireShape(NetworkSpec spec) {
        int n = spec.n();
        InvalidInputException.require(area.length == n && inh.length == n && cRec.length == n * n,
                () -> "the structure is for " + area.length + " units, the network has N=" + n);
        InvalidInputException.require(cIn.length == n * spec.inputs(),
                () -> "the input mask is " + cIn.length / n + " channels wide, the task has " + spec.inputs());
        InvalidInputException.require(cOut.length == n * spec.outputs(),
                () -> "the readout mask has " + cOut.length / n + " outputs, the task has " + spec.outputs());
        InvalidInputException.require(areaTaus == null || areaTaus.length == areas(),
                () -> "--area-taus has " + areaTaus.length + " values for " + areas() + " areas");
    }

    /** Number of areas. */
    public int areas() {
        int max = 0;
        for (int a : area) {
            max = Math.max(max, a + 1);
        }
        return max;
    }

    private static void mask(double[] w, double[] c, double[] fixed, double[] extra) {
        for (int p = 0; p < w.length; p++) {
            c[p] *= extra[p];
            w[p] = extra[p] == 0 ? 0 : w[p];
            fixed[p] = extra[p] == 0 ? 0 : fixed[p];
        }
    }

    /** taus_gaus so that each unit starts at its area's τ: logit((τ − min)/(max − min)) (spec kim2019 §2.2). */
    private void initialTaus(RateNetwork net) {
        DecayTaus taus = net.spec.taus();
        InvalidInputException.require(taus.trainable() && net.spec.options().alpha() == AlphaMode.TAUS,
                () -> "--area-taus needs trainable taus: give --decay_taus MIN MAX");
        for (int i = 0; i < net.n(); i++) {
            double tau = areaTaus[area[i]];
            InvalidInputException.require(tau > taus.min() && tau < taus.max(), () -> "area tau " + tau
                    + " is not valid: expected a value strictly inside --decay_taus " + taus.min() + " " + taus.max());
            double q = (tau - taus.min()) / (taus.max() - taus.min());
            net.tausGaus[i] = Math.log(q / (1 - q));
        }
    }

    /**
     * nn4n's E/I balancing (spec peers §3.2): the larger of the total excitatory and total |inhibitory| effective
     * recurrent weight is scaled down to the smaller (an entry counts as inhibitory when its effective weight is negative,
     * with or without Dale); if either total is zero, every weight is divided by 10.
     */
    static void balanceExcitationInhibition(RateNetwork net) {
        int n = net.n();
        double[] w = net.effectiveRecurrent();
        double exc = 0;
        double inhSum = 0;
        for (int p = 0; p < n * n; p++) {
            exc += w[p] > 0 ? w[p] : 0;
            inhSum += w[p] < 0 ? -w[p] : 0;
        }
        boolean degenerate = exc == 0 || inhSum == 0;
        for (int p = 0; p < n * n; p++) {
            double scale = degenerate ? 0.1 : w[p] < 0 ? Math.min(1, exc / inhSum) : Math.min(1, inhSum / exc);
            net.w[p] *= scale;
            net.wFixed[p] *= scale;
        }
    }
}
