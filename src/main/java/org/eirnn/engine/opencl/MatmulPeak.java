package org.eirnn.engine.opencl;

import java.util.Map;

/**
 * Times {@code kernels/matmul_peak.cl} (float GEMM, register-blocked) on a device: the yardstick against which
 * {@code eirnn bench} reports what fraction of the device the rate kernels reach.
 */
final class MatmulPeak {
    private MatmulPeak() {
    }

    /** C = A·B on the device for n×n row-major matrices (n a multiple of 64); returns C. */
    static float[] multiply(ClContext cl, int n, float[] a, float[] b) {
        return run(cl, n, a, b, 0).product();
    }

    /** GFLOP/s of repeated n×n multiplies for about {@code seconds} after one warm-up. */
    static double gflops(ClContext cl, int n, double seconds) {
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.25f;
            b[i] = (i % 5) * 0.5f;
        }
        return run(cl, n, a, b, seconds).gflops();
    }

    private record Result(float[] product, double gflops) {
    }

    /** One multiply, then repeats for {@code seconds} (none when 0). */
    private static Result run(ClContext cl, int n, float[] a, float[] b, double seconds) {
        if (n % 64 != 0) {
            throw new IllegalArgumentException("matmul_peak needs n a multiple of 64, got " + n);
        }
        try (ClProgram program = cl.program(Map.of(), "matmul_peak.cl");
             ClKernel kernel = program.kernel("matmul_peak");
             ClBuffer.Floats da = cl.floats(a);
             ClBuffer.Floats db = cl.floats(b);
             ClBuffer.Floats dc = cl.floats((long) n * n)) {
            kernel.arg(0, n).arg(1, da).arg(2, db).arg(3, dc);
            long[] global = {n / 32, n / 8};
            kernel.launch(global, null);
            cl.finish();
            long start = System.nanoTime();
            int reps = 0;
            double elapsed = 0;
            while (elapsed < seconds) {
                kernel.launch(global, null);
                cl.finish();
                reps++;
                elapsed = (System.nanoTime() - start) / 1e9;
            }
            double rate = reps == 0 ? Double.NaN : reps * 2.0 * n * (double) n * n / elapsed / 1e9;
            return new Result(dc.readAll(), rate);
        }
    }
}
