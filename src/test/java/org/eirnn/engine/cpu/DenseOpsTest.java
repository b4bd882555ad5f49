package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Every multi-threaded product of {@link DenseOps} against its single-threaded twin, on the shapes a session uses. */
class DenseOpsTest {

    /** A rows×cols matrix of standard normals. */
    static DMatrixRMaj random(int rows, int cols, long seed) {
        Random rng = new Random(seed);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int p = 0; p < m.data.length; p++) {
            m.data[p] = rng.nextGaussian();
        }
        return m;
    }

    private interface Product {
        void run(DenseOps ops, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);
    }

    private static void twins(Product p, DMatrixRMaj a, DMatrixRMaj b, int rows, int cols, String what) {
        DMatrixRMaj single = random(rows, cols, 3);
        DMatrixRMaj multi = single.copy();
        p.run(DenseOps.SINGLE_THREADED, a, b, single);
        p.run(DenseOps.MULTI_THREADED, a, b, multi);
        assertArrayEquals(single.data, multi.data, 0.0, what);
    }

    @ParameterizedTest(name = "B={0} N={1} N_in={2}")
    @CsvSource({"1,12,2", "7,200,4", "64,200,1", "256,100,6"})
    void multiThreadedProductsEqualSingleThreaded(int trials, int n, int nIn) {
        DMatrixRMaj r = random(trials, n, 1);
        DMatrixRMaj w = random(n, n, 2);
        DMatrixRMaj u = random(trials, nIn, 4);
        DMatrixRMaj wIn = random(n, nIn, 5);
        twins(DenseOps::multTransB, r, w, trials, n, "r W_recᵀ");
        twins(DenseOps::multAddTransB, u, wIn, trials, n, "+= u W_inᵀ");
        twins(DenseOps::mult, r, w, trials, n, "δ W_rec");
        twins(DenseOps::multAdd, r, w, trials, n, "+= δ W_rec");
        twins(DenseOps::multAddTransA, r, r, n, n, "+= δᵀ r");
    }

    @ParameterizedTest(name = "B={0} K={1} N={2}")
    @CsvSource({"1,12,12", "7,200,200", "64,1,200", "33,3,5", "5,0,4"})
    void rowProductsEqualEjmlsReorderProductsBitForBit(int trials, int inner, int n) {
        DMatrixRMaj a = random(trials, inner, 1);
        DMatrixRMaj b = random(inner, n, 2);
        for (boolean add : new boolean[] {false, true}) {
            DMatrixRMaj ejml = random(trials, n, 3);
            DMatrixRMaj rows = ejml.copy();
            if (add) {
                DenseOps.SINGLE_THREADED.multAdd(a, b, ejml);
            } else {
                DenseOps.SINGLE_THREADED.mult(a, b, ejml);
            }
            int split = trials / 3;
            DenseOps.multRows(a, b, rows, split, trials, add);
            DenseOps.multRows(a, b, rows, 0, split, add);
            assertArrayEquals(ejml.data, rows.data, 0.0, add ? "+= a b" : "a b");
        }
    }
}
