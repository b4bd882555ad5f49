package org.eirnn.task.pycog;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Psychometric tables, fits and decision times against hand-computed numbers. */
class PsychometricsTest {

    @Test
    void normalCdfMatchesKnownValues() {
        assertEquals(0.5, NormalCdf.phi(0), 1e-15);
        assertEquals(0.8413447460685429, NormalCdf.phi(1), 1e-13);
        assertEquals(0.024997895148220435, NormalCdf.phi(-1.96), 1e-13);
        assertEquals(0.9997673709209645, NormalCdf.phi(3.5), 1e-13);
        assertEquals(2.866515718791939e-7, NormalCdf.phi(-5), 1e-18);
        assertEquals(0.9986501019683699, NormalCdf.phi(3), 1e-13);
    }

    @Test
    void perConditionCountsCorrectChoicesAndSkipsCatchTrials() {
        RdmTask rdm = new RdmTask(RdmTask.Variant.DENSE, 20, 100);
        // condition 1 (+1 %, choice 0) three times: 2 right; condition 6 (−1 %... index 5 → coh 1, dir −1, choice 1)
        int[] conditions = {1, 1, 1, 0, 6, 6};
        int[] choices = {0, 1, 0, 1, 1, 1};
        List<Psychometrics.ConditionAccuracy> rows = Psychometrics.perCondition(rdm, conditions, choices);
        assertEquals(2, rows.size());
        assertEquals(1, rows.get(0).condition());
        assertEquals(3, rows.get(0).trials());
        assertEquals(2, rows.get(0).correct());
        assertEquals(200.0 / 3, rows.get(0).percentCorrect(), 1e-12);
        assertEquals(-1.0, rows.get(1).info().get("in_out"));
        assertEquals(1.0, rows.get(1).info().get("coh"));
        assertEquals(100.0, rows.get(1).percentCorrect());
        RomoTask romo = new RomoTask(20, 100);
        Psychometrics.ConditionAccuracy r = Psychometrics.perCondition(romo, new int[] {7}, new int[] {0}).get(0);
        assertEquals(14.0, r.info().get("f1"));
        assertEquals(22.0, r.info().get("f2"));
        assertEquals(0.0, r.percentCorrect());
    }

    @Test
    void tableGroupsBySignedCoherence() {
        int[] conditions = {1, 1, 6, 6, 6, 0, 10};
        double[] x = Psychometrics.signedCoherences(conditions);
        assertEquals(1.0, x[0]);
        assertEquals(-1.0, x[2]);
        assertTrue(Double.isNaN(x[5]));
        assertEquals(-16.0, x[6]);
        List<Psychometrics.PsychometricPoint> t = Psychometrics.table(x, new int[] {0, 1, 0, 1, 1, 0, 1});
        assertEquals(3, t.size());
        assertEquals(-16.0, t.get(0).x());
        assertEquals(0.0, t.get(0).pChoice0());
        assertEquals(-1.0, t.get(1).x());
        assertEquals(3, t.get(1).trials());
        assertEquals(1, t.get(1).choice0());
        assertEquals(1.0 / 3, t.get(1).pChoice0(), 1e-15);
        assertEquals(0.5, t.get(2).pChoice0());
    }

    @Test
    void fitRecoversMuAndSigmaFromExactProportions() {
        double mu = 1.5;
        double sigma = 4;
        double[] xs = {-16, -8, -4, -2, -1, 1, 2, 4, 8, 16};
        List<Psychometrics.PsychometricPoint> points = new java.util.ArrayList<>();
        for (double x : xs) {
            double p = NormalCdf.phi((x - mu) / sigma);
            points.add(new Psychometrics.PsychometricPoint(x, 1000, (int) Math.round(1000 * p), p));
        }
        Psychometrics.CumulativeGaussian fit = Psychometrics.fitCumulativeGaussian(points);
        assertEquals(mu, fit.mu(), 1e-5);
        assertEquals(sigma, fit.sigma(), 1e-5);
        assertEquals(0, fit.sumSquares(), 1e-12);
        assertEquals(NormalCdf.phi(0.25), fit.at(2.5), 1e-6);
    }

    @Test
    void fitRecoversMuAndSigmaFromSampledChoices() {
        double mu = -2;
        double sigma = 5;
        RandomKey key = new RandomKey(99, 0, RandomStream.TASK);
        double[] levels = {-16, -8, -4, -2, -1, 1, 2, 4, 8, 16};
        int per = 4000;
        double[] x = new double[levels.length * per];
        int[] choices = new int[x.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = levels[k / per];
            choices[k] = key.uniform(k, 0, 0) < NormalCdf.phi((x[k] - mu) / sigma) ? 0 : 1;
        }
        Psychometrics.CumulativeGaussian fit = Psychometrics.fitCumulativeGaussian(Psychometrics.table(x, choices));
        // binomial proportions with 4000 trials each (sd ≤ 0.008): the fit lands within a few tenths
        assertEquals(mu, fit.mu(), 0.3);
        assertEquals(sigma, fit.sigma(), 0.4);
        assertThrows(IllegalArgumentException.class, () -> Psychometrics.fitCumulativeGaussian(
                Psychometrics.table(new double[] {1, 1}, new int[] {0, 1})));
    }

    @Test
    void decisionTimeIsTheFirstCrossingAfterOnset() {
        RdmTask rt = new RdmTask(RdmTask.Variant.RT, 20, 100);
        TrialBatch b = rt.generate(new RandomKey(1, 0, RandomStream.TASK), 1, 3, TrialPurpose.VALIDATION);
        int len = b.steps() - 1;
        double[] o = new double[3 * 2 * len];
        o[(0 * 2 + 1) * len + 30] = 1.1;      // trial 0: output 1 crosses at index 30
        o[(0 * 2) * len + 31] = 1.5;          // output 0 later
        o[(1 * 2) * len + 12] = 1.01;         // trial 1: output 0 at index 12
        o[(1 * 2 + 1) * len + 12] = 1.2;      // both at once: 0 wins
        o[(2 * 2) * len + 10] = 1.0;          // trial 2: exactly at the threshold does not count
        List<Psychometrics.DecisionTime> d = Psychometrics.decisionTimes(b, o, Psychometrics.RT_THRESHOLD,
                rt.fixationMs(TrialPurpose.VALIDATION), 20);
        assertEquals(1, d.get(0).choice());
        assertEquals(30, d.get(0).index());
        assertEquals(31 * 20 - 100, d.get(0).timeMs(), 1e-12);
        assertEquals(0, d.get(1).choice());
        assertEquals(13 * 20 - 100, d.get(1).timeMs(), 1e-12);
        assertEquals(-1, d.get(2).choice());
        assertTrue(Double.isNaN(d.get(2).timeMs()));
    }

    /** Condition 29: motion context, motion 10 % to the right choice's opposite (−1), colour 3 % with +1. */
    private static final int MOTION_10_LEFT_COLOUR_3_RIGHT = 29;

    @Test
    void contextAxesSignTheCoherenceWithinTheirContextOnly() {
        int c = MOTION_10_LEFT_COLOUR_3_RIGHT;
        assertTrue(ContextTask.motionContext(c));
        assertEquals(10, ContextTask.motionCoherence(c));
        assertEquals(-1, ContextTask.motionDirection(c));
        assertEquals(3, ContextTask.colourCoherence(c));
        assertEquals(1, ContextTask.colourDirection(c));
        assertEquals(1, ContextTask.correctChoice(c), "motion cued, motion points to choice 2 (output 1)");
        assertTrue(!ContextTask.congruent(c));
        List<Psychometrics.Axis> axes = new ContextTask(false, 20, 100).psychometricAxes();
        assertEquals(List.of("motion_context_motion", "motion_context_colour", "colour_context_motion",
                "colour_context_colour"), axes.stream().map(Psychometrics.Axis::key).toList());
        double[] x = axes.get(0).values(new int[] {c, 0});
        assertEquals(-10.0, x[0]);
        assertTrue(Double.isNaN(x[1]), "catch trials have no value");
        assertEquals(3.0, axes.get(1).values(new int[] {c})[0]);
        assertTrue(Double.isNaN(axes.get(2).values(new int[] {c})[0]));
        assertTrue(Double.isNaN(axes.get(3).values(new int[] {c})[0]));
    }

    /** Every condition 1…72 once. */
    private static int[] allContextConditions() {
        return java.util.stream.IntStream.rangeClosed(1, 72).toArray();
    }

    @Test
    void aMotionOnlyObserverIsRightOnCongruentAndWrongOnIncongruentColourTrials() {
        int[] conditions = allContextConditions();
        int[] choices = java.util.Arrays.stream(conditions).map(c -> ContextTask.motionDirection(c) > 0 ? 0 : 1)
                .toArray();
        List<Psychometrics.Congruency> rows = Psychometrics.congruency(conditions, choices);
        assertEquals(2, rows.size());
        Psychometrics.Congruency motion = rows.get(0);
        Psychometrics.Congruency colour = rows.get(1);
        assertTrue(motion.motionContext() && !colour.motionContext());
        assertEquals(18, motion.congruentTrials());
        assertEquals(18, motion.incongruentTrials());
        assertEquals(100.0, motion.congruentPercent());
        assertEquals(100.0, motion.incongruentPercent());
        assertEquals(100.0, colour.congruentPercent());
        assertEquals(0.0, colour.incongruentPercent());
        // its colour-context curve against colour is flat at 0.5; against motion a step
        List<Psychometrics.Axis> axes = new ContextTask(true, 20, 100).psychometricAxes();
        List<Psychometrics.PsychometricPoint> flat = Psychometrics.table(axes.get(3).values(conditions), choices);
        for (Psychometrics.PsychometricPoint p : flat) {
            assertEquals(6, p.trials());
            assertEquals(0.5, p.pChoice0());
        }
        List<Psychometrics.PsychometricPoint> step = Psychometrics.table(axes.get(2).values(conditions), choices);
        for (Psychometrics.PsychometricPoint p : step) {
            assertEquals(p.x() > 0 ? 1.0 : 0.0, p.pChoice0());
        }
        assertTrue(Psychometrics.fitCumulativeGaussian(flat).flatOver(flat), "no dependence on colour");
        assertTrue(!Psychometrics.fitCumulativeGaussian(step).flatOver(step), "a step in motion");
    }

    @Test
    void anIdealObserverFollowsTheCuedModalityInEitherContext() {
        int[] conditions = allContextConditions();
        int[] choices = java.util.Arrays.stream(conditions).map(ContextTask::correctChoice).toArray();
        for (Psychometrics.Congruency r : Psychometrics.congruency(conditions, choices)) {
            assertEquals(100.0, r.congruentPercent());
            assertEquals(100.0, r.incongruentPercent());
        }
        List<Psychometrics.Axis> axes = new ContextTask(false, 20, 100).psychometricAxes();
        List<Psychometrics.PsychometricPoint> relevant = Psychometrics.table(axes.get(3).values(conditions), choices);
        assertEquals(List.of(-10.0, -3.0, -1.0, 1.0, 3.0, 10.0),
                relevant.stream().map(Psychometrics.PsychometricPoint::x).toList());
        relevant.forEach(p -> assertEquals(p.x() > 0 ? 1.0 : 0.0, p.pChoice0()));
        Psychometrics.table(axes.get(1).values(conditions), choices).forEach(p -> assertEquals(0.5, p.pChoice0()));
    }

    @Test
    void multisensoryAxesSplitTheTrialsByModality() {
        List<Psychometrics.Axis> axes = new MultisensoryTask(20, 100).psychometricAxes();
        assertEquals(List.of("visual", "auditory", "multisensory"),
                axes.stream().map(Psychometrics.Axis::key).toList());
        // condition 5: modality index 1 (auditory), frequency index 1 (10 Hz); condition 24: va at 16 Hz
        assertEquals("a", MultisensoryTask.modality(5));
        assertTrue(Double.isNaN(axes.get(0).values(new int[] {5})[0]));
        assertEquals(10.0, axes.get(1).values(new int[] {5})[0]);
        assertTrue(Double.isNaN(axes.get(2).values(new int[] {5})[0]));
        assertEquals(16.0, axes.get(2).values(new int[] {24})[0]);
        assertEquals(9.0, axes.get(0).values(new int[] {1})[0]);
    }

    @Test
    void optimalCombinationOfTwoThresholds() {
        assertEquals(2.4, Psychometrics.optimalCombination(3, 4), 1e-12);
        assertEquals(Math.sqrt(0.5), Psychometrics.optimalCombination(1, 1), 1e-15);
        assertEquals(new RdmTask(RdmTask.Variant.FIXED, 20, 100).psychometricAxes(),
                List.of(RdmTask.COHERENCE_AXIS));
        assertTrue(new RomoTask(20, 100).psychometricAxes().isEmpty());
    }
}
