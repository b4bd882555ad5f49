package org.eirnn.task;

import org.eirnn.rng.RandomKey;

/**
 * Go-NoGo (spec §2.4, TF reference): T=200; Go with probability 1/2 (U ≤ 0.5), u[50:75]=1, target 1 from step
 * 75 to the end; NoGo: no input, target 0. Correct (spec §2.5): Go if max(o[75:]) > 0.7, NoGo if max|o[75:]| < 0.3.
 */
public final class GoNogoTask extends TrialByTrialTask {
    public static final int T = 200;
    public static final int STIM_ON = 50;
    public static final int STIM_DUR = 25;
    public static final int RESP_ONSET = STIM_ON + STIM_DUR;

    public GoNogoTask() {
        super("go-nogo", 1, T);
    }

    @Override
    int drawTrial(RandomKey key, long trial, double[] u, int uAt, double[] z, int zAt) {
        boolean go = key.uniform(trial, 0, 0) <= 0.5;
        if (go) {
            fill(u, uAt, STIM_ON, STIM_ON + STIM_DUR, 1.0);
            fill(z, zAt, RESP_ONSET, T, 1.0);
        }
        return go ? 1 : 0;
    }

    @Override
    public boolean isCorrect(double[] o, int offset, int label) {
        int from = offset + RESP_ONSET;
        int to = offset + T - 1;
        if (label == 1) {
            return Tasks.max(o, from, to) > 0.7;
        }
        double maxAbs = Math.max(Tasks.max(o, from, to), -Tasks.min(o, from, to));
        return maxAbs < 0.3;
    }
}
