package org.eirnn.task.pycog;

import org.eirnn.rng.RandomKey;
import org.eirnn.task.TrialPurpose;

import java.util.LinkedHashMap;
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
        super("multisensory", dtMs, tauMs);
    }

    @Override
    PycogSetup buildSetup() {
        return PycogSetup.standard(150, 5, 2, tauMs(), dtMs(), true, Structures.multisensory(150, 5),
                100 * conditions());
    }

    public static double positive(double f) {
        return 0.4 + 0.8 * (f - F_MIN) / (F_MAX - F_MIN);
    }

    public static double negative(double f) {
        return 0.4 + 0.8 * (F_MAX - f) / (F_MAX - F_MIN);
    }

    @Override
    int choiceConditions() {
        return MODALITIES.length * (F_MAX - F_MIN + 1);
    }

    @Override
    double pCatch() {
        return 5.0 / 25;
    }

    @Override
    double catchMs() {
        return 2500;
    }

    @Override
    double targetPerformance() {
        return 90;
    }

    public static String modality(int condition) {
        return MODALITIES[(condition - 1) % MODALITIES.length];
    }

    public static int frequency(int condition) {
        return F_MIN + (condition - 1) / MODALITIES.length;
    }

    @Override
    public int choice(int condition) {
        return frequency(condition) > BOUNDARY ? 0 : 1;
    }

    @Override
    public Map<String, Double> info(int condition) {
        Map<String, Double> info = new LinkedHashMap<>();
        if (condition != 0) {
            info.put("modality", (double) ((condition - 1) % MODALITIES.length));
            info.put("freq", (double) frequency(condition));
            info.put("choice", (double) choice(condition));
        }
        return info;
    }

    double fixationMs(TrialPurpose purpose) {
        return purpose == TrialPurpose.TEST ? 500 : 100;
    }

    @Override
    Layout layout(int condition, RandomKey key, long trial, TrialPurpose purpose) {
        double f = fixationMs(purpose);
        return new Layout(steps(f + 1300), span(0, f), span(f + 1000, f + 1300), span(f, f + 1000), null);
    }

    @Override
    void inputs(int condition, Layout l, TrialWriter w) {
        String m = modality(condition);
        int f = frequency(condition);
        if (m.contains("v")) {
            w.input(VISUAL_P, l.stimulus(), positive(f));
            w.input(VISUAL_N, l.stimulus(), negative(f));
        }
        if (m.contains("a")) {
            w.input(AUDITORY_P, l.stimulus(), positive(f));
            w.input(AUDITORY_N, l.stimulus(), negative(f));
        }
        w.input(START, new Span(l.stimulus().from(), l.decision().to()), 1);
    }

    @Override
    int longestTrial(TrialPurpose purpose) {
        return Math.max(steps(fixationMs(purpose) + 1300), steps(catchMs()));
    }
}
