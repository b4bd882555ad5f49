package org.eirnn.io;

import com.jmatio.types.MLDouble;
import com.jmatio.types.MLNumericArray;
import com.jmatio.types.MLSingle;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Converts between eirnn's row-major arrays and MATLAB's column-major order (element (r, c) of a rows×cols matrix
 * sits at {@code r + rows·c}; a (T, N, 1) array is laid out as the T×N matrix), and reads MatFileRW arrays.
 *
 * <p>Numeric data moves through MatFileRW's byte buffers in bulk (its element-wise accessors box every value).
 */
final class MatArrays {
    private MatArrays() {
    }

    /** Row-major rows×(len/rows) matrix → MATLAB column-major order. */
    static double[] columnMajor(double[] rowMajor, int rows) {
        double[] cm = new double[rowMajor.length];
        int cols = rows == 0 ? 0 : rowMajor.length / rows;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                cm[r + rows * c] = rowMajor[r * cols + c];
            }
        }
        return cm;
    }

    /** MATLAB column-major rows×(len/rows) → row-major. */
    static double[] rowMajor(double[] columnMajor, int rows) {
        double[] rm = new double[columnMajor.length];
        int cols = rows == 0 ? 0 : columnMajor.length / rows;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                rm[r * cols + c] = columnMajor[r + rows * c];
            }
        }
        return rm;
    }

    /** All values of a real numeric array in column-major order, widened to double. */
    static double[] values(MLNumericArray<?> a) {
        double[] out = new double[a.getSize()];
        if (a instanceof MLSingle s) {
            FloatBuffer f = floats(s);
            for (int i = 0; i < out.length; i++) {
                out[i] = f.get(i);
            }
        } else if (a instanceof MLDouble d) {
            doubles(d).get(out);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = a.get(i).doubleValue();
            }
        }
        return out;
    }

    /**
     * Refuses a NaN or infinite value: one line naming {@code what} (file and variable), the value and its first
     * position as MATLAB writes it, 1-based (row, col) of the column-major {@code rows}-row matrix.
     */
    static void requireFinite(double[] columnMajor, int rows, java.util.function.Supplier<String> what) {
        for (int k = 0; k < columnMajor.length; k++) {
            if (!Double.isFinite(columnMajor[k])) {
                int r = rows == 0 ? 0 : k % rows;
                int c = rows == 0 ? 0 : k / rows;
                throw new org.eirnn.InvalidInputException(what.get() + " has " + columnMajor[k] + " at (" + (r + 1)
                        + "," + (c + 1) + "), expected finite values only");
            }
        }
    }

    static FloatBuffer floats(MLSingle a) {
        ByteBuffer b = a.getRealByteBuffer();
        return b.duplicate().order(b.order()).rewind().asFloatBuffer();
    }

    static DoubleBuffer doubles(MLDouble a) {
        ByteBuffer b = a.getRealByteBuffer();
        return b.duplicate().order(b.order()).rewind().asDoubleBuffer();
    }
}
