package org.eirnn.task.pycog;

import org.eirnn.model.PycogConnectivity;
import org.eirnn.rng.RandomKey;
import org.eirnn.task.TrialPurpose;

/**
 * pycog's oculomotor sequence task (Averbeck &amp; Lee 2007; spec peers §1.7): N = 200, τ = 50 ms, var_rec 0.01²,
 * continuous mode; 17 inputs: 9 dots of a 3×3 grid (dot k at x = −0.5 + 0.5·(k mod 3), y = −0.5 + 0.5·(2 − k div 3))
 * and 8 one-hot sequence cues (on for the whole trial); 2 outputs, the eye position. Epochs: ITI 1000 ms, fixation
 * 1000, M1, M2, M3 500 each (3.5 s). Eight fixed 3-move sequences from the centre dot 4; the fixation epoch shows the
 * centre dot, each move shows the current dot and its two options, and the target is the position of the next dot
 * (the centre during fixation). Mask: fixation and the three moves. Conditions: the 8 sequences, label = sequence − 1
 * (no catch trials); validation trial id mod 8 picks the sequence (pycog permutes each block of 8, the set is the
 * same). Stop at RMSE ≤ 0.05.
 *
 * <p>Readout from every unit: pycog's lee.py sets no Cout, so its W_out is unmasked and the inhibitory units read out
 * with negative sign. With the E-only readout of pycog's 2AFC tasks and b_out fixed at 0 the output could not go
 * below 0, and the targets at x or y = −0.5 would be out of reach (a validation RMSE floor near 0.23).
 */
public final class LeeTask extends ContinuousTask {
    /** pycog's sequences 1…8: the dots visited after the centre dot 4. */
    public static final int[][] SEQUENCES = {
            {4, 5, 1, 0}, {4, 3, 1, 2}, {4, 3, 7, 8}, {4, 5, 7, 6},
            {4, 5, 1, 2}, {4, 3, 1, 0}, {4, 3, 7, 6}, {4, 5, 7, 8}};
    public static final int DOTS = 9;
    private static final double[] MOVE_STARTS = {2000, 2500, 3000};

    public LeeTask(double dtMs, double tauMs) {
        super("lee", dtMs, tauMs);
    }

    /** The two options shown beside dot k (pycog's options; only dots a sequence passes through have them). */
    static int[] options(int dot) {
        return switch (dot) {
            case 1 -> new int[] {0, 2};
            case 3 -> new int[] {1, 7};
            case 4 -> new int[] {3, 5};
            case 5 -> new int[] {1, 7};
            case 7 -> new int[] {6, 8};
            default -> throw new IllegalArgumentException("dot " + dot + " has no options");
        };
    }

    public static double x(int dot) {
        return -0.5 + 0.5 * (dot % 3);
    }

    public static double y(int dot) {
        return -0.5 + 0.5 * (2 - dot / 3);
    }

    @Override
    PycogSetup buildSetup() {
        return PycogSetup.standard(200, DOTS + SEQUENCES.length, 2, tauMs(), dtMs(), true,
                PycogConnectivity.readoutFromEveryUnit(2, 200), 100 * SEQUENCES.length).withNoise(0.01).continuousMode(false, false);
    }

    @Override
    public int conditions() {
        return SEQUENCES.length;
    }

    @Override
    int longestTrial(TrialPurpose purpose) {
        return steps(3500);
    }

    @Override
    int drawTrial(RandomKey key, long trial, TrialPurpose purpose, TrialWriter w) {
        int condition = purpose == TrialPurpose.VALIDATION ? (int) Math.floorMod(trial, (long) SEQUENCES.length)
                : Math.min(SEQUENCES.length - 1, (int) (key.uniform(trial, 0, 0) * SEQUENCES.length));
        int[] seq = SEQUENCES[condition];
        w.input(DOTS + condition, new Span(0, steps(3500)), 1);
        Span fixation = span(1000, 2000);
        w.input(seq[0], fixation, 1);
        target(w, fixation, seq[0]);
        w.mask(fixation);
        for (int move = 0; move < 3; move++) {
            Span s = span(MOVE_STARTS[move], MOVE_STARTS[move] + 500);
            w.input(seq[move], s, 1);
            for (int option : options(seq[move])) {
                w.input(option, s, 1);
            }
            target(w, s, seq[move + 1]);
            w.mask(s);
        }
        return condition;
    }

    private static void target(TrialWriter w, Span s, int dot) {
        w.target(0, s, x(dot));
        w.target(1, s, y(dot));
    }
}
