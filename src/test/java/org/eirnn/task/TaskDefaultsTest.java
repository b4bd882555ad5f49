package org.eirnn.task;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Task interface's defaults keep spikeRNN's tasks as they were (purpose ignored, score = accuracy). */
class TaskDefaultsTest {
    private static final RandomKey KEY = new RandomKey(5, 0, RandomStream.TASK);

    @Test
    void purposeDoesNotChangeSpikeRnnTrials() {
        Task task = new GoNogoTask();
        TrialBatch plain = task.generate(KEY, 10, 8);
        for (TrialPurpose p : TrialPurpose.values()) {
            TrialBatch b = task.generate(KEY, 10, 8, p);
            assertArrayEquals(plain.u(), b.u());
            assertArrayEquals(plain.labels(), b.labels());
        }
        assertEquals(0, task.conditions());
        assertFalse(task.meetsTarget(List.of(100.0, 100.0, 100.0, 100.0, 100.0)));
    }

    @Test
    void defaultScoreIsTheAccuracyOfIsCorrectOnTheGivenTrials() {
        Task task = new GoNogoTask();
        TrialBatch b = task.generate(KEY, 0, 6);
        int len = b.steps() - 1;
        double[] o = new double[b.trials() * len];
        // perfect outputs on trials 0..2, zeros on trials 3..5 (right only for NoGo there)
        int expectedHits = 0;
        for (int t = 0; t < b.trials(); t++) {
            for (int i = 0; i < len; i++) {
                o[t * len + i] = t < 3 ? b.target(t, i) : 0.0;
            }
            expectedHits += t < 3 || b.labels()[t] == 0 ? 1 : 0;
        }
        int hitsInRange = 0;
        for (int t = 2; t < 6; t++) {
            hitsInRange += task.isCorrect(o, t * len, b.labels()[t]) ? 1 : 0;
        }
        TaskScore all = task.score(b, o, 0, 6);
        assertEquals("accuracy", all.measure());
        assertTrue(all.higherIsBetter());
        assertEquals(expectedHits / 6.0, all.value(), 1e-15);
        assertEquals(hitsInRange / 4.0, task.score(b, o, 2, 4).value(), 1e-15);
    }
}
