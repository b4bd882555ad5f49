package org.eirnn.task;

import org.eirnn.rng.RandomKey;

/**
 * Context-dependent integration, TF reference version (spec §2.4): T=500, 4 channels. Sensory rows 0 and 1 are
 * N(0,1) ± 0.5 over [50, 250) (sign +1 when U ≤ 0.5); context row 2 (U ≤ 0.5, label from row 0) or row 3 (label
 * from row 1) is 1 for the whole trial; target = label from step 250. Correct (spec §2.5): over the last 200
 * outputs, max > 0.7 for +1, min < −0.7 for −1.
 */
public final class ManteTask extends TrialByTrialTask {
    public static final int T = 500;
    public static final int STIM_ON = 50;
    public static final int STIM_DUR = 200;
    /** Counter "step" of the per-trial coins; the sensory noise uses steps 1 + t. */
    private static final int COIN_STEP = 0;

    public ManteTask() {
        super("mante", 4, T);
    }

    @Override
    int drawTrial(RandomKey key, long trial, double[] u, int uAt, double[] z, int zAt) {
        int[] sign = new int[2];
        for (int row = 0; row < 2; row++) {
            sign[row] = key.uniform(trial, COIN_STEP, row) <= 0.5 ? 1 : -1;
            for (int t = STIM_ON; t < STIM_ON + STIM_DUR; t++) {
                u[uAt + row * T + t] = key.normal(trial, 1 + t, row) + 0.5 * sign[row];
            }
        }
        boolean contextA = key.uniform(trial, COIN_STEP, 2) <= 0.5;
        fill(u, uAt + (contextA ? 2 : 3) * T, 0, T, 1.0);
        int label = contextA ? sign[0] : sign[1];
        fill(z, zAt, STIM_ON + STIM_DUR, T, label);
        return label;
    }

    @Override
    public boolean isCorrect(double[] o, int offset, int label) {
        int to = offset + T - 1;
        int from = to - 200;
        return label > 0 ? Tasks.max(o, from, to) > 0.7 : Tasks.min(o, from, to) < -0.7;
    }
}
