package org.eirnn.task;

import org.eirnn.rng.RandomKey;

/**
 * A cognitive task: trial generator, target and correctness rule. Implementations follow spec §2.4, §2.5
 * and §7.1; new tasks (pycog's, user-defined) implement this interface and register in {@link Tasks}.
 */
public interface Task {
    /** The spikeRNN spelling, e.g. "go-nogo". */
    String name();

    /** Input channels N_in. */
    int inputs();

    /** Output channels N_out (spikeRNN's tasks have one). */
    default int outputs() {
        return 1;
    }

    /** Trial length T in rate steps (5 ms each). */
    int steps();

    /**
     * Trials {@code firstTrial … firstTrial+count−1} of the TASK stream {@code key}: each trial's draws depend only
     * on (key, trial id), so a batch of 64 and 64 batches of 1 give the same trials.
     */
    TrialBatch generate(RandomKey key, long firstTrial, int count);

    /**
     * The spec's correctness rule for one trial, given its T−1 outputs {@code o[offset … offset+T−2]}
     * (output index i is time i+1, spec §2.2).
     */
    boolean isCorrect(double[] o, int offset, int label);

    /** How the .mat eval_labels field spells a label: numbers, or 'same'/'diff' for xor-like tasks. */
    default String labelText(int label) {
        return Integer.toString(label);
    }

    /** True when eval_labels is a char matrix (xor, dms) rather than doubles. */
    default boolean textLabels() {
        return false;
    }
}
