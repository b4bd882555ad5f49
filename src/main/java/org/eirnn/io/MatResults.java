package org.eirnn.io;

import com.jmatio.io.MatFileWriter;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLDouble;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A MAT-file of named double arrays for results other than models (evaluation trials, gradients), written atomically.
 * Arrays are given row-major with their MATLAB dimensions (2 or 3), and stored so that MATLAB's {@code a(i,j,k)}
 * is the row-major element [i][j][k].
 */
public final class MatResults {
    /** One variable: MATLAB dimensions and row-major values. */
    public record Variable(String name, int[] dims, double[] rowMajor) {
        public Variable {
            long count = 1;
            for (int d : dims) {
                count *= d;
            }
            if (dims.length < 2 || dims.length > 3 || count != rowMajor.length) {
                throw new IllegalArgumentException(name + ": " + rowMajor.length + " values do not fill the given dims");
            }
        }

        public static Variable scalar(String name, double value) {
            return new Variable(name, new int[] {1, 1}, new double[] {value});
        }
    }

    private MatResults() {
    }

    public static void write(Path file, List<Variable> variables) throws IOException {
        List<MLArray> arrays = new ArrayList<>();
        for (Variable v : variables) {
            if (v.dims().length == 2) {
                arrays.add(MatArrays.dbl(v.name(), v.dims(), v.rowMajor()));
            } else {
                arrays.add(threeDimensional(v));
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        new MatFileWriter(Channels.newChannel(bytes), arrays);
        AtomicFiles.write(file, bytes.toByteArray());
    }

    private static MLDouble threeDimensional(Variable v) {
        int a = v.dims()[0];
        int b = v.dims()[1];
        int c = v.dims()[2];
        MLDouble out = new MLDouble(v.name(), v.dims(), MLArray.mxDOUBLE_CLASS, 0);
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                for (int k = 0; k < c; k++) {
                    out.set(v.rowMajor()[(i * b + j) * c + k], i + a * (j + b * k));
                }
            }
        }
        return out;
    }
}
