package org.eirnn.io;

import org.eirnn.io.ModelRecord.GridSearchResult;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.eirnn.io.MatArrays.columnMajor;
import static org.eirnn.io.MatModelFile.PREFIX;

/**
 * The variables of an eirnn model file: spec §2.7's table in its order, names, shapes and classes (single for what
 * TensorFlow computed, double for u, target, losses, taus and the evaluation figures, logical exc/inh, int64 N,
 * som_N, tr, char activation), then eirnn's own variables.
 *
 * <p>Exactness: the table stores weights in single precision and w as relu(w) when Dale is on. Where that loses
 * information about the network (CPU-engine doubles, negative raw weights), the exact double values are added as
 * {@code eirnn_exact_<name>}, so export → import returns the same network bit for bit while MATLAB scripts see the
 * reference's variables.
 */
final class ModelFileWriter {
    static final List<String> SPIKERNN_NAMES = List.of("x0", "r0", "w0", "taus_gaus0", "w_in0", "u", "o", "w", "x",
            "r", "target", "w_out", "m", "som_m", "N", "exc", "inh", "w_in", "b_out", "som_N", "losses", "taus",
            "eval_perf_mean", "eval_loss_mean", "eval_os", "eval_labels", "taus_gaus", "tr", "activation");

    /** eirnn variables with a fixed meaning; {@link ModelRecord#extras()} may not use these keys. */
    static final Set<String> RESERVED_EXTRAS = Set.of("task", "P_inh", "P_rec", "gain", "w_dist", "apply_dale",
            "w_out0", "b_out0", "version", "end");
    static final String EXACT = "exact_";
    private static final int[] SCALAR = {1, 1};

    private ModelFileWriter() {
    }

    /** Writes every variable of {@code rec}: the spec table's, the grid search's if present, then eirnn's. */
    static void write(ModelRecord rec, MatFileEncoder enc) throws IOException {
        RateNetwork net = rec.network();
        RateNetwork init = rec.initial();
        NetworkSpec spec = net.spec;
        int n = spec.n();
        int nIn = spec.inputs();
        int steps = rec.steps();
        Exact exact = new Exact();

        trajectory(enc, "x0", rec.x0(), n);
        trajectory(enc, "r0", rec.r0(), n);
        exact.single(enc, "w0", n, n, forwardWeights(init), init.w);
        exact.single(enc, "taus_gaus0", n, 1, init.tausGaus, init.tausGaus);
        exact.single(enc, "w_in0", n, nIn, init.wIn, init.wIn);
        double[] u = orEmpty(rec.u());
        enc.dbl("u", new int[] {nIn, nIn == 0 ? steps : u.length / nIn}, columnMajor(u, nIn));   // sinewave: N_in 0
        double[] o = orEmpty(rec.o());
        enc.single("o", new int[] {o.length, 1, 1}, o);
        exact.single(enc, "w", n, n, forwardWeights(net), net.w);
        trajectory(enc, "x", rec.x(), n);
        trajectory(enc, "r", rec.r(), n);
        double[] target = orEmpty(rec.target());
        enc.dbl("target", new int[] {1, target.length}, target);
        exact.single(enc, "w_out", spec.outputs(), n, net.wOut, net.wOut);
        enc.single("m", new int[] {n, n}, columnMajor(signMatrix(net), n));
        // spikeRNN's SOM mask; a family network's other plastic-mask zeros are in eirnn_Crec (FamilyVariables)
        double[] som = org.eirnn.model.NetworkInit.somMask(n, net.inh, spec.somN());
        enc.single("som_m", new int[] {n, n}, columnMajor(spec.applyDale() ? som : net.somMask, n));
        enc.int64("N", n);
        boolean[] exc = new boolean[n];
        for (int i = 0; i < n; i++) {
            exc[i] = !net.inh[i];
        }
        enc.logical("exc", new int[] {n, 1}, exc);
        enc.logical("inh", new int[] {n, 1}, net.inh);
        exact.single(enc, "w_in", n, nIn, net.wIn, net.wIn);
        exact.single(enc, "b_out", spec.outputs(), 1, net.bOut, net.bOut);
        enc.int64("som_N", spec.somN());
        double[] losses = orEmpty(rec.losses());
        enc.dbl("losses", new int[] {1, losses.length}, losses);
        double[] taus = spec.taus().asArray();
        enc.dbl("taus", new int[] {1, taus.length}, taus);
        enc.dbl("eval_perf_mean", SCALAR, new double[] {rec.evalPerfMean()});
        enc.dbl("eval_loss_mean", SCALAR, new double[] {rec.evalLossMean()});
        int trials = rec.evalLabels() == null ? 0 : rec.evalLabels().length;
        double[] evalOs = orEmpty(rec.evalOutputs());
        require(evalOs.length == trials * (steps - 1),
                "eval_os has " + evalOs.length + " values, expected " + trials + " trials × (T−1)");
        enc.dbl("eval_os", new int[] {trials, steps - 1}, columnMajor(evalOs, trials));
        evalLabels(enc, rec, trials);
        exact.single(enc, "taus_gaus", n, 1, net.tausGaus, net.tausGaus);
        enc.int64("tr", rec.lastTrial());
        enc.chars("activation", spec.activation().spikeRnnName);

        GridSearchResult grid = rec.grid();
        if (grid != null) {
            writeGrid(enc, grid);
        }

        enc.chars(PREFIX + "version", Version.current());
        if (rec.task() != null) {
            enc.chars(PREFIX + "task", rec.task());
        }
        enc.dbl(PREFIX + "P_inh", SCALAR, new double[] {spec.pInh()});
        enc.dbl(PREFIX + "P_rec", SCALAR, new double[] {spec.pRec()});
        enc.dbl(PREFIX + "gain", SCALAR, new double[] {spec.gain()});
        enc.chars(PREFIX + "w_dist", spec.wDist().name().toLowerCase(java.util.Locale.ROOT));
        enc.logical(PREFIX + "apply_dale", SCALAR, new boolean[] {spec.applyDale()});
        enc.dbl(PREFIX + "w_out0", new int[] {spec.outputs(), n}, columnMajor(init.wOut, spec.outputs()));
        enc.dbl(PREFIX + "b_out0", new int[] {spec.outputs(), 1}, init.bOut);
        FamilyVariables.writeEffective(enc, net);
        FamilyVariables.writeFamily(enc, net);
        exact.writeCopies(enc);
        if (rec.extras() != null) {
            for (Map.Entry<String, Object> e : rec.extras().entrySet()) {
                extra(enc, e.getKey(), e.getValue());
            }
        }
        enc.logical(PREFIX + "end", SCALAR, new boolean[] {true}); // a file cut at a variable boundary lacks it
    }

    /**
     * The grid-search variables of spec §5: opt_scaling_factor 1×1, all_perfs n×1, scaling_factors 1×n (double); the
     * last two only once the search has finished.
     */
    static void writeGrid(MatFileEncoder enc, GridSearchResult grid) throws IOException {
        enc.dbl("opt_scaling_factor", SCALAR, new double[] {grid.optScalingFactor()});
        if (grid.allPerfs() != null) {
            enc.dbl("all_perfs", new int[] {grid.allPerfs().length, 1}, grid.allPerfs());
        }
        if (grid.scalingFactors() != null) {
            enc.dbl("scaling_factors", new int[] {1, grid.scalingFactors().length}, grid.scalingFactors());
        }
    }

    /**
     * The recurrent weights as the forward pass uses them before sign and mask (spec §2.7 row w: relu(w) with
     * Dale, raw without).
     */
    private static double[] forwardWeights(RateNetwork net) {
        double[] out = new double[net.w.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = net.positiveWeight(k);
        }
        return out;
    }

    /** Diagonal m of spec §2.1 item 4. */
    private static double[] signMatrix(RateNetwork net) {
        int n = net.n();
        double[] m = new double[n * n];
        for (int j = 0; j < n; j++) {
            m[j * n + j] = net.sign(j);
        }
        return m;
    }

    /**
     * Single-precision variables whose exact double values are kept: when reading {@code stored} back as single would
     * not give {@code exact} bit for bit, an {@code eirnn_exact_<name>} double copy is written after the table.
     */
    private static final class Exact {
        private final List<Object[]> copies = new ArrayList<>();

        void single(MatFileEncoder enc, String name, int rows, int cols, double[] stored, double[] exact)
                throws IOException {
            boolean lossless = true;
            for (int k = 0; k < exact.length && lossless; k++) {
                lossless = Double.doubleToLongBits((float) stored[k]) == Double.doubleToLongBits(exact[k]);
            }
            if (!lossless) {
                copies.add(new Object[] {name, new int[] {rows, cols}, exact});
            }
            enc.single(name, new int[] {rows, cols}, columnMajor(stored, rows));
        }

        void writeCopies(MatFileEncoder enc) throws IOException {
            for (Object[] c : copies) {
                int[] dims = (int[]) c[1];
                enc.dbl(PREFIX + EXACT + c[0], dims, columnMajor((double[]) c[2], dims[0]));
            }
        }
    }

    /** A T×N row-major trajectory as (T, N, 1) single; null is stored as 0×N×1. */
    private static void trajectory(MatFileEncoder enc, String name, double[] rowMajor, int n) throws IOException {
        double[] values = orEmpty(rowMajor);
        require(values.length % n == 0, name + " has " + values.length + " values, not a multiple of N=" + n);
        int steps = values.length / n;
        enc.single(name, new int[] {steps, n, 1}, columnMajor(values, steps));
    }

    private static void evalLabels(MatFileEncoder enc, ModelRecord rec, int trials) throws IOException {
        int[] labels = rec.evalLabels() == null ? new int[0] : rec.evalLabels();
        if (rec.textLabels()) {
            String[] text = new String[trials];
            for (int i = 0; i < trials; i++) {
                text[i] = labels[i] > 0 ? "same" : "diff";
            }
            enc.chars("eval_labels", text);
            return;
        }
        double[] values = new double[trials];
        for (int i = 0; i < trials; i++) {
            values[i] = labels[i];
        }
        enc.dbl("eval_labels", new int[] {1, trials}, values);
    }

    private static void extra(MatFileEncoder enc, String key, Object value) throws IOException {
        require(key.matches("[A-Za-z0-9_]{1," + (63 - PREFIX.length()) + "}"),
                "extra '" + key + "' is not a valid MATLAB variable name suffix");
        require(!RESERVED_EXTRAS.contains(key) && !key.startsWith(EXACT), "extra '" + key + "' is reserved");
        String name = PREFIX + key;
        if (value instanceof String s) {
            enc.chars(name, s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            enc.int64(name, ((Number) value).longValue());
        } else if (value instanceof Number num) {
            enc.dbl(name, SCALAR, new double[] {num.doubleValue()});
        } else if (value instanceof Boolean b) {
            enc.logical(name, SCALAR, new boolean[] {b});
        } else if (value instanceof double[] d) {
            enc.dbl(name, new int[] {1, d.length}, d);
        } else {
            throw new IllegalArgumentException("extra '" + key + "' has unsupported type " + value.getClass());
        }
    }

    private static double[] orEmpty(double[] a) {
        return a == null ? new double[0] : a;
    }

    private static int lengthOf(double[] a) {
        return a == null ? 0 : a.length;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("model record: " + message);
        }
    }
}
