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
     * Trials drawn for {@code purpose} (pycog's params['name'], spec peers §1.5): under {@link TrialPurpose#VALIDATION}
     * a task with {@link #conditions()} &gt; 0 gives trial id mod conditions() its condition (pycog's
     * minibatch_index; index 0 is the catch condition); {@link TrialPurpose#TEST} uses the test epochs. Tasks without
     * such distinctions (spikeRNN's) draw the same trials as {@link #generate(RandomKey, long, int)}.
     */
    default TrialBatch generate(RandomKey key, long firstTrial, int count, TrialPurpose purpose) {
        return generate(key, firstTrial, count);
    }

    /**
     * Number of enumerated validation conditions, including the catch condition at index 0; 0 when the task has none
     * (its validation trials are drawn at random like its gradient trials).
     */
    default int conditions() {
        return 0;
    }

    /**
     * The task's performance on trials {@code firstTrial … firstTrial+count−1} of {@code batch}, given outputs
     * {@code o} laid out as {@code engine.Trajectories.o()}: [trial][channel][T−1], entry i is time i+1, trial b of
     * the batch at {@code b·outputs()·(T−1)}. The default is the fraction of trials {@link #isCorrect} on channel 0.
     */
    default TaskScore score(TrialBatch batch, double[] o, int firstTrial, int count) {
        int len = batch.steps() - 1;
        int hits = 0;
        for (int b = firstTrial; b < firstTrial + count; b++) {
            hits += isCorrect(o, b * batch.outputs() * len, batch.labels()[b]) ? 1 : 0;
        }
        return new TaskScore("accuracy", count == 0 ? Double.NaN : hits / (double) count, true);
    }

    /**
     * pycog's terminate(performance_history): true when the history of {@link #score} values (oldest first) says
     * training may stop, e.g. mean of the last 5 &gt; 85 for rdm, last &gt;= 85 for romo, RMSE &lt;= 0.05 for
     * sinewave and lee. spikeRNN's tasks stop by the trainer's own rule and return false.
     */
    default boolean meetsTarget(java.util.List<Double> scoreHistory) {
        return false;
    }

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
