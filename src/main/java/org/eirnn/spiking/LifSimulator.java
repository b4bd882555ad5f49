package org.eirnn.spiking;

/**
 * Simulates batches of LIF trials (spec §4). Implementations: {@link CpuLifSimulator} (the double-precision
 * reference) and the OpenCL one; both draw the voltage noise from stream LIF_NOISE keyed
 * (seed, network.rngNetwork) at counter (step i, unit>>2, trialId) and the stimulation coin from LIF_STIM at
 * (step i, 0, trialId), so the same batch sees the same random numbers on either engine.
 */
public interface LifSimulator extends AutoCloseable {
    /** One line naming the engine and its precision. */
    String description();

    LifResult simulate(LifBatch batch, LifRecording recording);

    /** Whether {@link LifRecording#traces()} is supported (the dense records are the CPU reference's job). */
    default boolean recordsTraces() {
        return false;
    }

    /** Releases device programs and memory (nothing for the CPU). */
    @Override
    default void close() {
    }
}
