package org.eirnn.task;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of task trials, row-major: {@code u[(b*inputs + c)*steps + t]}, {@code target[(b*outputs + c)*steps + t]},
 * {@code mask} laid out as {@code target}. Trials of an ensemble are grouped by network: trials [k·B, (k+1)·B)
 * belong to network k. Target index t pairs with the output at time t+1 (spec kim2019 §2.3), so only indices
 * 0…T−2 enter the loss. Trials shorter than T are padded to T with mask 0 (the padding then never counts).
 *
 * @param trials   number of trials in the batch
 * @param inputs   input channels N_in
 * @param outputs  output channels N_out
 * @param steps    trial length T in rate steps
 * @param u        stimulus, N_in×T per trial
 * @param target   target, N_out×T per trial
 * @param mask     loss mask, N_out×T per trial (1 where the output counts, 0 where it does not)
 * @param labels   trial label or condition: go-nogo 1 (Go) / 0 (NoGo); xor/dms +1 same / −1 diff; mante ±1
 * @param trialIds the trial counter of each trial, which keys its noise draws (Philox word 2)
 */
public record TrialBatch(int trials, int inputs, int outputs, int steps, double[] u, double[] target, double[] mask,
                         int[] labels, long[] trialIds) {

    public TrialBatch {
        if (u.length != trials * inputs * steps || target.length != trials * outputs * steps
                || mask.length != target.length || labels.length != trials || trialIds.length != trials) {
            throw new IllegalArgumentException("inconsistent trial batch shapes");
        }
    }

    /** A single-output batch whose loss counts every step (spikeRNN's tasks, spec kim2019 §2.4). */
    public TrialBatch(int trials, int inputs, int steps, double[] u, double[] target, int[] labels, long[] trialIds) {
        this(trials, inputs, 1, steps, u, target, ones(target.length), labels, trialIds);
    }

    private static double[] ones(int length) {
        double[] a = new double[length];
        Arrays.fill(a, 1.0);
        return a;
    }

    public double u(int trial, int channel, int t) {
        return u[(trial * inputs + channel) * steps + t];
    }

    /** Target of output channel 0. */
    public double target(int trial, int t) {
        return target[trial * outputs * steps + t];
    }

    public double target(int trial, int channel, int t) {
        return target[(trial * outputs + channel) * steps + t];
    }

    public double mask(int trial, int channel, int t) {
        return mask[(trial * outputs + channel) * steps + t];
    }

    /**
     * Trials of different lengths in one batch: every part is padded to the longest T with zero inputs, zero targets
     * and mask 0, so the padding never enters a loss (pycog pads its minibatches the same way, spec peers §1.5). The
     * mask is 0 from the short trial's target index T−1 on: that index pairs with an output the short trial never
     * has (output time T).
     */
    public static TrialBatch padded(List<TrialBatch> parts) {
        int steps = parts.stream().mapToInt(TrialBatch::steps).max().orElseThrow();
        return concat(parts.stream().map(p -> p.padTo(steps)).toList());
    }

    /** This batch with T raised to {@code newSteps}: inputs, targets and mask 0 on the added steps. */
    public TrialBatch padTo(int newSteps) {
        if (newSteps == steps) {
            return this;
        }
        if (newSteps < steps) {
            throw new IllegalArgumentException("cannot pad " + steps + " steps down to " + newSteps);
        }
        double[] m = resized(mask, trials * outputs, newSteps);
        for (int row = 0; row < trials * outputs; row++) {
            m[row * newSteps + steps - 1] = 0;   // target index T−1 pairs with no output of the short trial
        }
        return new TrialBatch(trials, inputs, outputs, newSteps, resized(u, trials * inputs, newSteps),
                resized(target, trials * outputs, newSteps), m, labels, trialIds);
    }

    /** The first {@code newSteps} steps of every trial (this batch when it has no more). */
    public TrialBatch truncateTo(int newSteps) {
        if (newSteps == steps) {
            return this;
        }
        if (newSteps > steps || newSteps < 1) {
            throw new IllegalArgumentException("cannot cut " + steps + " steps to " + newSteps);
        }
        return new TrialBatch(trials, inputs, outputs, newSteps, resized(u, trials * inputs, newSteps),
                resized(target, trials * outputs, newSteps), resized(mask, trials * outputs, newSteps), labels,
                trialIds);
    }

    /** The largest target index 0 … T−2 (the ones a loss reads) whose mask is nonzero in any trial; −1 if none. */
    public int lastMaskedIndex() {
        int last = -1;
        for (int row = 0; row < trials * outputs; row++) {
            for (int t = steps - 2; t > last; t--) {
                if (mask[row * steps + t] != 0) {
                    last = t;
                }
            }
        }
        return last;
    }

    /** Rows of {@code steps} values copied into rows of {@code newSteps} (cut, or the rest 0). */
    private double[] resized(double[] rowsOfSteps, int rows, int newSteps) {
        double[] out = new double[rows * newSteps];
        int keep = Math.min(steps, newSteps);
        for (int row = 0; row < rows; row++) {
            System.arraycopy(rowsOfSteps, row * steps, out, row * newSteps, keep);
        }
        return out;
    }

    /** Concatenates batches of the same task and length (one per network) in order. */
    public static TrialBatch concat(List<TrialBatch> parts) {
        TrialBatch first = parts.get(0);
        for (TrialBatch p : parts) {
            if (p.steps != first.steps || p.inputs != first.inputs || p.outputs != first.outputs) {
                throw new IllegalArgumentException("batches of " + p.steps + " and " + first.steps
                        + " steps cannot be concatenated: pad them (TrialBatch.padded)");
            }
        }
        int total = parts.stream().mapToInt(TrialBatch::trials).sum();
        int perTrialOut = first.outputs * first.steps;
        double[] u = new double[total * first.inputs * first.steps];
        double[] z = new double[total * perTrialOut];
        double[] m = new double[total * perTrialOut];
        int[] labels = new int[total];
        long[] ids = new long[total];
        int at = 0;
        for (TrialBatch p : parts) {
            System.arraycopy(p.u, 0, u, at * first.inputs * first.steps, p.u.length);
            System.arraycopy(p.target, 0, z, at * perTrialOut, p.target.length);
            System.arraycopy(p.mask, 0, m, at * perTrialOut, p.mask.length);
            System.arraycopy(p.labels, 0, labels, at, p.trials);
            System.arraycopy(p.trialIds, 0, ids, at, p.trials);
            at += p.trials;
        }
        return new TrialBatch(total, first.inputs, first.outputs, first.steps, u, z, m, labels, ids);
    }
}
