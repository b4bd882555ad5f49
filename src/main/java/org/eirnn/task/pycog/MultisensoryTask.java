package org.eirnn.task.pycog;

import org.eirnn.rng.RandomKey;
import org.eirnn.task.TrialPurpose;

import java.util.List;
import java.util.Map;

/**
 * pycog's multisensory integration (Raposo et al. 2014; spec peers §1.7): N = 150, inputs visual+, auditory+,
 * visual−, auditory−, start cue; 2 outputs. Conditions: modality {v, a, va} × frequency 9…16 Hz = 24 (condition b:
 * modality index (b−1) mod 3, frequency index (b−1) div 3); catch probability 5/25; choice 0 when f &gt; 12.5 Hz.
 * During the stimulus a presented modality's positive channel is 0.4 + 0.8(f−9)/7 and its negative one
 * 0.4 + 0.8(16−f)/7; the start cue is on during stimulus and decision. Epochs: fixation 100 ms (test 500), stimulus
 * 1000, decision 300; catch 2500. C_in: {@link Structures#multisensory}; target mean of last 5 &gt; 90.
 */
public final class MultisensoryTask extends TwoChoiceTask {
    public static final String[] MODALITIES = {"v", "a", "va"};
    public static final int F_MIN = 9;
    public static final int F_MAX = 16;
    public static final double BOUNDARY = 12.5;
    public static final int VISUAL_P = 0;
    public static final int AUDITORY_P = 1;
    public static final int VISUAL_N = 2;
    public static final int AUDITORY_N = 3;
    public static final int START = 4;

    public MultisensoryTask(double dtMs, double tauMs) {
        super("multisensory", dtMs, tauMs, new Design(MODALITIES.length * (F_MAX - F_MIN + 1), 5.0 / 25, 2500, 90,
                500));
    }

    @Override
    PycogSetup buildSetup() {
        return PycogSetup.standard(150, 5, 2, tauMs(), dtMs(), true, Structures.multisensory(150, 5),
                100 * conditions());
    }

    /** The tuning of the positive and negative inputs over the task's frequencies. */
    public static final Tuning TUNING = new Tuning(F_MIN, F_MAX);

    public static String modality(int condition) {
        return MODALITIES[(condition - 1) % MODALITIES.length];
    }

    public static int frequency(int condition) {
        return F_MIN + (condition - 1) / MODALITIES.length;
    }

    /** The psychometric axes' keys, in {@link #MODALITIES} order. */
    public static final List<String> AXIS_KEYS = List.of("visual", "auditory", "multisensory");

    /**
     * P(choice 1, "high") against the frequency on visual, auditory and bimodal trials (pycog's Fig. 6; keys visual,
     * auditory, multisensory).
     */
    @Override
    public List<Psychometrics.Axis> psychometricAxes() {
        return java.util.stream.IntStream.range(0, MODALITIES.length).mapToObj(m -> new Psychometrics.Axis(
                AXIS_KEYS.get(m), AXIS_KEYS.get(m) + " trials: frequency (Hz)", c -> (c - 1) % MODALITIES.length == m
                ? frequency(c) : Double.NaN)).toList();
    }

    @Override
    public int choice(int condition) {
        return frequency(condition) > BOUNDARY ? 0 : 1;
    }

    @Override
    void describe(int condition, Map<String, Double> info) {
        info.put("modality", (double) ((condition - 1) % MODALITIES.length));
        info.put("freq", (double) frequency(condition));
    }

    @Override
    Layout layout(int condition, RandomKey key, long trial, TrialPurpose purpose) {
        return standardEpochs(purpose, 1000);
    }

    @Override
    void inputs(int condition, Layout l, TrialWriter w) {
        String m = modality(condition);
        int f = frequency(condition);
        if (m.contains("v")) {
            w.input(VISUAL_P, l.stimulus(), TUNING.positive(f));
            w.input(VISUAL_N, l.stimulus(), TUNING.negative(f));
        }
        if (m.contains("a")) {
            w.input(AUDITORY_P, l.stimulus(), TUNING.positive(f));
            w.input(AUDITORY_N, l.stimulus(), TUNING.negative(f));
        }
        w.input(START, new Span(l.stimulus().from(), l.decision().to()), 1);
    }

    @Override
    int longestTrial(TrialPurpose purpose) {
        return longestOf(fixationMs(purpose) + 1000 + DECISION_MS);
    }
}
