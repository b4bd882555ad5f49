package org.eirnn.io;

import org.eirnn.model.RateNetwork;

import java.util.Map;

/**
 * Everything a spikeRNN model file holds (spec §2.7): the trained network, its initial state, the last training
 * trial, the loss history and the last evaluation. Arrays are row-major doubles; {@link MatModelFile} converts to the
 * reference's MATLAB classes (single for what TensorFlow computed, double for the rest).
 *
 * @param task          task name (spikeRNN spelling)
 * @param network       trained parameters (w raw; the file stores relu(w) when Dale is on)
 * @param initial       parameters before training (w0, taus_gaus0, w_in0)
 * @param steps         trial length T
 * @param x0            x trajectory of the initial forward pass, T×N (null if unknown, e.g. PyTorch files)
 * @param r0            r trajectory of that pass, T×N (null if unknown)
 * @param u             last training trial's stimulus, N_in×T
 * @param o             last training trial's outputs, T−1
 * @param x             last training trial's currents, T×N
 * @param r             last training trial's rates, T×N
 * @param target        last training trial's target, T
 * @param losses        per-training-trial loss, n_trials long (zeros after the stop)
 * @param evalPerfMean  last evaluation accuracy
 * @param evalLossMean  last evaluation mean loss
 * @param evalOutputs   outputs of the last evaluation's trials, trials×(T−1)
 * @param evalLabels    labels of those trials
 * @param textLabels    true when eval_labels is 'same'/'diff' text (xor-like tasks)
 * @param lastTrial     tr, the last training-trial index (0-based)
 * @param grid          λ grid-search results appended later (null when absent)
 * @param extras        eirnn's own variables (seed, version, device, batch, …), name → value (Number or String)
 */
public record ModelRecord(String task, RateNetwork network, RateNetwork initial, int steps,
                          double[] x0, double[] r0, double[] u, double[] o, double[] x, double[] r,
                          double[] target, double[] losses, double evalPerfMean, double evalLossMean,
                          double[] evalOutputs, int[] evalLabels, boolean textLabels, long lastTrial,
                          GridSearchResult grid, Map<String, Object> extras) {

    /**
     * The λ grid-search fields that MATLAB's lambda_grid_search.m appends (spec §5).
     *
     * @param optScalingFactor chosen factor (NaN while a search is in progress)
     * @param allPerfs         accuracy per factor
     * @param scalingFactors   the factors searched
     */
    public record GridSearchResult(double optScalingFactor, double[] allPerfs, double[] scalingFactors) {
    }

    public ModelRecord withGrid(GridSearchResult g) {
        return new ModelRecord(task, network, initial, steps, x0, r0, u, o, x, r, target, losses, evalPerfMean,
                evalLossMean, evalOutputs, evalLabels, textLabels, lastTrial, g, extras);
    }
}
