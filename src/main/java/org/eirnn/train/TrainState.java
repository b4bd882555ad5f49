package org.eirnn.train;

import org.eirnn.engine.AdamState;
import org.eirnn.model.RateNetwork;

import java.util.List;

/**
 * Everything a training run needs to continue exactly where it was: a checkpoint is this object on disk. The RNG
 * "position" is {@code nextTrial}: every draw is addressed by trial id ({@link TrialIds}), so nothing else is needed.
 *
 * @param stamp     run time stamp used in the model file names (fixed at the start, so a resumed run writes the
 *                  same names)
 * @param nextTrial index tr of the next training trial
 * @param current   parameters of the K networks
 * @param initial   parameters before training (w0, taus_gaus0, and the initial x0/r0 pass)
 * @param adam      optimiser moments and step counts
 * @param losses    per network, the loss of every training trial so far (n_trials long, zeros after a stop)
 * @param active    networks still training
 * @param lastTrial per network, the trial at which it stopped (−1 while active)
 * @param lastEval  per network, its most recent evaluation (null before the first)
 * @param validation pycog's schedule's best parameters and score history ({@link ValidationSchedule}); null under
 *                   spikeRNN's rule
 */
public record TrainState(String stamp, long nextTrial, List<RateNetwork> current, List<RateNetwork> initial,
                         AdamState adam, double[][] losses, boolean[] active, long[] lastTrial,
                         Evaluation[] lastEval, ValidationState validation) {

    /** A state of spikeRNN's rule (no validation state). */
    public TrainState(String stamp, long nextTrial, List<RateNetwork> current, List<RateNetwork> initial,
                      AdamState adam, double[][] losses, boolean[] active, long[] lastTrial, Evaluation[] lastEval) {
        this(stamp, nextTrial, current, initial, adam, losses, active, lastTrial, lastEval, null);
    }

    public int networks() {
        return current.size();
    }

    public boolean anyActive() {
        for (boolean a : active) {
            if (a) {
                return true;
            }
        }
        return false;
    }
}
