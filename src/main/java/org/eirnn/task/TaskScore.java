package org.eirnn.task;

/**
 * A task's performance measure on a batch of trials (pycog's {@code performance}, spec peers §1.7).
 *
 * @param measure        what was measured: "accuracy", "performance_2afc", "performance_2afc_min_condition", "rmse"
 * @param value          its value (percent for the 2AFC measures, a fraction for accuracy, output units for rmse)
 * @param higherIsBetter true when a larger value is better (false for an error such as rmse)
 */
public record TaskScore(String measure, double value, boolean higherIsBetter) {
}
