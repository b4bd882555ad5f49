package org.eirnn.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A MAT-file of named double arrays for results other than models (evaluation trials, gradients), written atomically
 * in the same little-endian level-5 layout as model files.
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
        AtomicFiles.write(file, out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            MatFileEncoder enc = MatFileEncoder.newFile(buffered, "eirnn " + Version.current());
            for (Variable v : variables) {
                enc.dbl(v.name(), v.dims(), columnMajor(v));
            }
            buffered.flush();
        });
    }

    /** MATLAB order: {@code a(i,j,k)} at {@code i + a·(j + b·k)} holds row-major element [i][j][k]. */
    private static double[] columnMajor(Variable v) {
        int a = v.dims()[0];
        int b = v.dims()[1];
        int c = v.dims().length == 3 ? v.dims()[2] : 1;
        double[] out = new double[v.rowMajor().length];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                for (int k = 0; k < c; k++) {
                    out[i + a * (j + b * k)] = v.rowMajor()[(i * b + j) * c + k];
                }
            }
        }
        return out;
    }
}
