package org.eirnn.task;

import org.eirnn.rng.RandomKey;

/**
 * A task whose trials are drawn one at a time from (key, trial id): this class owns the batch layout, subclasses
 * write one trial's stimulus and target and return its label.
 */
abstract class TrialByTrialTask implements Task {
    private final String name;
    private final int inputs;
    private final int steps;

    TrialByTrialTask(String name, int inputs, int steps) {
        this.name = name;
        this.inputs = inputs;
        this.steps = steps;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int inputs() {
        return inputs;
    }

    @Override
    public final int steps() {
        return steps;
    }

    @Override
    public final TrialBatch generate(RandomKey key, long firstTrial, int count) {
        double[] u = new double[count * inputs * steps];
        double[] z = new double[count * steps];
        int[] labels = new int[count];
        long[] ids = new long[count];
        for (int b = 0; b < count; b++) {
            ids[b] = firstTrial + b;
            labels[b] = drawTrial(key, ids[b], u, b * inputs * steps, z, b * steps);
        }
        return new TrialBatch(count, inputs, steps, u, z, labels, ids);
    }

    /**
     * Writes trial {@code trial}'s stimulus into {@code u[uAt …]} (channel-major, inputs × steps, zero on entry) and
     * its target into {@code z[zAt …]} (steps, zero on entry); returns the label.
     */
    abstract int drawTrial(RandomKey key, long trial, double[] u, int uAt, double[] z, int zAt);

    /** Sets {@code a[at + from … at + to)} to {@code value}. */
    static void fill(double[] a, int at, int from, int to, double value) {
        java.util.Arrays.fill(a, at + from, at + to, value);
    }
}
