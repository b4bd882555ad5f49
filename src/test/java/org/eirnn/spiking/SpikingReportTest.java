package org.eirnn.spiking;

import org.eirnn.task.GoNogoTask;
import org.eirnn.task.XorTask;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict spiking criterion, Wilson intervals and per-condition counts (issue #11 item 2). */
class SpikingReportTest {

    @Test
    void strictRuleRefusesAnOutputThatSwingsToBothThresholds() {
        SpikingCriterion reference = SpikingCriterion.forTask("xor");
        SpikingCriterion strict = SpikingCriterion.forTask("xor", true);
        // +1.5 and -0.8 in one trial: the reference rule takes it for either label
        assertTrue(reference.correct(1, 1.5, -0.8) && reference.correct(-1, 1.5, -0.8));
        assertFalse(strict.correct(1, 1.5, -0.8) || strict.correct(-1, 1.5, -0.8));
        assertTrue(strict.correct(1, 1.5, -0.2) && strict.correct(-1, 0.3, -0.9));
        SpikingCriterion goNogo = SpikingCriterion.forTask("go-nogo", true);
        assertTrue(goNogo.correct(1, 0.9, -3) && goNogo.correct(0, 0.2, -3) && !goNogo.correct(0, 0.4, 0));
    }

    @Test
    void wilsonIntervalsMatchTheFormula() {
        // reference values from p̃ ± z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n), z = 1.96
        assertArrayEquals(new double[] {0.490162, 0.943318}, SpikingReport.wilson(8, 10), 1e-6);
        assertArrayEquals(new double[] {0.865399, 0.988961}, SpikingReport.wilson(48, 50), 1e-6);
        assertArrayEquals(new double[] {0.0, 0.434482}, SpikingReport.wilson(0, 5), 1e-6);
        assertArrayEquals(new double[] {0.565518, 1.0}, SpikingReport.wilson(5, 5), 1e-6);
    }

    @Test
    void conditionsAreCountedPerLabelAndNamed() {
        SpikingEvaluation.TrialOutcome[] t = {
            new SpikingEvaluation.TrialOutcome(0, 1, true, 0.9, 0, null),
            new SpikingEvaluation.TrialOutcome(1, 0, false, 0.5, 0, null),
            new SpikingEvaluation.TrialOutcome(2, 1, false, 0.2, 0, null),
            new SpikingEvaluation.TrialOutcome(3, 0, true, 0.1, 0, null),
            new SpikingEvaluation.TrialOutcome(4, 0, true, 0.1, 0, null)};
        List<SpikingReport.Condition> c = SpikingReport.byCondition(new GoNogoTask(), t);
        assertEquals("NoGo", c.get(0).name());
        assertEquals(2, c.get(0).correct());
        assertEquals(3, c.get(0).trials());
        assertEquals("Go", c.get(1).name());
        assertEquals(0.5, c.get(1).accuracy(), 0.0);
        assertEquals("same", SpikingReport.conditionName(XorTask.spikeRnn(), 1));
        assertEquals(0.9, SpikingReport.peakTowardTarget(new GoNogoTask(), 1, 0.9, -1), 0.0);
        assertEquals(0.7, SpikingReport.peakTowardTarget(XorTask.spikeRnn(), -1, 0.2, -0.7), 0.0);
    }

    @Test
    void rateEvaluationsAreSplitTheSameWay() {
        List<SpikingReport.Condition> c = SpikingReport.byCondition(XorTask.spikeRnn(), new int[] {1, -1, -1, 1, -1},
                new boolean[] {true, true, false, true, true});
        assertEquals("diff", c.get(0).name());
        assertEquals(2, c.get(0).correct());
        assertEquals(3, c.get(0).trials());
        assertEquals("same", c.get(1).name());
        assertEquals("same 2/2 = 1.000 [0.342, 1.000]", SpikingReport.format(c.get(1)));
    }
}
