package org.eirnn.task.pycog;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomKey;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;

/**
 * A task of pycog's examples (spec peers §1.7) on eirnn's batches. Epochs are given in ms and laid on pycog's grid at
 * the task's Δt ({@link Span}); a trial of pycog's length L (steps) becomes L+1 eirnn steps, so that its L outputs are
 * pycog's (eirnn's output i, time i+1, has seen inputs 0…i as pycog's z[i] has). Every batch is padded with mask 0
 * to the longest trial the purpose can give ({@link #steps(TrialPurpose)}), so a batch of 64 equals 64 batches of 1
 * and the trainer's sessions keep one length (the engines' training loops stop at the batch's last masked output
 * all the same: {@link org.eirnn.engine.LossHorizon}). Trials draw from the TASK stream keyed by their trial id: the
 * distributions are pycog's, the bits are eirnn's Philox words (counter step 0 holds the per-trial coins, later
 * steps any duration draws). Labels are pycog's condition index (0 = catch where the task has catch trials).
 */
public abstract class PycogTask implements Task {
    private final String name;
    private final double dtMs;
    private final double tauMs;
    private PycogSetup setup;

    PycogTask(String name, double dtMs, double tauMs) {
        InvalidInputException.require(dtMs > 0 && Double.isFinite(dtMs),
                () -> "dt " + dtMs + " ms is not valid for task " + name + ": expected a positive step");
        InvalidInputException.require(tauMs > 0 && Double.isFinite(tauMs),
                () -> "tau " + tauMs + " ms is not valid for task " + name + ": expected a positive time constant");
        this.name = name;
        this.dtMs = dtMs;
        this.tauMs = tauMs;
    }

    @Override
    public final String name() {
        return name;
    }

    public final double dtMs() {
        return dtMs;
    }

    public final double tauMs() {
        return tauMs;
    }

    /** The network and training settings the task asks for (built once). */
    public final synchronized PycogSetup setup() {
        if (setup == null) {
            setup = buildSetup();
        }
        return setup;
    }

    abstract PycogSetup buildSetup();

    @Override
    public final int inputs() {
        return setup().inputs();
    }

    @Override
    public final int outputs() {
        return setup().outputs();
    }

    /** Steps of a gradient or validation batch. */
    @Override
    public final int steps() {
        return steps(TrialPurpose.GRADIENT);
    }

    /** Steps of a batch for {@code purpose}: the longest trial it can give, in pycog steps, plus one. */
    public final int steps(TrialPurpose purpose) {
        return longestTrial(purpose) + 1;
    }

    /** The longest trial (pycog steps) that {@code purpose} can draw. */
    abstract int longestTrial(TrialPurpose purpose);

    /** Milliseconds → steps on this task's grid. */
    final int steps(double ms) {
        return Span.steps(ms, dtMs);
    }

    final Span span(double startMs, double endMs) {
        return Span.of(startMs, endMs, dtMs);
    }

    @Override
    public final TrialBatch generate(RandomKey key, long firstTrial, int count) {
        return generate(key, firstTrial, count, TrialPurpose.GRADIENT);
    }

    @Override
    public final TrialBatch generate(RandomKey key, long firstTrial, int count, TrialPurpose purpose) {
        int steps = steps(purpose);
        int nIn = inputs();
        int nOut = outputs();
        double[] u = new double[count * nIn * steps];
        double[] z = new double[count * nOut * steps];
        double[] m = new double[z.length];
        int[] labels = new int[count];
        long[] ids = new long[count];
        for (int b = 0; b < count; b++) {
            ids[b] = firstTrial + b;
            labels[b] = drawTrial(key, ids[b], purpose, new TrialWriter(u, z, m, nIn, nOut, steps, b));
        }
        return new TrialBatch(count, nIn, nOut, steps, u, z, m, labels, ids);
    }

    /** Writes trial {@code trial} (arrays zero on entry) and returns its condition index (the label). */
    abstract int drawTrial(RandomKey key, long trial, TrialPurpose purpose, TrialWriter w);

    /**
     * The last step of trial {@code trial} of {@code batch}: its last target index whose mask is nonzero in any channel
     * (where pycog reads a choice). Every pycog trial's mask reaches its final step (fixation + decision, catch trials
     * and lee's movements all end the trial), so this is the trial's length − 1; −1 when nothing is masked in.
     */
    public static int trialEnd(TrialBatch batch, int trial) {
        for (int t = batch.steps() - 1; t >= 0; t--) {
            for (int c = 0; c < batch.outputs(); c++) {
                if (batch.mask(trial, c, t) != 0) {
                    return t;
                }
            }
        }
        return -1;
    }

    /** Output channel c of trial b at output index i in {@code o} (engine.Trajectories.o() layout). */
    static double output(TrialBatch batch, double[] o, int b, int c, int i) {
        return o[(b * batch.outputs() + c) * (batch.steps() - 1) + i];
    }
}
