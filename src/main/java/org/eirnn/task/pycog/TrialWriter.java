package org.eirnn.task.pycog;

import java.util.Arrays;

/**
 * Writes one trial into a batch's arrays ({@link org.eirnn.task.TrialBatch} layout, padded length {@code steps}):
 * inputs, targets and mask are set per epoch. Index k of a channel is pycog's step k (time (k+1)·Δt): input k is
 * pycog's X[k] and target k pairs with the output after it, as pycog's Y[k] (spec kim2019 §2.3, peers §1.5).
 */
final class TrialWriter {
    private final double[] u;
    private final double[] target;
    private final double[] mask;
    private final int inputs;
    private final int outputs;
    private final int steps;
    private final int trial;

    TrialWriter(double[] u, double[] target, double[] mask, int inputs, int outputs, int steps, int trial) {
        this.u = u;
        this.target = target;
        this.mask = mask;
        this.inputs = inputs;
        this.outputs = outputs;
        this.steps = steps;
        this.trial = trial;
    }

    /** Input channel {@code c} set to {@code value} over {@code span}. */
    void input(int c, Span span, double value) {
        int row = (trial * inputs + c) * steps;
        Arrays.fill(u, row + span.from(), row + span.to(), value);
    }

    /** Target of output channel {@code c} set to {@code value} over {@code span}. */
    void target(int c, Span span, double value) {
        int row = (trial * outputs + c) * steps;
        Arrays.fill(target, row + span.from(), row + span.to(), value);
    }

    /** Every output channel counts in the loss over {@code span}. */
    void mask(Span span) {
        for (int c = 0; c < outputs; c++) {
            int row = (trial * outputs + c) * steps;
            Arrays.fill(mask, row + span.from(), row + span.to(), 1.0);
        }
    }
}
