package org.eirnn.task.pycog;

import org.eirnn.model.PycogConnectivity;
import org.eirnn.rng.RandomKey;
import org.eirnn.task.TrialPurpose;

import java.util.List;
import java.util.Map;

/**
 * pycog's random-dot-motion tasks (spec peers §1.7): coherence {1, 2, 4, 8, 16} % × direction {+1, −1} = 10
 * conditions (condition b: coherence index (b−1) mod 5, direction index (b−1) div 5, pycog's Fortran-order
 * unravel_index), choice 0 for direction +1. During the stimulus the preferred input (channel = choice) is
 * (1 + 3.2·coh/100)/2 and the other (1 − 3.2·coh/100)/2. Epochs: fixation 100 ms (test: 300; rdm_varstim 500),
 * stimulus 800 ms, decision 300 ms; catch trials 2000 ms.
 * <ul>
 *   <li>rdm_fixed: E split into two selective pools (¼ of E each, one input and one output each, not connected to
 *       each other) and a non-selective half ({@link Structures#rdmFixed});</li>
 *   <li>rdm_dense: the default dense E/I network, readout from E;</li>
 *   <li>rdm_nodale: no Dale's principle (dense, free signs, readout from every unit);</li>
 *   <li>rdm_varstim: stimulus duration a truncated exponential of mean 330 ms in [80, 1500) ms rounded down to the
 *       grid; a start cue (channel 2) on during stimulus and decision;</li>
 *   <li>rdm_rt: stimulus 800 ms (test 1500) to the end of the trial, the decision window from stimulus onset + 300 ms
 *       to the end, high target 1.2, start cue during the stimulus, catch probability 5/11.</li>
 * </ul>
 */
public final class RdmTask extends TwoChoiceTask {
    /** The five variants. */
    public enum Variant {
        FIXED("rdm_fixed"), DENSE("rdm_dense"), NODALE("rdm_nodale"), VARSTIM("rdm_varstim"), RT("rdm_rt");

        public final String taskName;

        Variant(String taskName) {
            this.taskName = taskName;
        }
    }

    public static final int[] COHERENCES = {1, 2, 4, 8, 16};
    public static final int[] DIRECTIONS = {1, -1};
    public static final double SCALE = 3.2;
    public static final double CATCH_MS = 2000;
    public static final double NO_REWARD_MS = 300;
    /** Start-cue channel of rdm_varstim and rdm_rt. */
    public static final int START = 2;

    private final Variant variant;

    public RdmTask(Variant variant, double dtMs, double tauMs) {
        super(variant.taskName, dtMs, tauMs, new Design(COHERENCES.length * DIRECTIONS.length,
                (variant == Variant.RT ? 5.0 : 1.0) / 11, CATCH_MS, 85, variant == Variant.VARSTIM ? 500 : 300));
        this.variant = variant;
    }

    public Variant variant() {
        return variant;
    }

    /** The input of a channel at coherence {@code coh} % (negative for the non-preferred channel). */
    public static double scale(double coh) {
        return (1 + SCALE * coh / 100) / 2;
    }

    @Override
    PycogSetup buildSetup() {
        int inputs = variant == Variant.VARSTIM || variant == Variant.RT ? 3 : 2;
        PycogConnectivity c = variant == Variant.FIXED ? Structures.rdmFixed(100) : PycogConnectivity.DEFAULT;
        return PycogSetup.standard(100, inputs, 2, tauMs(), dtMs(), variant != Variant.NODALE, c,
                100 * conditions());
    }

    @Override
    double high() {
        return variant == Variant.RT ? 1.2 : HIGH;
    }

    @Override
    boolean durationsVary() {
        return variant == Variant.VARSTIM;
    }

    public static int coherence(int condition) {
        return COHERENCES[(condition - 1) % COHERENCES.length];
    }

    public static int direction(int condition) {
        return DIRECTIONS[(condition - 1) / COHERENCES.length];
    }

    /** Coherence × direction in %: positive favours choice 0 (pycog's signed coherence). */
    public static double signedCoherence(int condition) {
        return coherence(condition) * direction(condition);
    }

    /** The psychometric function's variable: the signed coherence (its .mat variables psychometric, _fit). */
    public static final Psychometrics.Axis COHERENCE_AXIS = new Psychometrics.Axis("", "signed coherence (%)",
            RdmTask::signedCoherence);

    @Override
    public List<Psychometrics.Axis> psychometricAxes() {
        return List.of(COHERENCE_AXIS);
    }

    @Override
    public int choice(int condition) {
        return direction(condition) > 0 ? 0 : 1;
    }

    @Override
    void describe(int condition, Map<String, Double> info) {
        info.put("coh", (double) coherence(condition));
        info.put("in_out", (double) direction(condition));
    }

    /** Fixed stimulus duration (ms): 800; rdm_rt's test 1500 (rdm_varstim draws its own). */
    double stimulusMs(TrialPurpose purpose) {
        return variant == Variant.RT && purpose == TrialPurpose.TEST ? 1500 : 800;
    }

    @Override
    Layout layout(int condition, RandomKey key, long trial, TrialPurpose purpose) {
        double stimulus = variant == Variant.VARSTIM ? Durations.truncatedExponential(key, trial, 330, 80, 1500,
                dtMs()) : stimulusMs(purpose);
        if (variant != Variant.RT) {
            return standardEpochs(purpose, stimulus);
        }
        double fixation = fixationMs(purpose);
        double end = fixation + stimulus;
        return new Layout(steps(end), span(0, fixation), span(fixation + NO_REWARD_MS, end), span(fixation, end),
                null);
    }

    @Override
    void inputs(int condition, Layout l, TrialWriter w) {
        int choice = choice(condition);
        w.input(choice, l.stimulus(), scale(coherence(condition)));
        w.input(1 - choice, l.stimulus(), scale(-coherence(condition)));
        if (variant == Variant.VARSTIM) {
            w.input(START, new Span(l.stimulus().from(), l.decision().to()), 1);
        } else if (variant == Variant.RT) {
            w.input(START, l.stimulus(), 1);
        }
    }

    @Override
    int longestTrial(TrialPurpose purpose) {
        double stimulus = variant == Variant.VARSTIM ? Durations.longestBelow(1500, dtMs()) : stimulusMs(purpose);
        return longestOf(fixationMs(purpose) + stimulus + (variant == Variant.RT ? 0 : DECISION_MS));
    }
}
