package org.eirnn.task;

/**
 * What a batch of trials is for, pycog's {@code params['name']} (spec peers §1.5): gradient trials draw random
 * conditions, validation trials enumerate a task's conditions ({@link Task#conditions()}), test trials use the longer
 * test epochs of pycog's tasks (§1.7). spikeRNN's tasks draw the same trials whatever the purpose.
 */
public enum TrialPurpose {
    GRADIENT,
    VALIDATION,
    TEST
}
