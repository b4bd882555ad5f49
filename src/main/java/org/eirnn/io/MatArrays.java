package org.eirnn.io;

import com.jmatio.types.MLArray;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLDouble;
import com.jmatio.types.MLInt64;
import com.jmatio.types.MLNumericArray;
import com.jmatio.types.MLSingle;
import com.jmatio.types.MLUInt8;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Builds MatFileRW arrays from eirnn's row-major doubles and back. MATLAB stores column-major: element (r, c) of a
 * rows×cols matrix sits at {@code r + rows·c}; a (T, N, 1) array is laid out as the T×N matrix.
 *
 * <p>Numeric data moves through MatFileRW's byte buffers in bulk (its element-wise accessors box every value).
 */
final class MatArrays {
    private MatArrays() {
    }

    /** A single-precision array of the given MATLAB dimensions from a row-major rows×cols matrix. */
    static MLSingle single(String name, int[] dims, double[] rowMajor) {
        MLSingle a = new MLSingle(name, dims, MLArray.mxSINGLE_CLASS, 0);
        double[] cm = columnMajor(rowMajor, dims[0]);
        FloatBuffer f = floats(a);
        for (double v : cm) {
            f.put((float) v);
        }
        return a;
    }

    /** A double array of the given MATLAB dimensions from a row-major rows×cols matrix. */
    static MLDouble dbl(String name, int[] dims, double[] rowMajor) {
        MLDouble a = new MLDouble(name, dims, MLArray.mxDOUBLE_CLASS, 0);
        doubles(a).put(columnMajor(rowMajor, dims[0]));
        return a;
    }

    static MLDouble scalar(String name, double value) {
        return dbl(name, new int[] {1, 1}, new double[] {value});
    }

    static MLInt64 int64(String name, long value) {
        return new MLInt64(name, new long[] {value}, 1);
    }

    /** An N×1 MATLAB logical (uint8 data with the logical flag). */
    static MLUInt8 logicalColumn(String name, boolean[] values) {
        MLUInt8 a = new MLUInt8(name, new int[] {values.length, 1}, MLArray.mxUINT8_CLASS, MLArray.mtFLAG_LOGICAL);
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                a.set((byte) 1, i);
            }
        }
        return a;
    }

    /** A 1×len char row. */
    static MLChar chars(String name, String value) {
        return new MLChar(name, value);
    }

    /** A rows×width char matrix, one string per row (all of the same length). */
    static MLChar charRows(String name, String[] rows) {
        if (rows.length == 0) {
            return new MLChar(name, new int[] {0, 0}, MLArray.mxCHAR_CLASS, 0);
        }
        return new MLChar(name, rows);
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

    private static FloatBuffer floats(MLSingle a) {
        ByteBuffer b = a.getRealByteBuffer();
        return b.duplicate().order(b.order()).rewind().asFloatBuffer();
    }

    private static DoubleBuffer doubles(MLDouble a) {
        ByteBuffer b = a.getRealByteBuffer();
        return b.duplicate().order(b.order()).rewind().asDoubleBuffer();
    }
}
