package org.eirnn.io;

import com.jmatio.types.MLArray;
import com.jmatio.types.MLUInt8;
import org.eirnn.io.ModelRecord.GridSearchResult;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.eirnn.io.MatArrays.charRows;
import static org.eirnn.io.MatArrays.chars;
import static org.eirnn.io.MatArrays.dbl;
import static org.eirnn.io.MatArrays.int64;
import static org.eirnn.io.MatArrays.logicalColumn;
import static org.eirnn.io.MatArrays.scalar;
import static org.eirnn.io.MatArrays.single;
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
            "w_out0", "b_out0", "version");
    static final String EXACT = "exact_";

    private ModelFileWriter() {
    }

    static List<MLArray> variables(ModelRecord rec) {
        RateNetwork net = rec.network();
        RateNetwork init = rec.initial();
        NetworkSpec spec = net.spec;
        int n = spec.n();
        int nIn = spec.inputs();
        int steps = rec.steps();
        List<MLArray> v = new ArrayList<>();
        List<MLArray> exact = new ArrayList<>();

        v.add(trajectory("x0", rec.x0(), n));
        v.add(trajectory("r0", rec.r0(), n));
        v.add(singleExact("w0", new int[] {n, n}, forwardWeights(init), init.w, exact));
        v.add(singleExact("taus_gaus0", new int[] {n, 1}, init.tausGaus, init.tausGaus, exact));
        v.add(singleExact("w_in0", new int[] {n, nIn}, init.wIn, init.wIn, exact));
        v.add(dbl("u", new int[] {nIn, lengthOf(rec.u()) / nIn}, orEmpty(rec.u())));
        v.add(single("o", new int[] {lengthOf(rec.o()), 1, 1}, orEmpty(rec.o())));
        v.add(singleExact("w", new int[] {n, n}, forwardWeights(net), net.w, exact));
        v.add(trajectory("x", rec.x(), n));
        v.add(trajectory("r", rec.r(), n));
        v.add(dbl("target", new int[] {1, lengthOf(rec.target())}, orEmpty(rec.target())));
        v.add(singleExact("w_out", new int[] {1, n}, net.wOut, net.wOut, exact));
        v.add(single("m", new int[] {n, n}, signMatrix(net)));
        v.add(single("som_m", new int[] {n, n}, net.somMask));
        v.add(int64("N", n));
        boolean[] exc = new boolean[n];
        for (int i = 0; i < n; i++) {
            exc[i] = !net.inh[i];
        }
        v.add(logicalColumn("exc", exc));
        v.add(logicalColumn("inh", net.inh));
        v.add(singleExact("w_in", new int[] {n, nIn}, net.wIn, net.wIn, exact));
        v.add(singleExact("b_out", new int[] {1, 1}, new double[] {net.bOut}, new double[] {net.bOut}, exact));
        v.add(int64("som_N", spec.somN()));
        v.add(dbl("losses", new int[] {1, lengthOf(rec.losses())}, orEmpty(rec.losses())));
        double[] taus = spec.taus().asArray();
        v.add(dbl("taus", new int[] {1, taus.length}, taus));
        v.add(scalar("eval_perf_mean", rec.evalPerfMean()));
        v.add(scalar("eval_loss_mean", rec.evalLossMean()));
        int trials = rec.evalLabels() == null ? 0 : rec.evalLabels().length;
        double[] evalOs = orEmpty(rec.evalOutputs());
        require(evalOs.length == trials * Math.max(steps - 1, 0) || trials == 0 && evalOs.length == 0,
                "eval_os has " + evalOs.length + " values, expected " + trials + " trials × (T−1)");
        v.add(dbl("eval_os", new int[] {trials, steps - 1}, evalOs));
        v.add(evalLabels(rec, trials));
        v.add(singleExact("taus_gaus", new int[] {n, 1}, net.tausGaus, net.tausGaus, exact));
        v.add(int64("tr", rec.lastTrial()));
        v.add(chars("activation", spec.activation().spikeRnnName));

        GridSearchResult grid = rec.grid();
        if (grid != null) {
            v.add(scalar("opt_scaling_factor", grid.optScalingFactor()));
            if (grid.allPerfs() != null) {
                v.add(dbl("all_perfs", new int[] {grid.allPerfs().length, 1}, grid.allPerfs()));
            }
            if (grid.scalingFactors() != null) {
                v.add(dbl("scaling_factors", new int[] {1, grid.scalingFactors().length}, grid.scalingFactors()));
            }
        }

        v.add(chars(PREFIX + "version", Version.current()));
        if (rec.task() != null) {
            v.add(chars(PREFIX + "task", rec.task()));
        }
        v.add(scalar(PREFIX + "P_inh", spec.pInh()));
        v.add(scalar(PREFIX + "P_rec", spec.pRec()));
        v.add(scalar(PREFIX + "gain", spec.gain()));
        v.add(chars(PREFIX + "w_dist", spec.wDist().name().toLowerCase(java.util.Locale.ROOT)));
        v.add(logicalColumn(PREFIX + "apply_dale", new boolean[] {spec.applyDale()}));
        v.add(dbl(PREFIX + "w_out0", new int[] {1, n}, init.wOut));
        v.add(scalar(PREFIX + "b_out0", init.bOut));
        v.addAll(exact);
        if (rec.extras() != null) {
            for (Map.Entry<String, Object> e : rec.extras().entrySet()) {
                v.add(extra(e.getKey(), e.getValue()));
            }
        }
        return v;
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
     * {@code stored} as a single-precision variable; when reading it back would not give {@code exact} bit for bit,
     * also an {@code eirnn_exact_<name>} double copy of {@code exact}.
     */
    private static MLArray singleExact(String name, int[] dims, double[] stored, double[] exact, List<MLArray> out) {
        boolean lossless = true;
        for (int k = 0; k < exact.length && lossless; k++) {
            lossless = Double.doubleToLongBits((float) stored[k]) == Double.doubleToLongBits(exact[k]);
        }
        if (!lossless) {
            out.add(dbl(PREFIX + EXACT + name, dims, exact));
        }
        return single(name, dims, stored);
    }

    /** A T×N row-major trajectory as (T, N, 1) single; null is stored as 0×N×1. */
    private static MLArray trajectory(String name, double[] rowMajor, int n) {
        double[] values = orEmpty(rowMajor);
        require(values.length % n == 0, name + " has " + values.length + " values, not a multiple of N=" + n);
        return single(name, new int[] {values.length / n, n, 1}, values);
    }

    private static MLArray evalLabels(ModelRecord rec, int trials) {
        int[] labels = rec.evalLabels() == null ? new int[0] : rec.evalLabels();
        if (rec.textLabels()) {
            String[] text = new String[trials];
            for (int i = 0; i < trials; i++) {
                text[i] = labels[i] > 0 ? "same" : "diff";
            }
            return charRows("eval_labels", text);
        }
        double[] values = new double[trials];
        for (int i = 0; i < trials; i++) {
            values[i] = labels[i];
        }
        return dbl("eval_labels", new int[] {1, trials}, values);
    }

    private static MLArray extra(String key, Object value) {
        require(key.matches("[A-Za-z0-9_]{1," + (63 - PREFIX.length()) + "}"),
                "extra '" + key + "' is not a valid MATLAB variable name suffix");
        require(!RESERVED_EXTRAS.contains(key) && !key.startsWith(EXACT), "extra '" + key + "' is reserved");
        String name = PREFIX + key;
        if (value instanceof String s) {
            return chars(name, s);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return int64(name, ((Number) value).longValue());
        }
        if (value instanceof Number num) {
            return scalar(name, num.doubleValue());
        }
        if (value instanceof Boolean b) {
            MLUInt8 flag = logicalColumn(name, new boolean[] {b});
            return flag;
        }
        if (value instanceof double[] d) {
            return dbl(name, new int[] {1, d.length}, d);
        }
        throw new IllegalArgumentException("extra '" + key + "' has unsupported type " + value.getClass());
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
