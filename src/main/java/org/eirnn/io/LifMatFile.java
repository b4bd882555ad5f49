package org.eirnn.io;

import com.jmatio.io.MatFileWriter;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLCell;
import com.jmatio.types.MLDouble;
import com.jmatio.types.MLNumericArray;
import com.jmatio.types.MLSparse;
import com.jmatio.types.MLStructure;
import org.eirnn.InvalidInputException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The .mat files of the LIF tools: inputs given the way MATLAB scripts pass them ({@code u}, {@code v0}) and the
 * outputs of {@code eirnn lif} under LIF_network_fnc's names (spec §4.5). Writes are atomic. The outputs need
 * sparse matrices, structs and cells, so they are written with MatFileRW's writer (big-endian, which MATLAB, Octave
 * and scipy read); unlike model files they are not meant to be extended with {@code save -append}.
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
        MLArray a = MatDecoder.read(file, MatDecoder.readBytes(file, "file"), name::equals, new ArrayList<>())
                .get(name);
        InvalidInputException.require(a != null, () -> "file " + file + " has no variable '" + name + "'");
        InvalidInputException.require(a instanceof MLNumericArray<?> && !a.isComplex() && a.getNDimensions() == 2,
                () -> "variable '" + name + "' in " + file + " is not a real 2-D numeric matrix");
        int rows = a.getM();
        double[] values = MatArrays.values((MLNumericArray<?>) a);
        MatArrays.requireFinite(values, rows, () -> "file " + file + ": variable '" + name + "'");
        return new Matrix(rows, a.getN(), MatArrays.rowMajor(values, rows));
    }

    /**
     * Writes the variables in order. Values: {@link Matrix}, {@link Sparse}, {@code Double} (1×1), a {@code Map}
     * of field name → value (a 1×1 struct) or a {@code List} of values (a 1×k cell).
     */
    public static void write(Path file, Map<String, Object> variables) throws IOException {
        List<MLArray> arrays = new ArrayList<>();
        for (Map.Entry<String, Object> v : variables.entrySet()) {
            arrays.add(toArray(v.getKey(), v.getValue()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        new MatFileWriter(Channels.newChannel(bytes), arrays);
        AtomicFiles.write(file, bytes.toByteArray());
    }

    private static MLArray toArray(String name, Object value) {
        if (value instanceof Matrix m) {
            MLDouble a = new MLDouble(name, new int[] {m.rows(), m.cols()}, MLArray.mxDOUBLE_CLASS, 0);
            MatArrays.doubles(a).put(MatArrays.columnMajor(m.rowMajor(), m.rows()));
            return a;
        }
        if (value instanceof Double d) {
            return toArray(name, new Matrix(1, 1, new double[] {d}));
        }
        if (value instanceof Sparse s) {
            MLSparse sp = new MLSparse(name, new int[] {s.rows(), s.cols()}, 0, Math.max(1, s.value().length));
            for (int k = 0; k < s.value().length; k++) {
                sp.setReal(s.value()[k], s.row()[k], s.col()[k]);
            }
            return sp;
        }
        if (value instanceof Map<?, ?> fields) {
            MLStructure st = new MLStructure(name, new int[] {1, 1});
            for (Map.Entry<?, ?> f : fields.entrySet()) {
                st.setField((String) f.getKey(), toArray((String) f.getKey(), f.getValue()));
            }
            return st;
        }
        if (value instanceof List<?> items) {
            MLCell cell = new MLCell(name, new int[] {1, items.size()});
            for (int k = 0; k < items.size(); k++) {
                cell.set(toArray("", items.get(k)), k);
            }
            return cell;
        }
        throw new IllegalArgumentException("cannot write " + name + " of type " + value.getClass());
    }
}
