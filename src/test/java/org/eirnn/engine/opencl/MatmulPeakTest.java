package org.eirnn.engine.opencl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench yardstick must compute a real product, or its GFLOP/s would mean nothing. */
class MatmulPeakTest {

    @Test
    void kernelComputesTheMatrixProduct() {
        int n = 64;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
            b[i] = rnd.nextFloat() - 0.5f;
        }
        try (ClContext cl = new ClContext(OpenClTestDevice.require())) {
            float[] c = MatmulPeak.multiply(cl, n, a, b);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = 0;
                    for (int k = 0; k < n; k++) {
                        expected += (double) a[i * n + k] * b[k * n + j];
                    }
                    assertEquals(expected, c[i * n + j], 1e-4, "C[" + i + "," + j + "]");
                }
            }
            assertTrue(MatmulPeak.gflops(cl, 128, 0.05) > 0);
        }
    }
}
