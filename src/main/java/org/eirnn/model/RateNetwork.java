package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Arrays;

/**
 * The parameters of one network of the rate model family (DESIGN "One model family"), in double precision,
 * row-major: {@code w[i*N + j]} is the weight from pre-synaptic unit j to post-synaptic unit i,
 * {@code wIn[i*N_in + c]}, {@code wOut[c*N + i]}.
 *
 * <p>The effective matrices are W_rec = φ(w ⊙ C_rec + W_fixed)·D, W_in = φ_in(w_in ⊙ C_in + W_in,fixed),
 * W_out = φ_out(w_out ⊙ C_out + W_out,fixed)·D_out ({@link ModelOptions} says which φ apply). spikeRNN's network
 * (spec kim2019 §2.1 item 7, W_rec = (relu(w)·m) ⊙ som_m) is the case C_rec = som_m, no fixed entries, C_in = C_out
 * = 1, b_rec = x0 = 0.
 *
 * <p>Trainable (as {@link ModelOptions} says): {@code w}, {@code wOut}, {@code bOut}, {@code tausGaus} (τ's or α's
 * parameter, {@link AlphaMode}), and optionally {@code wIn}, {@code bRec}, {@code x0}. Fixed: the masks, the fixed
 * entries and the E/I assignment {@code inh}. Arrays are owned by this object; engines copy them.
 */
public final class RateNetwork {
    public final NetworkSpec spec;
    /** N×N raw recurrent weights W⁺. */
    public final double[] w;
    /** N×N_in raw input weights. */
    public final double[] wIn;
    /** N_out×N raw readout. */
    public final double[] wOut;
    /** N_out output biases. */
    public final double[] bOut;
    /** N×1 time-constant parameter (pre-sigmoid τ parameter, or α itself; see {@link AlphaMode}). */
    public final double[] tausGaus;
    /** N×1 inhibitory flags; D_jj = −1 where inh[j] (and Dale is on). */
    public final boolean[] inh;
    /** N×N plastic mask C_rec (spikeRNN's SOM mask: 0 at (SOM row, inhibitory column), 1 elsewhere). */
    public final double[] somMask;
    /** N×N_in input mask C_in. */
    public final double[] cIn;
    /** N_out×N readout mask C_out. */
    public final double[] cOut;
    /** N×N fixed recurrent entries W_fixed (on entries where C_rec is 0). */
    public final double[] wFixed;
    /** N×N_in fixed input entries. */
    public final double[] wInFixed;
    /** N_out×N fixed readout entries. */
    public final double[] wOutFixed;
    /** N recurrent biases b_rec. */
    public final double[] bRec;
    /** N initial state x0 (the mean of x_0; spikeRNN: 0). */
    public final double[] x0;

    /** A network of the family; every array is checked against the spec's shapes. */
    public RateNetwork(NetworkSpec spec, double[] w, double[] wIn, double[] wOut, double[] bOut, double[] tausGaus,
                       boolean[] inh, double[] somMask, double[] cIn, double[] cOut, double[] wFixed,
                       double[] wInFixed, double[] wOutFixed, double[] bRec, double[] x0) {
        int n = spec.n();
        int nIn = spec.inputs();
        int nOut = spec.outputs();
        check("w", w.length, n * n);
        check("w_in", wIn.length, n * nIn);
        check("w_out", wOut.length, nOut * n);
        check("b_out", bOut.length, nOut);
        check("taus_gaus", tausGaus.length, n);
        check("inh", inh.length, n);
        check("som_m", somMask.length, n * n);
        check("C_in", cIn.length, n * nIn);
        check("C_out", cOut.length, nOut * n);
        check("W_fixed", wFixed.length, n * n);
        check("W_in_fixed", wInFixed.length, n * nIn);
        check("W_out_fixed", wOutFixed.length, nOut * n);
        check("b_rec", bRec.length, n);
        check("x0", x0.length, n);
        this.spec = spec;
        this.w = w;
        this.wIn = wIn;
        this.wOut = wOut;
        this.bOut = bOut;
        this.tausGaus = tausGaus;
        this.inh = inh;
        this.somMask = somMask;
        this.cIn = cIn;
        this.cOut = cOut;
        this.wFixed = wFixed;
        this.wInFixed = wInFixed;
        this.wOutFixed = wOutFixed;
        this.bRec = bRec;
        this.x0 = x0;
    }

    /** A spikeRNN network (spec kim2019 §2.1): one output, all-ones input and readout masks, no fixed entries. */
    public RateNetwork(NetworkSpec spec, double[] w, double[] wIn, double[] wOut, double bOut,
                       double[] tausGaus, boolean[] inh, double[] somMask) {
        this(spec, w, wIn, wOut, new double[] {bOut}, tausGaus, inh, somMask, ones(wIn.length), ones(wOut.length),
                new double[w.length], new double[wIn.length], new double[wOut.length], new double[spec.n()],
                new double[spec.n()]);
    }

    /**
     * A network of the family in spikeRNN's form of it: all-ones input and readout masks, no fixed entries, b_rec = 0
     * (what a fresh spikeRNN-style draw is before any option changes it).
     */
    public static RateNetwork unmasked(NetworkSpec spec, double[] w, double[] wIn, double[] wOut, double[] bOut,
                                       double[] tausGaus, boolean[] inh, double[] somMask, double[] x0) {
        return new RateNetwork(spec, w, wIn, wOut, bOut, tausGaus, inh, somMask, ones(wIn.length), ones(wOut.length),
                new double[w.length], new double[wIn.length], new double[wOut.length], new double[spec.n()], x0);
    }

    static double[] ones(int length) {
        double[] a = new double[length];
        Arrays.fill(a, 1.0);
        return a;
    }

    private static void check(String name, int got, int expected) {
        InvalidInputException.require(got == expected,
                () -> name + " has " + got + " elements, expected " + expected);
    }

    public int n() {
        return spec.n();
    }

    /** The diagonal of D (spec kim2019 §2.1 item 4): −1 for inhibitory units when Dale is on, else +1. */
    public double sign(int j) {
        return spec.applyDale() && inh[j] ? -1.0 : 1.0;
    }

    /** φ of the recurrent matrix: the positivity function under Dale's principle, identity without. */
    public Positivity recurrentPositivity() {
        return spec.applyDale() ? spec.options().positivity() : Positivity.NONE;
    }

    /** φ_in: the positivity function when Dale and positive inputs are on. */
    public Positivity inputPositivity() {
        return spec.applyDale() && spec.options().positiveInputs() ? spec.options().positivity() : Positivity.NONE;
    }

    /** φ_out: the positivity function when Dale and a Dale readout are on. */
    public Positivity readoutPositivity() {
        return spec.applyDale() && spec.options().daleReadout() ? spec.options().positivity() : Positivity.NONE;
    }

    /**
     * spikeRNN's {@code w} variable (spec kim2019 §2.7): the raw weight through φ, before mask and sign (relu(w) with
     * Dale, raw w without).
     */
    public double positiveWeight(int index) {
        return recurrentPositivity().apply(w[index]);
    }

    /** W_rec = φ(w ⊙ C_rec + W_fixed)·D, N×N row-major (spikeRNN: (relu(w)·m) ⊙ som_m). */
    public double[] effectiveRecurrent() {
        int n = n();
        Positivity phi = recurrentPositivity();
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int ij = i * n + j;
                out[ij] = phi.apply(w[ij] * somMask[ij] + wFixed[ij]) * sign(j);
            }
        }
        return out;
    }

    /** W_in = φ_in(w_in ⊙ C_in + W_in,fixed), N×N_in row-major. */
    public double[] effectiveInput() {
        Positivity phi = inputPositivity();
        double[] out = new double[wIn.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = phi.apply(wIn[p] * cIn[p] + wInFixed[p]);
        }
        return out;
    }

    /** W_out = φ_out(w_out ⊙ C_out + W_out,fixed)·D_out, N_out×N row-major. */
    public double[] effectiveReadout() {
        Positivity phi = readoutPositivity();
        boolean signed = phi != Positivity.NONE;
        int n = n();
        double[] out = new double[wOut.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = phi.apply(wOut[p] * cOut[p] + wOutFixed[p]) * (signed ? sign(p % n) : 1.0);
        }
        return out;
    }

    /** Per-unit α = Δt/τ ({@link AlphaMode}): 1/τ from the taus, or the trained α itself. */
    public double[] alpha() {
        double[] out = new double[n()];
        for (int i = 0; i < out.length; i++) {
            out[i] = spec.options().alpha() == AlphaMode.TRAINABLE_ALPHA ? tausGaus[i]
                    : 1.0 / spec.taus().tau(tausGaus[i]);
        }
        return out;
    }

    /** Per-unit τ in steps (spec kim2019 §2.2; 1/α when α is trained). */
    public double[] tau() {
        boolean alphaTrained = spec.options().alpha() == AlphaMode.TRAINABLE_ALPHA;
        double[] out = new double[n()];
        for (int i = 0; i < out.length; i++) {
            out[i] = alphaTrained ? 1.0 / tausGaus[i] : spec.taus().tau(tausGaus[i]);
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

    /** The same parameters under another spec of the same shapes (e.g. other model options). */
    public RateNetwork withSpec(NetworkSpec other) {
        return new RateNetwork(other, w.clone(), wIn.clone(), wOut.clone(), bOut.clone(), tausGaus.clone(),
                inh.clone(), somMask.clone(), cIn.clone(), cOut.clone(), wFixed.clone(), wInFixed.clone(),
                wOutFixed.clone(), bRec.clone(), x0.clone());
    }

    /** A deep copy (arrays duplicated). */
    public RateNetwork copy() {
        return withSpec(spec);
    }

    /** Bitwise equality of every parameter; used by round-trip tests. */
    public boolean sameParameters(RateNetwork o) {
        return spec.equals(o.spec) && Arrays.equals(w, o.w) && Arrays.equals(wIn, o.wIn)
                && Arrays.equals(wOut, o.wOut) && Arrays.equals(bOut, o.bOut)
                && Arrays.equals(tausGaus, o.tausGaus) && Arrays.equals(inh, o.inh)
                && Arrays.equals(somMask, o.somMask) && Arrays.equals(cIn, o.cIn) && Arrays.equals(cOut, o.cOut)
                && Arrays.equals(wFixed, o.wFixed) && Arrays.equals(wInFixed, o.wInFixed)
                && Arrays.equals(wOutFixed, o.wOutFixed) && Arrays.equals(bRec, o.bRec) && Arrays.equals(x0, o.x0);
    }
}
