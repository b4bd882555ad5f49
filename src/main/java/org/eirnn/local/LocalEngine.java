package org.eirnn.local;

import org.eirnn.task.ForecastTask;

/**
 * Runs the ngc-learn EI-RNN with its online local rule (spec peers §2.1–2.2) on an ensemble: the CPU reference
 * ({@link CpuLocalRule}, double) or OpenCL ({@link OpenClLocalRule}, one work-item per network, all passes in one
 * launch). Both draw the same noise: ξ (pre) from stream RATE_NOISE and ξ' (post) from RATE_POST_NOISE of
 * (seed, network k), counter (step s, unit, pass id).
 */
public interface LocalEngine extends AutoCloseable {
    /** Pass ids of training pass q are q; an evaluation pass uses this id (never a training pass's). */
    int EVAL_PASS_ID = 0x40000000;

    /** "cpu (double, reference)" or the OpenCL device. */
    String description();

    /**
     * Runs {@code passes} passes over {@code task} on every network of {@code ensemble}, updating it in place. Each
     * pass starts from x = r = 0 with the traces reset; Adam's moments and step count carry on. With {@code learn}
     * the parameters change at every step (pass ids firstPass, firstPass + 1, …); without it nothing changes and
     * every pass uses {@link #EVAL_PASS_ID}.
     *
     * @return the metrics, {@code [pass][network]}
     */
    PassMetrics[][] run(LocalEnsemble ensemble, ForecastTask task, long seed, int firstPass, int passes,
                        boolean learn);

    @Override
    default void close() {
    }
}
