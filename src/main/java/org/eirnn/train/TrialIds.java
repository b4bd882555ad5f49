package org.eirnn.train;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;

import java.util.ArrayList;
import java.util.List;

/**
 * How trial numbers map to the Philox counter (word 2, 32 bits), so that every run is reproducible from its seed and
 * a resumed run draws exactly what the uninterrupted one would have. Together with the key (seed, network k) and the
 * stream (TASK, RATE_X0, RATE_NOISE) a trial id fixes the trial's stimulus, x_0 and noise on every engine.
 * <ul>
 * <li>training trial tr, slot b of a minibatch of B: id tr·B + b, in [0, 2^31);</li>
 * <li>evaluation e (the e-th evaluation of a run, or of an {@code eval} command), trial j of E: 2^31 + e·E + j;</li>
 * <li>the initial forward pass before training (the .mat x0/r0): the top 2^16 ids, from {@link #INITIAL}.</li>
 * </ul>
 * The three ranges are disjoint, so evaluation trials are always fresh (never trained on).
 */
public final class TrialIds {
    /** First evaluation id. */
    public static final long EVALUATION = 1L << 31;
    /** First id of the initial pass. */
    public static final long INITIAL = (1L << 32) - (1L << 16);

    private TrialIds() {
    }

    public static long training(long tr, int batch) {
        return tr * batch;
    }

    public static long evaluation(long e, int evalTrials) {
        return EVALUATION + e * evalTrials;
    }

    /** Rejects runs whose ids would leave their range. */
    public static void checkRange(long nTrials, int batch, int evalEvery, int evalTrials) {
        InvalidInputException.require(nTrials * batch <= EVALUATION,
                () -> "--n_trials " + nTrials + " × --batch " + batch + " is too large: at most 2^31 training trials");
        long evaluations = nTrials / evalEvery + 1;
        InvalidInputException.require(EVALUATION + evaluations * evalTrials <= INITIAL,
                () -> "too many evaluation trials for --n_trials " + nTrials);
    }

    /**
     * Trials {@code firstId … firstId+count−1} for each of {@code networks} networks, network k drawing from its own
     * TASK stream (seed, k), concatenated in network order as sessions expect.
     */
    public static TrialBatch ensembleBatch(Task task, long seed, int networks, long firstId, int count) {
        return ensembleBatch(task, seed, networks, firstId, count, TrialPurpose.GRADIENT);
    }

    /** As {@link #ensembleBatch(Task, long, int, long, int)}, drawn for {@code purpose}. */
    public static TrialBatch ensembleBatch(Task task, long seed, int networks, long firstId, int count,
                                           TrialPurpose purpose) {
        List<TrialBatch> parts = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            parts.add(task.generate(new RandomKey(seed, k, RandomStream.TASK), firstId, count, purpose));
        }
        return TrialBatch.concat(parts);
    }
}
