package org.eirnn.io;

import org.eirnn.InvalidInputException;
import org.eirnn.model.AlphaMode;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.OutputActivation;
import org.eirnn.model.Positivity;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.Regularisers;

import java.io.IOException;

import static org.eirnn.io.MatArrays.columnMajor;
import static org.eirnn.io.MatModelFile.PREFIX;

/**
 * The model family's variables of an eirnn model file (DESIGN "Files"), all double: the effective matrices under
 * pycog's names, so MATLAB or numpy can run the network without eirnn —
 * <pre>
 *   x_t = (1 − alpha) .* x_{t−1} + alpha .* (Wrec*f(x_{t−1}) + Win*u_{t−1} + brec) + noise,   z_t = g(Wout*f(x_t) + bout)
 * </pre>
 * with {@code Win} N×N_in, {@code Wrec} N×N, {@code Wout} N_out×N, {@code brec} N×1, {@code bout} N_out×1 and
 * {@code alpha} N×1; f is {@code activation}, g {@code eirnn_output_activation}, x_0 = {@code eirnn_x0_mean} (+ noise):
 * pycog's trained x0 (N×1) cannot be called {@code x0}, which spikeRNN's layout already uses for the recorded
 * T×N×1 trajectory; it is 0 for spikeRNN, whose x_0 is N(0, σ_0²) noise. Also the raw parameters and
 * masks ({@code eirnn_w_raw}, {@code eirnn_Crec}, {@code eirnn_Cin}, {@code eirnn_Cout}, {@code eirnn_Wrec_fixed},
 * {@code eirnn_Win_fixed}, {@code eirnn_Wout_fixed}), the presynaptic signs {@code ei} (+1 E, −1 I: pycog's name),
 * and the options by name.
 */
final class FamilyVariables {
    /** Names this class writes; the grid-search append and extras must not collide with them. */
    static final java.util.List<String> NAMES = java.util.List.of("Win", "Wrec", "Wout", "brec", "bout", "alpha",
            "ei");

    /** eirnn_ variables (without the prefix) this class writes and reads back; not extras. */
    static final java.util.Set<String> RESERVED = java.util.Set.of("x0_mean", "Crec", "Cin", "Cout", "Wrec_fixed",
            "Win_fixed", "Wout_fixed", "model", "output_activation", "positivity", "alpha_mode", "flags",
            "regularisers");

    private FamilyVariables() {
    }

    /**
     * The network of an eirnn file with the family's options, masks, fixed entries, b_rec and x0 restored, or
     * {@code net} itself for a file without them (spikeRNN's, or eirnn 0.1's).
     */
    static RateNetwork restore(MatVariables v, RateNetwork net) {
        if (!v.has(PREFIX + "model")) {
            return net;
        }
        NetworkSpec spec = net.spec.withOptions(options(v));
        int n = spec.n();
        int nIn = spec.inputs();
        int nOut = spec.outputs();
        return new RateNetwork(spec, net.w, net.wIn, net.wOut, net.bOut, net.tausGaus, net.inh,
                matrix(v, "Crec", n, n), matrix(v, "Cin", n, nIn), matrix(v, "Cout", nOut, n),
                matrix(v, "Wrec_fixed", n, n), matrix(v, "Win_fixed", n, nIn), matrix(v, "Wout_fixed", nOut, n),
                v.matrix("brec", n, 1, "N×1 recurrent biases"), v.matrix(PREFIX + "x0_mean", n, 1, "N×1"));
    }

    private static double[] matrix(MatVariables v, String name, int rows, int cols) {
        return v.matrix(PREFIX + name, rows, cols, rows + "×" + cols);
    }

    private static ModelOptions options(MatVariables v) {
        try {
            double[] f = v.matrix(PREFIX + "flags", 1, 6, "1×6 option flags");
            double[] r = v.dims(PREFIX + "regularisers").length == 2 && v.dims(PREFIX + "regularisers")[1] == 7
                    ? v.matrix(PREFIX + "regularisers", 1, 7, "1×7 penalty weights")
                    : v.matrix(PREFIX + "regularisers", 1, 10, "1×10 penalty weights");
            return new ModelOptions(Preset.parse(v.string(PREFIX + "model")),
                    OutputActivation.parse(v.string(PREFIX + "output_activation")),
                    Positivity.parse(v.string(PREFIX + "positivity")), f[0] != 0, f[1] != 0,
                    AlphaMode.parse(v.string(PREFIX + "alpha_mode")), f[2] != 0, f[3] != 0, f[4] != 0, f[5] != 0,
                    Regularisers.of(r));
        } catch (InvalidInputException e) {
            throw v.invalid(PREFIX + "model", "options are not valid: " + e.getMessage());
        }
    }

    /** The effective matrices, {@code ei} and {@code alpha}. */
    static void writeEffective(MatFileEncoder enc, RateNetwork net) throws IOException {
        NetworkSpec spec = net.spec;
        int n = spec.n();
        int nOut = spec.outputs();
        enc.dbl("Win", new int[] {n, spec.inputs()}, columnMajor(net.effectiveInput(), n));
        enc.dbl("Wrec", new int[] {n, n}, columnMajor(net.effectiveRecurrent(), n));
        enc.dbl("Wout", new int[] {nOut, n}, columnMajor(net.effectiveReadout(), nOut));
        enc.dbl("brec", new int[] {n, 1}, net.bRec);
        enc.dbl("bout", new int[] {nOut, 1}, net.bOut);
        enc.dbl("alpha", new int[] {n, 1}, net.alpha());
        double[] ei = new double[n];
        for (int i = 0; i < n; i++) {
            ei[i] = net.inh[i] ? -1 : 1;
        }
        enc.dbl("ei", new int[] {n, 1}, ei);
    }

    /** The raw family parameters, masks and options (eirnn_ prefix), so an import rebuilds the same network. */
    static void writeFamily(MatFileEncoder enc, RateNetwork net) throws IOException {
        NetworkSpec spec = net.spec;
        ModelOptions o = spec.options();
        int n = spec.n();
        int nIn = spec.inputs();
        int nOut = spec.outputs();
        enc.dbl(PREFIX + "x0_mean", new int[] {n, 1}, net.x0);
        enc.dbl(PREFIX + "Crec", new int[] {n, n}, columnMajor(net.somMask, n));
        enc.dbl(PREFIX + "Cin", new int[] {n, nIn}, columnMajor(net.cIn, n));
        enc.dbl(PREFIX + "Cout", new int[] {nOut, n}, columnMajor(net.cOut, nOut));
        enc.dbl(PREFIX + "Wrec_fixed", new int[] {n, n}, columnMajor(net.wFixed, n));
        enc.dbl(PREFIX + "Win_fixed", new int[] {n, nIn}, columnMajor(net.wInFixed, n));
        enc.dbl(PREFIX + "Wout_fixed", new int[] {nOut, n}, columnMajor(net.wOutFixed, nOut));
        enc.chars(PREFIX + "model", o.preset().flagName);
        enc.chars(PREFIX + "output_activation", o.output().flagName);
        enc.chars(PREFIX + "positivity", o.positivity().flagName);
        enc.chars(PREFIX + "alpha_mode", o.alpha().flagName);
        enc.dbl(PREFIX + "flags", new int[] {1, 6}, new double[] {o.positiveInputs() ? 1 : 0,
            o.daleReadout() ? 1 : 0, o.trainX0() ? 1 : 0, o.trainBRec() ? 1 : 0, o.trainBOut() ? 1 : 0,
            o.trainWIn() ? 1 : 0});
        var r = o.regularisers();
        enc.dbl(PREFIX + "regularisers", new int[] {1, 10}, r.values());
    }
}
