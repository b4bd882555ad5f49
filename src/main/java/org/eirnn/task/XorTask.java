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
public final class XorTask extends TrialByTrialTask {
    private final int stimOn;
    private final int stimDur;
    private final int delay;
    private final int targetFrom;
    private final int targetTo;
    private final int evalFrom;

    private XorTask(String name, int steps, int stimOn, int stimDur, int delay, int targetFrom, int targetTo,
                    int evalFrom) {
        super(name, 2, steps);
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

    /** First step of the second pulse. */
    public int secondOnset() {
        return stimOn + stimDur + delay;
    }

    @Override
    int drawTrial(RandomKey key, long trial, double[] u, int uAt, double[] z, int zAt) {
        double s1 = key.uniform(trial, 0, 0) < 0.5 ? 1.0 : -1.0;
        double s2 = key.uniform(trial, 0, 1) < 0.5 ? 1.0 : -1.0;
        fill(u, uAt, stimOn, stimOn + stimDur, s1);
        fill(u, uAt + steps(), secondOnset(), secondOnset() + stimDur, s2);
        int label = s1 * s2 > 0 ? 1 : -1;
        fill(z, zAt, targetFrom, targetTo, label);
        return label;
    }

    @Override
    public boolean isCorrect(double[] o, int offset, int label) {
        int from = offset + evalFrom;
        int to = offset + steps() - 1;
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
