package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Arrays;

/**
 * The parameters of one spikeRNN rate network (spec §2.1), in double precision, row-major:
 * {@code w[i*N + j]} is the weight from pre-synaptic unit j to post-synaptic unit i.
 *
 * <p>Trainable: {@code w} (raw, relu applied in the forward pass when Dale is on), {@code wOut}, {@code bOut},
 * {@code tausGaus} (when the taus are a range). Fixed: {@code wIn}, the E/I assignment ({@code inh}, giving the
 * diagonal sign matrix m) and the SOM mask. Arrays are owned by this object; engines copy them.
 */
public final class RateNetwork {
    public final NetworkSpec spec;
    /** N×N raw recurrent weights. */
    public final double[] w;
    /** N×N_in input weights. */
    public final double[] wIn;
    /** 1×N readout. */
    public final double[] wOut;
    public double bOut;
    /** N×1 raw time-constant parameter (pre-sigmoid). */
    public final double[] tausGaus;
    /** N×1 inhibitory flags; m_jj = −1 where inh[j] (and Dale is on). */
    public final boolean[] inh;
    /** N×N SOM mask, 0 at (SOM row, inhibitory column), 1 elsewhere. */
    public final double[] somMask;

    public RateNetwork(NetworkSpec spec, double[] w, double[] wIn, double[] wOut, double bOut,
                       double[] tausGaus, boolean[] inh, double[] somMask) {
        int n = spec.n();
        check("w", w.length, n * n);
        check("w_in", wIn.length, n * spec.inputs());
        check("w_out", wOut.length, n);
        check("taus_gaus", tausGaus.length, n);
        check("inh", inh.length, n);
        check("som_m", somMask.length, n * n);
        this.spec = spec;
        this.w = w;
        this.wIn = wIn;
        this.wOut = wOut;
        this.bOut = bOut;
        this.tausGaus = tausGaus;
        this.inh = inh;
        this.somMask = somMask;
    }

    private static void check(String name, int got, int expected) {
        InvalidInputException.require(got == expected,
                () -> name + " has " + got + " elements, expected " + expected);
    }

    public int n() {
        return spec.n();
    }

    /** The diagonal of m (spec §2.1 item 4): −1 for inhibitory units when Dale is on, else +1. */
    public double sign(int j) {
        return spec.applyDale() && inh[j] ? -1.0 : 1.0;
    }

    /** The recurrent weight as the forward pass sees it before sign and mask: relu(w) with Dale, raw w without. */
    public double positiveWeight(int index) {
        return spec.applyDale() ? Math.max(w[index], 0.0) : w[index];
    }

    /** W_rec = (relu(w)·m) ⊙ som_m (spec §2.1 item 7), N×N row-major. */
    public double[] effectiveRecurrent() {
        int n = n();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int ij = i * n + j;
                out[ij] = positiveWeight(ij) * sign(j) * somMask[ij];
            }
        }
        return out;
    }

    /** Per-unit τ in steps (spec §2.2). */
    public double[] tau() {
        double[] out = new double[n()];
        for (int i = 0; i < out.length; i++) {
            out[i] = spec.taus().tau(tausGaus[i]);
        }
        return out;
    }

    public int inhibitoryCount() {
        int c = 0;
        for (boolean b : inh) {
            c += b ? 1 : 0;
        }
        return c;
    }

    /** A deep copy (arrays duplicated). */
    public RateNetwork copy() {
        return new RateNetwork(spec, w.clone(), wIn.clone(), wOut.clone(), bOut, tausGaus.clone(), inh.clone(),
                somMask.clone());
    }

    /** Bitwise equality of every parameter; used by round-trip tests. */
    public boolean sameParameters(RateNetwork o) {
        return spec.equals(o.spec) && Arrays.equals(w, o.w) && Arrays.equals(wIn, o.wIn)
                && Arrays.equals(wOut, o.wOut) && Double.compare(bOut, o.bOut) == 0
                && Arrays.equals(tausGaus, o.tausGaus) && Arrays.equals(inh, o.inh)
                && Arrays.equals(somMask, o.somMask);
    }
}
