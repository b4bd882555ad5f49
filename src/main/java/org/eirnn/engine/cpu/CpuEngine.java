package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.spiking.CpuLifSimulator;
import org.eirnn.spiking.LifSimulator;

/** The reference engine: double precision, plain loops, obviously correct. The referee of every kernel. */
public final class CpuEngine implements Engine {

    @Override
    public String description() {
        return "cpu (double precision reference, " + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    @Override
    public String kind() {
        return "cpu";
    }

    @Override
    public RateSession openRate(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss) {
        return new CpuRateSession(spec, networks, trialsPerNetwork, steps, loss);
    }

    /** EJML's multi-threaded double GEMM on 512×512 matrices for about a second. */
    @Override
    public double matmulPeakGflops() {
        int n = 512;
        java.util.Random rnd = new java.util.Random(1);
        DMatrixRMaj a = RandomMatrices_DDRM.rectangle(n, n, rnd);
        DMatrixRMaj b = RandomMatrices_DDRM.rectangle(n, n, rnd);
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        CommonOps_MT_DDRM.mult(a, b, c);
        long start = System.nanoTime();
        int reps = 0;
        double elapsed;
        do {
            CommonOps_MT_DDRM.mult(a, b, c);
            reps++;
            elapsed = (System.nanoTime() - start) / 1e9;
        } while (elapsed < 1.0);
        return reps * 2.0 * n * n * (double) n / elapsed / 1e9;
    }

    @Override
    public LifSimulator openLif(boolean doublePrecision) {
        return new CpuLifSimulator();
    }

    @Override
    public void close() {
    }
}
