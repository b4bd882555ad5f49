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

    @Test
    void everyModelDrawsItsOwnStimuliWhateverItsCompany() {
        org.eirnn.model.NetworkSpec spec = org.eirnn.model.NetworkSpec.defaults(20, 4,
                org.eirnn.model.DecayTaus.range(4, 20));
        SpikingEvaluation.Model a = new SpikingEvaluation.Model(org.eirnn.model.NetworkInit.draw(spec, 1, 0), null);
        SpikingEvaluation.Model b = new SpikingEvaluation.Model(org.eirnn.model.NetworkInit.draw(spec, 1, 1), null);
        int keyA = SpikingEvaluation.modelKey(0, a);
        int keyB = SpikingEvaluation.modelKey(0, b);
        org.junit.jupiter.api.Assertions.assertNotEquals(keyA, keyB, "two models, two streams");
        org.junit.jupiter.api.Assertions.assertEquals(keyA, SpikingEvaluation.modelKey(0,
                new SpikingEvaluation.Model(a.trained().copy(), null)), "the key depends on the model alone");
        ManteTask task = new ManteTask();
        TrialBatch sa = task.generate(SpikingEvaluation.stimulusKey(1, keyA), 0, 20);
        TrialBatch sb = task.generate(SpikingEvaluation.stimulusKey(1, keyB), 0, 20);
        for (int t = 0; t < 20; t++) {
            boolean same = true;
            for (int s = 0; s < sa.steps() && same; s++) {
                same = sa.u(t, 0, s) == sb.u(t, 0, s);
            }
            assertFalse(same, "trial " + t + " is the same noisy stimulus for both models");
        }
    }
}
