package org.eirnn.task.pycog;

import org.eirnn.rng.RandomKey;
import org.eirnn.task.TaskScore;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;

import java.util.List;
import java.util.Map;

/**
 * pycog's two-alternative tasks (spec peers §1.7): two outputs, target low 0.2 on both during fixation and on the
 * other channel during the decision, high ({@link #high()}) on the chosen channel during the decision; mask =
 * fixation + decision. Condition 0 is the catch trial (no stimulus, both outputs low and masked in for the whole
 * trial), drawn with probability {@link #pCatch()} for gradient and test trials; the others are drawn uniformly.
 * Under {@link TrialPurpose#VALIDATION} trial id mod {@link #conditions()} is the condition (pycog's
 * minibatch_index). The choice is the argmax of the two outputs at the trial's final step (np.argmax: ties go to
 * channel 0); {@code performance_2afc} is the percentage of correct non-catch trials.
 */
public abstract class TwoChoiceTask extends PycogTask {
    public static final double LOW = 0.2;
    public static final double HIGH = 1.0;
    /** Counter units at step 0 of the TASK stream: the catch coin and the condition draw. */
    static final int CATCH_UNIT = 0;
    static final int CONDITION_UNIT = 1;

    /**
     * The epochs of a non-catch trial.
     *
     * @param length   trial length in pycog steps
     * @param fixation the fixation epoch (targets low, masked in)
     * @param decision the decision epoch (targets by choice, masked in)
     * @param stimulus the stimulus epoch (romo: f1)
     * @param second   romo's f2 (null elsewhere)
     */
    record Layout(int length, Span fixation, Span decision, Span stimulus, Span second) {
    }

    /** The decision epoch after the stimulus of the fixed-epoch tasks (ms). */
    static final double DECISION_MS = 300;
    /** Fixation of gradient and validation trials (ms). */
    static final double FIXATION_MS = 100;

    /**
     * The numbers of a two-choice task's table row.
     *
     * @param choiceConditions non-catch conditions (pycog's nconditions)
     * @param pCatch           catch probability of gradient and test trials
     * @param catchMs          length of a catch trial (ms)
     * @param target           pycog's TARGET_PERFORMANCE (%)
     * @param testFixationMs   fixation of test trials (ms; 100 otherwise)
     */
    record Design(int choiceConditions, double pCatch, double catchMs, double target, double testFixationMs) {
    }

    private final Design design;

    TwoChoiceTask(String name, double dtMs, double tauMs, Design design) {
        super(name, dtMs, tauMs);
        this.design = design;
    }

    /** Number of non-catch conditions (pycog's nconditions). */
    final int choiceConditions() {
        return design.choiceConditions();
    }

    final double pCatch() {
        return design.pCatch();
    }

    /** Length of a catch trial (ms). */
    final double catchMs() {
        return design.catchMs();
    }

    /** The target of the chosen output during the decision (1; 1.2 for rdm_rt). */
    double high() {
        return HIGH;
    }

    /** Mean of the last 5 performance values must exceed this (pycog's TARGET_PERFORMANCE). */
    final double targetPerformance() {
        return design.target();
    }

    /** The correct choice (0 or 1) of condition 1…{@link #choiceConditions()}. */
    public abstract int choice(int condition);

    /** pycog's trial['info'] of a condition (its task variables and choice); empty for the catch condition. */
    public final Map<String, Double> info(int condition) {
        Map<String, Double> info = new java.util.LinkedHashMap<>();
        if (condition != 0) {
            describe(condition, info);
            info.put("choice", (double) choice(condition));
        }
        return info;
    }

    /** The stimulus variables of the task's psychometric functions ({@link Psychometrics.Axis}); none by default. */
    public List<Psychometrics.Axis> psychometricAxes() {
        return List.of();
    }

    /** Puts the task variables of non-catch condition {@code condition} into {@code info}, in pycog's names. */
    abstract void describe(int condition, Map<String, Double> info);

    /** The epochs of a non-catch trial; durations drawn from (key, trial) where they vary. */
    abstract Layout layout(int condition, RandomKey key, long trial, TrialPurpose purpose);

    /** Writes the stimulus of a non-catch trial. */
    abstract void inputs(int condition, Layout layout, TrialWriter w);

    /** Fixation (ms) for the purpose: 100, or the task's longer test fixation. */
    public final double fixationMs(TrialPurpose purpose) {
        return purpose == TrialPurpose.TEST ? design.testFixationMs() : FIXATION_MS;
    }

    /** Fixation, stimulus of {@code stimulusMs}, then the 300 ms decision. */
    final Layout standardEpochs(TrialPurpose purpose, double stimulusMs) {
        double f = fixationMs(purpose);
        double end = f + stimulusMs + DECISION_MS;
        return new Layout(steps(end), span(0, f), span(f + stimulusMs, end), span(f, f + stimulusMs), null);
    }

    /** The longer of a non-catch trial of {@code trialMs} and a catch trial, in steps. */
    final int longestOf(double trialMs) {
        return Math.max(steps(trialMs), steps(catchMs()));
    }

    /** True where trial durations are drawn (rdm_varstim, romo): a label alone then does not give the trial's end. */
    boolean durationsVary() {
        return false;
    }

    /** Conditions including the catch condition 0. */
    @Override
    public final int conditions() {
        return choiceConditions() + 1;
    }

    /** The condition of trial {@code trial}: enumerated for validation, else catch with pCatch and uniform otherwise. */
    final int condition(RandomKey key, long trial, TrialPurpose purpose) {
        if (purpose == TrialPurpose.VALIDATION) {
            return (int) Math.floorMod(trial, (long) conditions());
        }
        if (key.uniform(trial, 0, CATCH_UNIT) < pCatch()) {
            return 0;
        }
        return 1 + Math.min(choiceConditions() - 1, (int) (key.uniform(trial, 0, CONDITION_UNIT) * choiceConditions()));
    }

    @Override
    final int drawTrial(RandomKey key, long trial, TrialPurpose purpose, TrialWriter w) {
        int condition = condition(key, trial, purpose);
        if (condition == 0) {
            Span all = new Span(0, steps(catchMs()));
            w.target(0, all, LOW);
            w.target(1, all, LOW);
            w.mask(all);
            return 0;
        }
        Layout l = layout(condition, key, trial, purpose);
        int choice = choice(condition);
        w.target(0, l.fixation(), LOW);
        w.target(1, l.fixation(), LOW);
        w.target(choice, l.decision(), high());
        w.target(1 - choice, l.decision(), LOW);
        w.mask(l.fixation());
        w.mask(l.decision());
        inputs(condition, l, w);
        return condition;
    }

    /** The choice of every trial of the batch: argmax of the two outputs at its final step (ties: 0). */
    public final int[] choices(TrialBatch batch, double[] o) {
        int[] out = new int[batch.trials()];
        for (int b = 0; b < out.length; b++) {
            int end = trialEnd(batch, b);
            out[b] = output(batch, o, b, 1, end) > output(batch, o, b, 0, end) ? 1 : 0;
        }
        return out;
    }

    /** performance_2afc: % correct over the non-catch trials firstTrial … firstTrial+count−1 (NaN when none). */
    @Override
    public TaskScore score(TrialBatch batch, double[] o, int firstTrial, int count) {
        int[] choices = choices(batch, o);
        int trials = 0;
        int correct = 0;
        for (int b = firstTrial; b < firstTrial + count; b++) {
            int condition = batch.labels()[b];
            if (condition != 0) {
                trials++;
                correct += choices[b] == choice(condition) ? 1 : 0;
            }
        }
        return new TaskScore("performance_2afc", trials == 0 ? Double.NaN : 100.0 * correct / trials, true);
    }

    /** pycog's terminate: the mean of the last 5 performance values exceeds the task's target. */
    @Override
    public boolean meetsTarget(List<Double> scoreHistory) {
        if (scoreHistory.isEmpty()) {
            return false;
        }
        List<Double> last = scoreHistory.subList(Math.max(0, scoreHistory.size() - 5), scoreHistory.size());
        return last.stream().mapToDouble(Double::doubleValue).average().orElse(0) > targetPerformance();
    }

    /**
     * The choice rule on one gradient-length trial ({@link #steps()} steps, outputs at
     * {@code o[offset + c·(steps−1) + i]}): a non-catch trial is correct when its choice is the condition's, a catch
     * trial when both outputs end below (low + high)/2. Tasks whose durations are drawn refuse: use {@link #score}.
     */
    @Override
    public boolean isCorrect(double[] o, int offset, int label) {
        if (durationsVary()) {
            throw new UnsupportedOperationException(name() + "'s trials vary in length, so a label does not give a "
                    + "trial's end: score it with score(batch, o, first, count)");
        }
        int len = steps() - 1;
        int end = (label == 0 ? steps(catchMs()) : layout(label, null, 0, TrialPurpose.GRADIENT).length()) - 1;
        double o0 = o[offset + end];
        double o1 = o[offset + len + end];
        if (label == 0) {
            return Math.max(o0, o1) < (LOW + high()) / 2;
        }
        return (o1 > o0 ? 1 : 0) == choice(label);
    }
}
