package org.eirnn.local;

import org.eirnn.engine.Engine;
import org.eirnn.task.ForecastTask;

/**
 * The forecasting protocol of spec peers §2.4 on an ensemble of K networks: evaluate with learning off, train for
 * P passes (the local rule, or BPTT), evaluate again with learning off. Evaluations use {@link LocalEngine#EVAL_PASS_ID}
 * for their noise, so before and after see the same draws.
 */
public final class ForecastTraining {
    private ForecastTraining() {
    }

    /** Told when training starts (done 0) and after each pass (done of total). */
    @FunctionalInterface
    public interface Progress {
        void pass(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    /**
     * What a run gives.
     *
     * @param before  per network, the evaluation before training
     * @param after   per network, the evaluation after training
     * @param train   per pass, per network: the training loss of that pass (local: its metrics; BPTT: the MSE)
     * @param seconds wall time of the training passes alone
     */
    public record Result(PassMetrics[] before, PassMetrics[] after, double[][] train, double seconds) {
    }

    /** The local rule: passes in launches of {@code chunk} passes (all in one when chunk >= passes). */
    public static Result local(LocalEngine engine, LocalEnsemble ensemble, ForecastTask task, long seed, int passes,
                               int chunk, Progress progress) {
        PassMetrics[] before = engine.run(ensemble, task, seed, 0, 1, false)[0];
        double[][] train = new double[passes][];
        progress.pass(0, passes);
        long start = System.nanoTime();
        for (int first = 0; first < passes; first += chunk) {
            int count = Math.min(chunk, passes - first);
            PassMetrics[][] m = engine.run(ensemble, task, seed, first, count, true);
            for (int q = 0; q < count; q++) {
                train[first + q] = java.util.Arrays.stream(m[q]).mapToDouble(PassMetrics::rmse).toArray();
            }
            progress.pass(first + count, passes);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PassMetrics[] after = engine.run(ensemble, task, seed, 0, 1, false)[0];
        return new Result(before, after, train, seconds);
    }

    /** BPTT on the family's engine, scored by {@code scorer}'s evaluation pass like the local rule. */
    public static Result bptt(Engine family, LocalEngine scorer, LocalEnsemble ensemble, ForecastTask task, long seed,
                              int passes, Progress progress) {
        PassMetrics[] before = scorer.run(ensemble, task, seed, 0, 1, false)[0];
        progress.pass(0, passes);
        long start = System.nanoTime();
        double[][] losses = BpttForecast.train(family, ensemble, task, seed, passes, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[][] rmse = new double[passes][];
        for (int q = 0; q < passes; q++) {
            rmse[q] = java.util.Arrays.stream(losses[q]).map(Math::sqrt).toArray();
        }
        PassMetrics[] after = scorer.run(ensemble, task, seed, 0, 1, false)[0];
        return new Result(before, after, rmse, seconds);
    }
}
