package org.eirnn.task.pycog;

import org.eirnn.rng.RandomKey;
import org.eirnn.task.TaskScore;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;

import java.util.List;
import java.util.Map;

/**
 * pycog's parametric working memory (Romo; spec peers §1.7): N = 500 with pycog's sparse C_rec (p_exc 0.1, p_inh 0.5,
 * seed 1066, {@link Structures#sparseRecurrent}); inputs tuned positively 0.4 + 0.8(f−10)/24 and negatively
 * 0.4 + 0.8(34−f)/24 to the frequency shown in f1 and f2. Conditions: pairs (18,10), (22,14), (26,18), (30,22),
 * (34,26) Hz × {f1 &gt; f2, f1 &lt; f2} = 10 (condition b: pair (b−1) mod 5, order (b−1) div 5), choice 0 when
 * f1 &gt; f2; catch 1/11. Epochs: fixation 100 ms (test 500), f1 500, delay U(2500, 3500) rounded down to Δt (test
 * 3000), f2 500, decision 300; catch 2500. Performance: the minimum over conditions of % correct; stop when the
 * last value is ≥ 85.
 */
public final class RomoTask extends TwoChoiceTask {
    public static final int[][] PAIRS = {{18, 10}, {22, 14}, {26, 18}, {30, 22}, {34, 26}};
    public static final int F_MIN = 10;
    public static final int F_MAX = 34;

    public RomoTask(double dtMs, double tauMs) {
        super("romo", dtMs, tauMs, new Design(10, 1.0 / 11, 2500, 85, 500));
    }

    @Override
    PycogSetup buildSetup() {
        return PycogSetup.standard(500, 2, 2, tauMs(), dtMs(), true, Structures.sparseRecurrent(500, 0.1, 0.5, 1066),
                100 * conditions());
    }

    /** The tuning of the positive and negative inputs over the task's frequencies. */
    public static final Tuning TUNING = new Tuning(F_MIN, F_MAX);

    @Override
    boolean durationsVary() {
        return true;
    }

    private static boolean greater(int condition) {
        return (condition - 1) / PAIRS.length == 0;
    }

    public static int f1(int condition) {
        int[] pair = PAIRS[(condition - 1) % PAIRS.length];
        return greater(condition) ? pair[0] : pair[1];
    }

    public static int f2(int condition) {
        int[] pair = PAIRS[(condition - 1) % PAIRS.length];
        return greater(condition) ? pair[1] : pair[0];
    }

    @Override
    public int choice(int condition) {
        return greater(condition) ? 0 : 1;
    }

    @Override
    void describe(int condition, Map<String, Double> info) {
        info.put("f1", (double) f1(condition));
        info.put("f2", (double) f2(condition));
    }

    @Override
    Layout layout(int condition, RandomKey key, long trial, TrialPurpose purpose) {
        double f = fixationMs(purpose);
        double delay = purpose == TrialPurpose.TEST ? 3000 : Durations.uniform(key, trial, 2500, 3500, dtMs());
        double f2 = f + 500 + delay;
        double end = f2 + 500 + DECISION_MS;
        return new Layout(steps(end), span(0, f), span(f2 + 500, end), span(f, f + 500), span(f2, f2 + 500));
    }

    @Override
    void inputs(int condition, Layout l, TrialWriter w) {
        w.input(0, l.stimulus(), TUNING.positive(f1(condition)));
        w.input(1, l.stimulus(), TUNING.negative(f1(condition)));
        w.input(0, l.second(), TUNING.positive(f2(condition)));
        w.input(1, l.second(), TUNING.negative(f2(condition)));
    }

    @Override
    int longestTrial(TrialPurpose purpose) {
        double delay = purpose == TrialPurpose.TEST ? 3000 : Durations.longestBelow(3500, dtMs());
        return longestOf(fixationMs(purpose) + 1000 + delay + DECISION_MS);
    }

    /** performance_2afc_min_condition: the smallest % correct over the non-catch conditions present. */
    @Override
    public TaskScore score(TrialBatch batch, double[] o, int firstTrial, int count) {
        int[] choices = choices(batch, o);
        int[] trials = new int[conditions()];
        int[] correct = new int[conditions()];
        for (int b = firstTrial; b < firstTrial + count; b++) {
            int condition = batch.labels()[b];
            trials[condition]++;
            correct[condition] += condition != 0 && choices[b] == choice(condition) ? 1 : 0;
        }
        double min = Double.NaN;
        for (int c = 1; c < trials.length; c++) {
            if (trials[c] > 0) {
                double p = 100.0 * correct[c] / trials[c];
                min = Double.isNaN(min) ? p : Math.min(min, p);
            }
        }
        return new TaskScore("performance_2afc_min_condition", min, true);
    }

    /** romo stops when the last value is ≥ 85. */
    @Override
    public boolean meetsTarget(List<Double> scoreHistory) {
        return !scoreHistory.isEmpty() && scoreHistory.get(scoreHistory.size() - 1) >= targetPerformance();
    }
}
