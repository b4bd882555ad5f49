package org.eirnn.spiking;

import org.eirnn.InvalidInputException;

/**
 * How lambda_grid_search.m scores a spiking trial (spec §5): the readout over MATLAB steps windowFrom..nt against
 * thresholds. go-nogo: Go correct if max(out) &gt; 0.7, NoGo if max(out) &lt; 0.3 (signed max) from step 10 000;
 * xor: from 20 000, mante: from 26 000, label +1 needs max &gt; 0.7 and −1 needs min &lt; −0.7. dms (not in the
 * MATLAB script) uses its rate-model decision window, o[175:], i.e. from step 17 500, with the xor thresholds.
 *
 * @param windowFrom first MATLAB step (1-based) of the window at downsample 1
 * @param goNogo     go-nogo rule (labels 1/0) instead of the ±1 rule
 */
public record SpikingCriterion(int windowFrom, boolean goNogo) {

    public static SpikingCriterion forTask(String task) {
        switch (task) {
            case "go-nogo":
                return new SpikingCriterion(10_000, true);
            case "xor":
                return new SpikingCriterion(20_000, false);
            case "mante":
                return new SpikingCriterion(26_000, false);
            case "dms":
                return new SpikingCriterion(17_500, false);
            default:
                throw new InvalidInputException("task '" + task + "' has no spiking criterion: expected go-nogo, xor, "
                        + "mante or dms");
        }
    }

    public boolean correct(int label, double windowMax, double windowMin) {
        if (goNogo) {
            return label == 1 ? windowMax > 0.7 : windowMax < 0.3;
        }
        return label > 0 ? windowMax > 0.7 : windowMin < -0.7;
    }
}
