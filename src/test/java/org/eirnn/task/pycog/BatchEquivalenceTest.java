package org.eirnn.task.pycog;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Every pycog task: a batch of N trials equals N batches of 1 (the draws depend on (key, trial id) only). */
class BatchEquivalenceTest {
    static List<String> names() {
        return PycogTasks.NAMES;
    }

    @ParameterizedTest
    @MethodSource("names")
    void batchOfNEqualsNBatchesOfOne(String name) {
        PycogTask task = PycogTasks.byName(name);
        assertEquals(name, task.name());
        RandomKey key = new RandomKey(17, 2, RandomStream.TASK);
        for (TrialPurpose purpose : TrialPurpose.values()) {
            int n = 12;
            TrialBatch whole = task.generate(key, 40, n, purpose);
            List<TrialBatch> ones = new ArrayList<>();
            for (int b = 0; b < n; b++) {
                ones.add(task.generate(key, 40 + b, 1, purpose));
            }
            TrialBatch joined = TrialBatch.concat(ones);
            assertEquals(task.steps(purpose), whole.steps());
            assertArrayEquals(joined.u(), whole.u(), name + " " + purpose);
            assertArrayEquals(joined.target(), whole.target());
            assertArrayEquals(joined.mask(), whole.mask());
            assertArrayEquals(joined.labels(), whole.labels());
            assertArrayEquals(joined.trialIds(), whole.trialIds());
            for (int b = 0; b < n; b++) {
                // the padding: the last step never counts, and a trial's mask reaches its end
                assertEquals(0, whole.mask(b, 0, whole.steps() - 1));
                assertNotEquals(-1, PycogTask.trialEnd(whole, b));
            }
        }
    }
}
