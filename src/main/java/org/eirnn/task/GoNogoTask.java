package org.eirnn.task;

import org.eirnn.rng.RandomKey;

/**
 * Go-NoGo (spec §2.4, TF reference): T=200; Go with probability 1/2 (U ≤ 0.5), u[50:75]=1, target 1 from step
 * 75 to the end; NoGo: no input, target 0. Correct (spec §2.5): Go if max(o[75:]) > 0.7, NoGo if max|o[75:]| < 0.3.
 */
public final class GoNogoTask implements Task {
    public static final int T = 200;
    public static final int STIM_ON = 50;
    public static final int STIM_DUR = 25;
    public static final int RESP_ONSET = STIM_ON + STIM_DUR;

    @Override
    public String name() {
        return "go-nogo";
    }

    @Override
    public int inputs() {
        return 1;
    }

    @Override
    public int steps() {
        return T;
    }

    @Override
    public TrialBatch generate(RandomKey key, long firstTrial, int count) {
        double[] u = new double[count * T];
        double[] z = new double[count * T];
        int[] labels = new int[count];
        long[] ids = new long[count];
        for (int b = 0; b < count; b++) {
            long trial = firstTrial + b;
            ids[b] = trial;
            boolean go = key.uniform(trial, 0, 0) <= 0.5;
            labels[b] = go ? 1 : 0;
            if (go) {
                for (int t = STIM_ON; t < STIM_ON + STIM_DUR; t++) {
                    u[b * T + t] = 1.0;
                }
                for (int t = RESP_ONSET; t < T; t++) {
                    z[b * T + t] = 1.0;
                }
            }
        }
        return new TrialBatch(count, 1, T, u, z, labels, ids);
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
