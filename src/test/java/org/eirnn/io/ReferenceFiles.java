package org.eirnn.io;

import com.jmatio.io.MatFileWriter;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLDouble;
import com.jmatio.types.MLInt64;
import com.jmatio.types.MLSingle;
import com.jmatio.types.MLUInt8;
import org.eirnn.model.RateNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Writes files in the layouts of the reference implementations, spelled out from the spec independently of
 * {@link ModelFileWriter}: spikeRNN TensorFlow (spec §2.7 table) and the PyTorch port (spec §3 item 6). A test can
 * edit the variable list (drop, replace) before writing to produce broken files.
 */
final class ReferenceFiles {
    private ReferenceFiles() {
    }

    /** spec §2.7: float32 weights (w = relu(w) with Dale), (T,N,1) trajectories, logical exc/inh, int64 N/som_N/tr. */
    static List<MLArray> tensorFlow(ModelRecord rec) {
        return layout(rec, false);
    }

    /**
     * spec §3 item 6: everything float64, raw w and w0, x0/r0 the initial state and x/r the last step (N,1), o and
     * target (1, T−1), exc/inh float64 0/1.
     */
    static List<MLArray> pyTorch(ModelRecord rec) {
        return layout(rec, true);
    }

    private static List<MLArray> layout(ModelRecord rec, boolean pyTorch) {
        RateNetwork net = rec.network();
        RateNetwork init = rec.initial();
        int n = net.n();
        int nIn = net.spec.inputs();
        int t = rec.steps();
        // What TensorFlow computed is float32 in its files; the PyTorch port converts everything to float64.
        Real real = pyTorch ? ReferenceFiles::dbl : ReferenceFiles::single;
        List<MLArray> v = new ArrayList<>();
        if (pyTorch) {
            v.add(dbl("x0", new int[] {n, 1}, row(rec.x0(), n, 0)));
            v.add(dbl("r0", new int[] {n, 1}, row(rec.r0(), n, 0)));
            v.add(dbl("w0", new int[] {n, n}, init.w));
        } else {
            v.add(single("x0", new int[] {t, n, 1}, rec.x0()));
            v.add(single("r0", new int[] {t, n, 1}, rec.r0()));
            v.add(single("w0", new int[] {n, n}, relu(init)));
        }
        v.add(real.of("taus_gaus0", new int[] {n, 1}, init.tausGaus));
        v.add(real.of("w_in0", new int[] {n, nIn}, init.wIn));
        v.add(dbl("u", new int[] {nIn, t}, rec.u()));
        if (pyTorch) {
            v.add(dbl("o", new int[] {1, t - 1}, rec.o()));
            v.add(dbl("w", new int[] {n, n}, net.w));
            v.add(dbl("x", new int[] {n, 1}, row(rec.x(), n, t - 1)));
            v.add(dbl("r", new int[] {n, 1}, row(rec.r(), n, t - 1)));
            v.add(dbl("target", new int[] {1, t - 1}, java.util.Arrays.copyOf(rec.target(), t - 1)));
        } else {
            v.add(single("o", new int[] {t - 1, 1, 1}, rec.o()));
            v.add(single("w", new int[] {n, n}, relu(net)));
            v.add(single("x", new int[] {t, n, 1}, rec.x()));
            v.add(single("r", new int[] {t, n, 1}, rec.r()));
            v.add(dbl("target", new int[] {1, t}, rec.target()));
        }
        v.add(real.of("w_out", new int[] {1, n}, net.wOut));
        v.add(real.of("m", new int[] {n, n}, signs(net)));
        v.add(real.of("som_m", new int[] {n, n}, net.somMask));
        v.add(new MLInt64("N", new long[] {n}, 1));
        v.add(pyTorch ? dbl("exc", new int[] {n, 1}, zeroOne(exc(net))) : logical("exc", exc(net)));
        v.add(pyTorch ? dbl("inh", new int[] {n, 1}, zeroOne(net.inh)) : logical("inh", net.inh));
        v.add(real.of("w_in", new int[] {n, nIn}, net.wIn));
        v.add(real.of("b_out", new int[] {1, 1}, net.bOut));
        v.add(new MLInt64("som_N", new long[] {net.spec.somN()}, 1));
        v.add(dbl("losses", new int[] {1, rec.losses().length}, rec.losses()));
        double[] taus = net.spec.taus().asArray();
        v.add(dbl("taus", new int[] {1, taus.length}, taus));
        v.add(dbl("eval_perf_mean", new int[] {1, 1}, new double[] {rec.evalPerfMean()}));
        v.add(dbl("eval_loss_mean", new int[] {1, 1}, new double[] {rec.evalLossMean()}));
        v.add(dbl("eval_os", new int[] {rec.evalLabels().length, t - 1}, rec.evalOutputs()));
        v.add(labels(rec));
        v.add(real.of("taus_gaus", new int[] {n, 1}, net.tausGaus));
        v.add(new MLInt64("tr", new long[] {rec.lastTrial()}, 1));
        v.add(new MLChar("activation", net.spec.activation().spikeRnnName));
        return v;
    }

    /** A real array constructor: single or double. */
    private interface Real {
        MLArray of(String name, int[] dims, double[] rowMajor);
    }

    /** Writes {@code vars} after applying {@code edit} (e.g. dropping or replacing a variable). */
    static void write(Path file, List<MLArray> vars, UnaryOperator<List<MLArray>> edit) throws IOException {
        new MatFileWriter(file.toFile(), edit.apply(new ArrayList<>(vars)));
    }

    static List<MLArray> without(List<MLArray> vars, String name) {
        vars.removeIf(a -> a.getName().equals(name));
        return vars;
    }

    static List<MLArray> replacing(List<MLArray> vars, MLArray replacement) {
        vars.replaceAll(a -> a.getName().equals(replacement.getName()) ? replacement : a);
        return vars;
    }

    /** A MatFileRW single array of the given MATLAB dimensions from a row-major rows×cols matrix. */
    static MLSingle single(String name, int[] dims, double[] rowMajor) {
        MLSingle a = new MLSingle(name, dims, MLArray.mxSINGLE_CLASS, 0);
        double[] cm = MatArrays.columnMajor(rowMajor, dims[0]);
        java.nio.FloatBuffer f = MatArrays.floats(a);
        for (double v : cm) {
            f.put((float) v);
        }
        return a;
    }

    /** A MatFileRW double array of the given MATLAB dimensions from a row-major rows×cols matrix. */
    static MLDouble dbl(String name, int[] dims, double[] rowMajor) {
        MLDouble a = new MLDouble(name, dims, MLArray.mxDOUBLE_CLASS, 0);
        MatArrays.doubles(a).put(MatArrays.columnMajor(rowMajor, dims[0]));
        return a;
    }

    /** An N×1 MATLAB logical (uint8 data with the logical flag). */
    private static MLUInt8 logical(String name, boolean[] values) {
        MLUInt8 a = new MLUInt8(name, new int[] {values.length, 1}, MLArray.mxUINT8_CLASS, MLArray.mtFLAG_LOGICAL);
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                a.set((byte) 1, i);
            }
        }
        return a;
    }

    private static MLArray labels(ModelRecord rec) {
        int[] labels = rec.evalLabels();
        if (rec.textLabels()) {
            String[] text = new String[labels.length];
            for (int i = 0; i < labels.length; i++) {
                text[i] = labels[i] > 0 ? "same" : "diff";
            }
            return new MLChar("eval_labels", text);
        }
        double[] d = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            d[i] = labels[i];
        }
        return dbl("eval_labels", new int[] {1, d.length}, d);
    }

    private static double[] relu(RateNetwork net) {
        double[] out = net.w.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] = net.spec.applyDale() ? Math.max(out[k], 0) : out[k];
        }
        return out;
    }

    private static double[] signs(RateNetwork net) {
        int n = net.n();
        double[] m = new double[n * n];
        for (int j = 0; j < n; j++) {
            m[j * n + j] = net.inh[j] && net.spec.applyDale() ? -1 : 1;
        }
        return m;
    }

    private static boolean[] exc(RateNetwork net) {
        boolean[] exc = new boolean[net.n()];
        for (int i = 0; i < exc.length; i++) {
            exc[i] = !net.inh[i];
        }
        return exc;
    }

    private static double[] zeroOne(boolean[] b) {
        double[] out = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] ? 1 : 0;
        }
        return out;
    }

    /** Row t of a T×N row-major trajectory. */
    static double[] row(double[] trajectory, int n, int t) {
        return java.util.Arrays.copyOfRange(trajectory, t * n, (t + 1) * n);
    }
}
