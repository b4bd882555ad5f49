package org.eirnn.task;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task generators against the windows, values and label rules of spec §2.4, §2.5 and §7.1. */
class TaskGeneratorTest {
    private static final RandomKey KEY = new RandomKey(2019, 0, RandomStream.TASK);

    /** Checks that u (one channel) is {@code value} on [from, to) and 0 elsewhere. */
    private static void assertPulse(TrialBatch batch, int b, int channel, int from, int to, double value) {
        for (int t = 0; t < batch.steps(); t++) {
            double expected = (t >= from && t < to) ? value : 0.0;
            assertEquals(expected, batch.u(b, channel, t), 0.0, "u[" + channel + "," + t + "] of trial " + b);
        }
    }

    private static void assertTargetWindow(TrialBatch batch, int b, int from, int to, double value) {
        for (int t = 0; t < batch.steps(); t++) {
            double expected = (t >= from && t < to) ? value : 0.0;
            assertEquals(expected, batch.target(b, t), 0.0, "z[" + t + "] of trial " + b);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64})
    void goNogoWindowsAndValues(int trials) {
        Task task = Tasks.byName("go-nogo");
        TrialBatch batch = task.generate(KEY, 100, trials);
        assertEquals(200, batch.steps());
        assertEquals(1, batch.inputs());
        for (int b = 0; b < trials; b++) {
            boolean go = batch.labels()[b] == 1;
            assertTrue(batch.labels()[b] == 0 || go);
            assertPulse(batch, b, 0, 50, 75, go ? 1 : 0);
            assertTargetWindow(batch, b, 75, 200, go ? 1 : 0);
            assertEquals(100 + b, batch.trialIds()[b]);
        }
    }

    /**
     * xor (spec §2.4): T 300, pulses [50,100) and [110,160), target [170,270); dms (spec §7.1): T 200, pulses
     * [50,75) and [150,175), target [175,200). Labels: +1 ('same') when the two ±1 pulses agree.
     */
    @ParameterizedTest
    @CsvSource({
            "xor, 1, 300, 50, 100, 110, 160, 170, 270", "xor, 7, 300, 50, 100, 110, 160, 170, 270",
            "xor, 64, 300, 50, 100, 110, 160, 170, 270",
            "dms, 1, 200, 50, 75, 150, 175, 175, 200", "dms, 7, 200, 50, 75, 150, 175, 175, 200",
            "dms, 64, 200, 50, 75, 150, 175, 175, 200"})
    void twoPulseTasksWindowsAndLabels(String task, int trials, int steps, int on1, int off1, int on2, int off2,
                                       int targetFrom, int targetTo) {
        TrialBatch batch = Tasks.byName(task).generate(KEY, 0, trials);
        assertEquals(steps, batch.steps());
        for (int b = 0; b < trials; b++) {
            double s1 = batch.u(b, 0, on1);
            double s2 = batch.u(b, 1, on2);
            assertEquals(1.0, Math.abs(s1));
            assertEquals(1.0, Math.abs(s2));
            assertPulse(batch, b, 0, on1, off1, s1);
            assertPulse(batch, b, 1, on2, off2, s2);
            int label = batch.labels()[b];
            assertEquals(s1 * s2 > 0 ? 1 : -1, label);
            assertTargetWindow(batch, b, targetFrom, targetTo, label);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64})
    void manteRowsContextAndLabel(int trials) {
        TrialBatch batch = Tasks.byName("mante").generate(KEY, 0, trials);
        assertEquals(500, batch.steps());
        assertEquals(4, batch.inputs());
        for (int b = 0; b < trials; b++) {
            boolean contextA = batch.u(b, 2, 0) == 1.0;
            assertEquals(contextA ? 0.0 : 1.0, batch.u(b, 3, 0));
            for (int t = 0; t < 500; t++) {
                assertEquals(contextA ? 1.0 : 0.0, batch.u(b, 2, t));
                assertEquals(contextA ? 0.0 : 1.0, batch.u(b, 3, t));
            }
            double[] rowMean = new double[2];
            for (int row = 0; row < 2; row++) {
                for (int t = 0; t < 500; t++) {
                    double v = batch.u(b, row, t);
                    if (t < 50 || t >= 250) {
                        assertEquals(0.0, v, "sensory row " + row + " outside [50,250) at t=" + t);
                    } else {
                        rowMean[row] += v / 200;
                    }
                }
            }
            // Mean of 200 N(0,1) + offset: the offset ±0.5 is recovered within 5 SE (0.35).
            int label = batch.labels()[b];
            double relevant = contextA ? rowMean[0] : rowMean[1];
            assertEquals(0.5 * label, relevant, 5 / Math.sqrt(200), "trial " + b);
            assertTargetWindow(batch, b, 250, 500, label);
        }
    }

    @Test
    void labelRatesAreAboutOneHalf() {
        int trials = 4000;
        for (String name : Tasks.NAMES) {
            TrialBatch batch = Tasks.byName(name).generate(KEY, 0, trials);
            int positive = 0;
            for (int label : batch.labels()) {
                positive += label > 0 ? 1 : 0;
            }
            // Binomial(4000, 0.5): SD ≈ 31.6 trials; 4 SD.
            assertEquals(trials / 2.0, positive, 4 * Math.sqrt(trials / 4.0), name);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64})
    void aBatchEqualsTheSameTrialsDrawnOneByOne(int trials) {
        for (String name : Tasks.NAMES) {
            Task task = Tasks.byName(name);
            TrialBatch whole = task.generate(KEY, 500, trials);
            List<TrialBatch> parts = new ArrayList<>();
            for (int b = 0; b < trials; b++) {
                parts.add(task.generate(KEY, 500 + b, 1));
            }
            TrialBatch joined = TrialBatch.concat(parts);
            assertArrayEquals(whole.u(), joined.u(), name);
            assertArrayEquals(whole.target(), joined.target(), name);
            assertArrayEquals(whole.labels(), joined.labels(), name);
        }
    }

    @Test
    void correctnessRulesFollowTheReference() {
        Task goNogo = Tasks.byName("go-nogo");
        double[] o = new double[199];
        assertTrue(goNogo.isCorrect(o, 0, 0), "NoGo with silent output");
        assertFalse(goNogo.isCorrect(o, 0, 1), "Go with silent output");
        o[74] = 5; // index 74 is before the response window (o index 75 onwards)
        assertTrue(goNogo.isCorrect(o, 0, 0));
        o[75] = 0.71;
        assertTrue(goNogo.isCorrect(o, 0, 1));
        assertFalse(goNogo.isCorrect(o, 0, 0));
        o[75] = -0.31; // NoGo uses |o|
        assertFalse(goNogo.isCorrect(o, 0, 0));
        o[75] = -0.29;
        assertTrue(goNogo.isCorrect(o, 0, 0));

        Task xor = Tasks.byName("xor");
        double[] ox = new double[299];
        ox[199] = 1; // before the hard-coded window start 200
        assertFalse(xor.isCorrect(ox, 0, 1));
        ox[200] = 0.71;
        assertTrue(xor.isCorrect(ox, 0, 1));
        ox[298] = -0.71;
        assertTrue(xor.isCorrect(ox, 0, -1));
        assertEquals("same", xor.labelText(1));
        assertEquals("diff", xor.labelText(-1));

        Task mante = Tasks.byName("mante");
        double[] om = new double[499];
        om[298] = 1; // the window is the last 200 outputs: 299..498
        assertFalse(mante.isCorrect(om, 0, 1));
        om[299] = 0.8;
        assertTrue(mante.isCorrect(om, 0, 1));
        om[498] = -0.8;
        assertTrue(mante.isCorrect(om, 0, -1));

        Task dms = Tasks.byName("dms");
        double[] od = new double[199];
        od[174] = 1;
        assertFalse(dms.isCorrect(od, 0, 1));
        od[175] = 1;
        assertTrue(dms.isCorrect(od, 0, 1));
    }

    @Test
    void unknownTaskIsAClearError() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Tasks.byName("flip-flop"));
        assertTrue(e.getMessage().contains("flip-flop"));
        assertTrue(e.getMessage().contains("go-nogo"));
    }
}
