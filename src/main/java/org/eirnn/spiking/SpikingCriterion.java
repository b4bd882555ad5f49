package org.eirnn.spiking;

import org.eirnn.InvalidInputException;

/**
 * How lambda_grid_search.m scores a spiking trial (spec §5): the readout over MATLAB steps windowFrom..nt against
 * thresholds. go-nogo: Go correct if max(out) &gt; 0.7, NoGo if max(out) &lt; 0.3 (signed max) from step 10 000;
 * xor: from 20 000, mante: from 26 000, label +1 needs max &gt; 0.7 and −1 needs min &lt; −0.7. dms (not in the
 * MATLAB script) uses its rate-model decision window, o[175:], i.e. from step 17 500, with the xor thresholds.
 *
 * <p>{@code strict} ({@code --criterion strict}) also requires the ±1 tasks' output never to cross the other
 * label's threshold in the window: +1 needs max &gt; 0.7 and min &gt; −0.7, −1 needs min &lt; −0.7 and max &lt; 0.7,
 * so an output that swings to both +1.5 and −0.8 in one trial is wrong whatever the label (the reference rule counts
 * it right for either). go-nogo's rule is one-sided already and stays as it is.
 *
 * @param windowFrom first MATLAB step (1-based) of the window at downsample 1
 * @param goNogo     go-nogo rule (labels 1/0) instead of the ±1 rule
 * @param strict     the stricter two-sided rule for the ±1 tasks
 */
public record SpikingCriterion(int windowFrom, boolean goNogo, boolean strict) {

    /** The reference rule of lambda_grid_search.m. */
    public static SpikingCriterion forTask(String task) {
        return forTask(task, false);
    }

    /** The reference rule, or the strict one. */
    public static SpikingCriterion forTask(String task, boolean strict) {
        switch (task) {
            case "go-nogo":
                return new SpikingCriterion(10_000, true, strict);
            case "xor":
                return new SpikingCriterion(20_000, false, strict);
            case "mante":
                return new SpikingCriterion(26_000, false, strict);
            case "dms":
                return new SpikingCriterion(17_500, false, strict);
            default:
                throw new InvalidInputException("task '" + task + "' has no spiking criterion: expected go-nogo, xor, "
                        + "mante or dms");
        }
    }

    public boolean correct(int label, double windowMax, double windowMin) {
        if (goNogo) {
            return label == 1 ? windowMax > 0.7 : windowMax < 0.3;
        }
        if (strict) {
            return label > 0 ? windowMax > 0.7 && windowMin > -0.7 : windowMin < -0.7 && windowMax < 0.7;
        }
        return label > 0 ? windowMax > 0.7 : windowMin < -0.7;
    }
}
