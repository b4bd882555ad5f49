package org.eirnn.spiking;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.ManteTask;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Issue 12 item 11: the spiking evaluations' stimuli are never training trials, at the same seed and trial ids. */
class SpikingStimuliTest {
    @Test
    void gridSearchStimuliAreNotTrainingTrials() {
        ManteTask task = new ManteTask();
        for (long seed : new long[] {1, 7}) {
            TrialBatch training = task.generate(new RandomKey(seed, 0, RandomStream.TASK), 0, 50);
            TrialBatch spiking = task.generate(SpikingEvaluation.stimulusKey(seed, 0), 0, 50);
            for (int b = 0; b < 50; b++) {
                boolean same = true;
                for (int t = 0; t < training.steps() && same; t++) {
                    same = training.u(b, 0, t) == spiking.u(b, 0, t);
                }
                assertFalse(same, "seed " + seed + ": trial " + b + "'s stimulus is the training trial's");
            }
        }
    }
}
