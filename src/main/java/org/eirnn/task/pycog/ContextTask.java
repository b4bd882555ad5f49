package org.eirnn.task.pycog;

import org.eirnn.model.PycogConnectivity;
import org.eirnn.rng.RandomKey;
import org.eirnn.task.TrialPurpose;

import java.util.List;
import java.util.Map;

/**
 * pycog's context-dependent integration (Mante et al. 2013; spec peers §1.7), tasks {@code mante} and
 * {@code mante_areas}: N = 150, 6 inputs (context cues "motion" and "colour", then motion for choice 0/1, colour for
 * choice 0/1), 2 outputs. Conditions: context {m, c} × motion coherence {1, 3, 10} × colour coherence × motion
 * direction {+1, −1} × colour direction = 72 (condition b: Fortran-order unravel of b−1 over (2, 3, 3, 2, 2)); catch
 * probability 1/73. During the stimulus the context's cue is 1 and each modality's preferred channel
 * (1 + 5·coh/100)/2, the other (1 − 5·coh/100)/2; the choice follows the direction of the cued modality. Epochs:
 * fixation 100 ms (test 400), stimulus 800, decision 300; catch 2000. Minibatch 50; target mean of last 5 &gt; 90.
 * mante_areas splits the network into a sensory and a motor area ({@link Structures#manteAreas}).
 */
public final class ContextTask extends TwoChoiceTask {
    public static final int[] COHERENCES = {1, 3, 10};
    public static final int[] DIRECTIONS = {1, -1};
    public static final double SCALE = 5;
    private static final int[] DIMS = {2, 3, 3, 2, 2};

    private final boolean areas;

    public ContextTask(boolean areas, double dtMs, double tauMs) {
        super(areas ? "mante_areas" : "mante", dtMs, tauMs, new Design(72, 1.0 / 73, 2000, 90, 400));
        this.areas = areas;
    }

    public static double scale(double coh) {
        return (1 + SCALE * coh / 100) / 2;
    }

    @Override
    PycogSetup buildSetup() {
        PycogConnectivity c = areas ? Structures.manteAreas(150, 6, 2) : PycogConnectivity.DEFAULT;
        return PycogSetup.standard(150, 6, 2, tauMs(), dtMs(), true, c, 50 * conditions()).withMinibatch(50);
    }

    /** Indices (context, motion coherence, colour coherence, motion direction, colour direction) of a condition. */
    static int[] factors(int condition) {
        int[] k = new int[DIMS.length];
        int rest = condition - 1;
        for (int d = 0; d < DIMS.length; d++) {
            k[d] = rest % DIMS[d];
            rest /= DIMS[d];
        }
        return k;
    }

    /** True when the condition's context is motion ("m"). */
    public static boolean motionContext(int condition) {
        return factors(condition)[0] == 0;
    }

    public static int motionCoherence(int condition) {
        return COHERENCES[factors(condition)[1]];
    }

    public static int colourCoherence(int condition) {
        return COHERENCES[factors(condition)[2]];
    }

    public static int motionDirection(int condition) {
        return DIRECTIONS[factors(condition)[3]];
    }

    public static int colourDirection(int condition) {
        return DIRECTIONS[factors(condition)[4]];
    }

    /** The choice the cued modality asks for: 0 when its direction is +1. */
    public static int correctChoice(int condition) {
        int direction = motionContext(condition) ? motionDirection(condition) : colourDirection(condition);
        return direction > 0 ? 0 : 1;
    }

    /** True when motion and colour point to the same choice (the context then does not matter). */
    public static boolean congruent(int condition) {
        return motionDirection(condition) == colourDirection(condition);
    }

    @Override
    public int choice(int condition) {
        return correctChoice(condition);
    }

    /**
     * Four psychometric functions, as in Mante et al. and pycog's Fig. 4: in each context, P(choice 1) against the
     * signed motion coherence coh_m·left_right_m and against the signed colour coherence (positive values favour
     * choice 1, output 0). The cued modality's curve is steep, the other's flat in a network that uses the context.
     */
    @Override
    public List<Psychometrics.Axis> psychometricAxes() {
        return List.of(contextAxis(true, true), contextAxis(true, false), contextAxis(false, true),
                contextAxis(false, false));
    }

    private static Psychometrics.Axis contextAxis(boolean inMotionContext, boolean alongMotion) {
        String context = inMotionContext ? "motion" : "colour";
        String modality = alongMotion ? "motion" : "colour";
        return new Psychometrics.Axis(context + "_context_" + modality, context + " context: signed " + modality
                + " coherence (%)", c -> motionContext(c) != inMotionContext ? Double.NaN : alongMotion
                ? motionCoherence(c) * motionDirection(c) : colourCoherence(c) * colourDirection(c));
    }

    @Override
    void describe(int condition, Map<String, Double> info) {
        info.put("context_motion", motionContext(condition) ? 1.0 : 0.0);
        info.put("coh_m", (double) motionCoherence(condition));
        info.put("left_right_m", (double) motionDirection(condition));
        info.put("coh_c", (double) colourCoherence(condition));
        info.put("left_right_c", (double) colourDirection(condition));
    }

    @Override
    Layout layout(int condition, RandomKey key, long trial, TrialPurpose purpose) {
        return standardEpochs(purpose, 800);
    }

    @Override
    void inputs(int condition, Layout l, TrialWriter w) {
        w.input(motionContext(condition) ? 0 : 1, l.stimulus(), 1);
        int m = motionDirection(condition) > 0 ? 0 : 1;
        w.input(2 + m, l.stimulus(), scale(motionCoherence(condition)));
        w.input(2 + 1 - m, l.stimulus(), scale(-motionCoherence(condition)));
        int c = colourDirection(condition) > 0 ? 0 : 1;
        w.input(4 + c, l.stimulus(), scale(colourCoherence(condition)));
        w.input(4 + 1 - c, l.stimulus(), scale(-colourCoherence(condition)));
    }

    @Override
    int longestTrial(TrialPurpose purpose) {
        return longestOf(fixationMs(purpose) + 800 + DECISION_MS);
    }
}
