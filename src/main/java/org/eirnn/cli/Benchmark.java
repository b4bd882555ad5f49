package org.eirnn.cli;

import org.eirnn.engine.Engine;

/**
 * One kind of work that {@code eirnn bench} measures (forward, train, lif). Implementations set up their inputs
 * once and return a {@link Run} whose {@code once()} does one batch of {@code inFlight} trials.
 */
interface Benchmark {
    /** "forward", "train" or "lif" (the csv {@code work} column). */
    String work();

    /** Prepares a batch of {@code inFlight} trials of go-nogo at size {@code n} on {@code engine}. */
    Run prepare(Engine engine, int n, int inFlight);

    /** Floating-point operations per trial, for the GFLOP/s column (0 when not meaningful). */
    double flopsPerTrial(int n);

    /** Neuron-steps per trial for simulations measured in them (LIF); 0 otherwise. */
    default double neuronStepsPerTrial(int n) {
        return 0;
    }

    interface Run extends AutoCloseable {
        /** Runs one batch to completion (results read back, so device work is finished). */
        void once();

        @Override
        void close();
    }
}
