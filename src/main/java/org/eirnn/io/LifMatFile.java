package org.eirnn.io;

import com.jmatio.types.MLArray;
import com.jmatio.types.MLNumericArray;
import org.eirnn.InvalidInputException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The .mat files of the LIF tools: inputs given the way MATLAB scripts pass them ({@code u}, {@code v0}) and the
 * outputs of {@code eirnn lif} under LIF_network_fnc's names (spec §4.5). Writes are atomic and little-endian, in
 * the level-5 layout of model files ({@link MatFileEncoder}), so scipy returns native {@code <f8} arrays that
 * {@code torch.from_numpy} takes (a big-endian file gives {@code >f8}, which it rejects).
 */
public final class LifMatFile {
    private LifMatFile() {
    }

    /** A real matrix, row-major. */
    public record Matrix(int rows, int cols, double[] rowMajor) {
        public static Matrix column(double[] values) {
            return new Matrix(values.length, 1, values);
        }

        public static Matrix row(double[] values) {
            return new Matrix(1, values.length, values);
        }
    }

    /** A sparse rows×cols matrix given by its nonzero entries (0-based indices). */
    public record Sparse(int rows, int cols, int[] row, int[] col, double[] value) {
    }

    /**
     * Reads numeric variable {@code name} (double or single, 2-D) from {@code file}, through the same bounded
     * decompression and checks as model files ({@link MatDecoder}); every value must be finite.
     */
    public static Matrix read(Path file, String name) throws IOException {
        InvalidInputException.require(Files.isRegularFile(file), () -> "file " + file + " does not exist");
        MLArray a = MatDecoder.read(file, MatDecoder.readBytes(file, "file"), name::equals, new java.util.ArrayList<>())
                .get(name);
        InvalidInputException.require(a != null, () -> "file " + file + " has no variable '" + name + "'");
        InvalidInputException.require(a instanceof MLNumericArray<?> && !a.isComplex() && a.getNDimensions() == 2,
                () -> "variable '" + name + "' in " + file + " is not a real 2-D numeric matrix");
        int rows = a.getM();
        double[] values = MatArrays.values((MLNumericArray<?>) a);
        MatArrays.requireFinite(values, rows, () -> "file " + file + ": variable '" + name + "'");
        return new Matrix(rows, a.getN(), MatArrays.rowMajor(values, rows));
    }

    /** How dense matrices are stored: double (MATLAB's default) or single, half the bytes. */
    public enum Precision { DOUBLE, SINGLE }

    /**
     * Writes the variables in order, in double precision. Values: {@link Matrix}, {@link Sparse}, {@code Double}
     * (1×1), {@code boolean[]} (an N×1 logical), {@code String[]} (a char matrix, one row per string, padded with
     * spaces), a {@code Map} of field name → value (a 1×1 struct) or a
     * {@code List} of values (a 1×k cell).
     */
    public static void write(Path file, Map<String, Object> variables) throws IOException {
        write(file, variables, Precision.DOUBLE);
    }

    /**
     * As {@link #write(Path, Map)}; with {@link Precision#SINGLE} every dense {@link Matrix} is stored as single
     * (scalars stay double, and sparse matrices are double as MATLAB requires).
     */
    public static void write(Path file, Map<String, Object> variables, Precision precision) throws IOException {
        AtomicFiles.write(file, out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            MatFileEncoder enc = MatFileEncoder.newFile(buffered, "eirnn " + Version.current());
            for (Map.Entry<String, Object> v : variables.entrySet()) {
                encode(enc, v.getKey(), v.getValue(), precision);
            }
            buffered.flush();
        });
    }

    private static void encode(MatFileEncoder enc, String name, Object value, Precision precision)
            throws IOException {
        if (value instanceof Matrix m) {
            int[] dims = {m.rows(), m.cols()};
            double[] cm = MatArrays.columnMajor(m.rowMajor(), m.rows());
            if (precision == Precision.SINGLE) {
                enc.single(name, dims, cm);
            } else {
                enc.dbl(name, dims, cm);
            }
        } else if (value instanceof Double d) {
            enc.dbl(name, new int[] {1, 1}, new double[] {d});
        } else if (value instanceof String[] rows) {
            enc.chars(name, padded(rows));
        } else if (value instanceof boolean[] b) {
            enc.logical(name, new int[] {b.length, 1}, b);
        } else if (value instanceof Sparse sp) {
            sparse(enc, name, sp);
        } else if (value instanceof Map<?, ?> fields) {
            String[] names = fields.keySet().stream().map(k -> (String) k).toArray(String[]::new);
            byte[][] values = new byte[names.length][];
            for (int k = 0; k < names.length; k++) {
                Object f = fields.get(names[k]);
                values[k] = enc.element(e -> encode(e, "", f, precision));
            }
            enc.struct(name, names, values);
        } else if (value instanceof List<?> items) {
            byte[][] cells = new byte[items.size()][];
            for (int k = 0; k < cells.length; k++) {
                Object item = items.get(k);
                cells[k] = enc.element(e -> encode(e, "", item, precision));
            }
            enc.cell(name, new int[] {1, cells.length}, cells);
        } else {
            throw new IllegalArgumentException("cannot write " + name + " of type " + value.getClass());
        }
    }

    /** Above this estimated size {@code eirnn lif} warns before simulating (the 878 MB came unannounced). */
    public static final long WARN_BYTES = 256L << 20;
    /** The firing rate the size estimate assumes for the spikes (spikeRNN networks fire 5–75 Hz). */
    public static final double ASSUMED_RATE_HZ = 50;

    /**
     * The size of a {@code lif} output file before it is simulated: the dense N×nt traces (REC, rs, IPSCs) and the
     * readout exactly, the spikes at {@link #ASSUMED_RATE_HZ}, W and all_fr; headers are a few hundred bytes.
     *
     * @param outputs    the --record names (W, REC, spk, rs, all_fr, out, params, IPSCs)
     * @param spikeTimes spk as tspike rows (2 values per spike) instead of a sparse matrix (12 bytes per spike)
     * @param seconds    trial duration T
     */
    public static long estimateLifOutputBytes(Set<String> outputs, int n, int nt, int trials, boolean spikeTimes,
                                              Precision precision, double seconds) {
        long value = precision == Precision.SINGLE ? 4 : 8;
        long trace = (long) n * nt * value * trials;
        long bytes = 1024;
        bytes += outputs.contains("W") ? (long) n * n * value : 0;
        bytes += outputs.contains("REC") ? trace : 0;
        bytes += outputs.contains("rs") ? trace : 0;
        bytes += outputs.contains("IPSCs") ? trace : 0;
        bytes += outputs.contains("out") ? (long) nt * trials * value : 0;
        bytes += outputs.contains("all_fr") ? (long) n * trials * value : 0;
        bytes += outputs.contains("params") ? (long) n * 3 * 8 : 0;
        if (outputs.contains("spk")) {
            long spikes = (long) Math.ceil(n * ASSUMED_RATE_HZ * seconds) * trials;
            bytes += spikeTimes ? spikes * 2 * value : spikes * 12 + 4L * (nt + 1) * trials;
        }
        return bytes;
    }

    /** The warning for a {@code lif} output larger than {@link #WARN_BYTES}, or null (see the estimate). */
    public static String sizeWarning(Set<String> outputs, int n, int nt, int trials, boolean spikeTimes,
                                     Precision precision, double seconds) {
        long bytes = estimateLifOutputBytes(outputs, n, nt, trials, spikeTimes, precision, seconds);
        if (bytes <= WARN_BYTES) {
            return null;
        }
        return String.format(Locale.ROOT, "the output file will take about %.0f MB (REC, rs and IPSCs are N x nt "
                        + "per trial)%s; --record picks fewer outputs", bytes / 1e6,
                precision == Precision.SINGLE ? "" : ", --single stores them in half the bytes");
    }

    /** Adds {@code exc} and {@code inh}, N×1 logicals as in model files, which a raster needs to colour units. */
    public static void putUnitTypes(Map<String, Object> variables, boolean[] inh) {
        boolean[] exc = new boolean[inh.length];
        for (int i = 0; i < inh.length; i++) {
            exc[i] = !inh[i];
        }
        variables.put("exc", exc);
        variables.put("inh", inh.clone());
    }

    /** Rows of a MATLAB char matrix: every string padded with spaces to the longest, as MATLAB's char() does. */
    private static String[] padded(String[] rows) {
        int width = Arrays.stream(rows).mapToInt(String::length).max().orElse(0);
        return Arrays.stream(rows).map(r -> r + " ".repeat(width - r.length())).toArray(String[]::new);
    }

    /** Compressed-column form of the entries, sorted by column, then row. */
    private static void sparse(MatFileEncoder enc, String name, Sparse s) throws IOException {
        int nnz = s.value().length;
        Integer[] order = new Integer[nnz];
        for (int k = 0; k < nnz; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(k -> s.col()[k]).thenComparingInt(k -> s.row()[k]));
        int[] ir = new int[nnz];
        double[] pr = new double[nnz];
        int[] jc = new int[s.cols() + 1];
        for (int k = 0; k < nnz; k++) {
            ir[k] = s.row()[order[k]];
            pr[k] = s.value()[order[k]];
            jc[s.col()[order[k]] + 1]++;
        }
        for (int c = 0; c < s.cols(); c++) {
            jc[c + 1] += jc[c];
        }
        enc.sparse(name, s.rows(), s.cols(), ir, jc, pr);
    }
}
