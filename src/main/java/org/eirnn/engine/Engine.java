package org.eirnn.engine;

import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.spiking.LifSimulator;

/**
 * A compute backend: the CPU reference (double precision, plain loops) or OpenCL (float, batched kernels).
 * Both implement the same operations and are held to the same behaviour tests; the CPU engine is the referee.
 */
public interface Engine extends AutoCloseable {

    /** One line naming the backend and its device, e.g. "cpu (double, reference)". */
    String description();

    /** "cpu" or "opencl". */
    String kind();

    /**
     * Opens a rate-model session for an ensemble of {@code networks} networks of the same spec, each running
     * {@code trialsPerNetwork} trials of {@code steps} steps per call. The session owns its device memory.
     */
    RateSession openRate(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss);

    /**
     * Opens a simulator of spikeRNN's LIF network (spec §4) on this engine. The CPU engine always computes in double
     * precision; OpenCL in float, or in double when {@code doublePrecision} and the device supports it.
     */
    LifSimulator openLif(boolean doublePrecision);

    /**
     * The matrix-multiply rate this engine's device reaches (GFLOP/s), the yardstick {@code eirnn bench} prints
     * beside achieved rates; NaN when the engine cannot measure it.
     */
    default double matmulPeakGflops() {
        return Double.NaN;
    }

    @Override
    void close();
}
