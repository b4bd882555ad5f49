package org.eirnn.task;

import org.eirnn.rng.RandomKey;

/**
 * Temporal XOR (spec §2.4) and its DMS variant (spec §7.1): two ±1 pulses on two channels; label 'same' (+1)
 * when their product is +1, else 'diff' (−1); target ±1 over a response window.
 *
 * <ul>
 * <li>xor: T=300, pulses u[0,50:100], u[1,110:160]; target z[170:270]; correct from o index 200 (hard-coded in
 * the reference).</li>
 * <li>dms: T=200, pulses u[0,50:75], u[1,150:175]; target z[175:200]; correct from o index 175.</li>
 * </ul>
 * Thresholds ±0.7 (TF reference).
 */
public final class XorTask implements Task {
    private final String name;
    private final int steps;
    private final int stimOn;
    private final int stimDur;
    private final int delay;
    private final int targetFrom;
    private final int targetTo;
    private final int evalFrom;

    private XorTask(String name, int steps, int stimOn, int stimDur, int delay, int targetFrom, int targetTo,
                    int evalFrom) {
        this.name = name;
        this.steps = steps;
        this.stimOn = stimOn;
        this.stimDur = stimDur;
        this.delay = delay;
        this.targetFrom = targetFrom;
        this.targetTo = targetTo;
        this.evalFrom = evalFrom;
    }

    /** spikeRNN's xor: task end 160, target from 170 for 100 steps, eval from o[200]. */
    public static XorTask spikeRnn() {
        return new XorTask("xor", 300, 50, 50, 10, 170, 270, 200);
    }

    /** spikeRNN_DMS: task end 175, target to the end, eval from the task end. */
    public static XorTask dms() {
        return new XorTask("dms", 200, 50, 25, 75, 175, 200, 175);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputs() {
        return 2;
    }

    @Override
    public int steps() {
        return steps;
    }

    /** First step of the second pulse. */
    public int secondOnset() {
        return stimOn + stimDur + delay;
    }

    @Override
    public TrialBatch generate(RandomKey key, long firstTrial, int count) {
        double[] u = new double[count * 2 * steps];
        double[] z = new double[count * steps];
        int[] labels = new int[count];
        long[] ids = new long[count];
        for (int b = 0; b < count; b++) {
            long trial = firstTrial + b;
            ids[b] = trial;
            double s1 = key.uniform(trial, 0, 0) < 0.5 ? 1.0 : -1.0;
            double s2 = key.uniform(trial, 0, 1) < 0.5 ? 1.0 : -1.0;
            for (int t = stimOn; t < stimOn + stimDur; t++) {
                u[(b * 2) * steps + t] = s1;
            }
            for (int t = secondOnset(); t < secondOnset() + stimDur; t++) {
                u[(b * 2 + 1) * steps + t] = s2;
            }
            int label = s1 * s2 > 0 ? 1 : -1;
            labels[b] = label;
            for (int t = targetFrom; t < targetTo; t++) {
                z[b * steps + t] = label;
            }
        }
        return new TrialBatch(count, 2, steps, u, z, labels, ids);
    }

    @Override
    public boolean isCorrect(double[] o, int offset, int label) {
        int from = offset + evalFrom;
        int to = offset + steps - 1;
        return label > 0 ? Tasks.max(o, from, to) > 0.7 : Tasks.min(o, from, to) < -0.7;
    }

    @Override
    public String labelText(int label) {
        return label > 0 ? "same" : "diff";
    }

    @Override
    public boolean textLabels() {
        return true;
    }
}
