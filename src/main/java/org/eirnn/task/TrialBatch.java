package org.eirnn.task;

/**
 * A batch of task trials, row-major: {@code u[(b*inputs + c)*steps + t]}, {@code target[b*steps + t]}.
 * Trials of an ensemble are grouped by network: trials [k·B, (k+1)·B) belong to network k.
 *
 * @param trials   number of trials in the batch
 * @param inputs   input channels N_in
 * @param steps    trial length T in rate steps
 * @param u        stimulus, N_in×T per trial
 * @param target   target z, T per trial (only indices 0..T−2 enter the loss, spec §2.3)
 * @param labels   trial label: go-nogo 1 (Go) / 0 (NoGo); xor/dms +1 same / −1 diff; mante ±1
 * @param trialIds the trial counter of each trial, which keys its noise draws (Philox word 2)
 */
public record TrialBatch(int trials, int inputs, int steps, double[] u, double[] target, int[] labels,
                         long[] trialIds) {

    public TrialBatch {
        if (u.length != trials * inputs * steps || target.length != trials * steps || labels.length != trials
                || trialIds.length != trials) {
            throw new IllegalArgumentException("inconsistent trial batch shapes");
        }
    }

    /** Throws unless this batch has the shape a session of {@code networks}×{@code perNetwork} trials expects. */
    public void requireShape(int networks, int perNetwork, int inputCount, int stepCount) {
        if (trials != networks * perNetwork || steps != stepCount || inputs != inputCount) {
            throw new IllegalArgumentException("batch of " + trials + " trials × " + steps + " steps × " + inputs
                    + " inputs does not fit a session of " + networks + "×" + perNetwork + " trials × " + stepCount
                    + " steps × " + inputCount + " inputs");
        }
    }

    public double u(int trial, int channel, int t) {
        return u[(trial * inputs + channel) * steps + t];
    }

    public double target(int trial, int t) {
        return target[trial * steps + t];
    }

    /** Concatenates batches of the same task (one per network) in order. */
    public static TrialBatch concat(java.util.List<TrialBatch> parts) {
        TrialBatch first = parts.get(0);
        int total = parts.stream().mapToInt(TrialBatch::trials).sum();
        double[] u = new double[total * first.inputs * first.steps];
        double[] z = new double[total * first.steps];
        int[] labels = new int[total];
        long[] ids = new long[total];
        int at = 0;
        for (TrialBatch p : parts) {
            System.arraycopy(p.u, 0, u, at * first.inputs * first.steps, p.u.length);
            System.arraycopy(p.target, 0, z, at * first.steps, p.target.length);
            System.arraycopy(p.labels, 0, labels, at, p.trials);
            System.arraycopy(p.trialIds, 0, ids, at, p.trials);
            at += p.trials;
        }
        return new TrialBatch(total, first.inputs, first.steps, u, z, labels, ids);
    }
}
