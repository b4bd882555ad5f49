package org.eirnn.train;

import org.eirnn.model.RateNetwork;
import org.eirnn.task.TrialBatch;

import java.util.List;

/**
 * Told of every scheduled evaluation of spikeRNN's loop (figures, logs). It runs on the training thread, so it must
 * only copy what it needs and hand the work elsewhere; what it receives stays valid only during the call.
 */
@FunctionalInterface
public interface EvaluationListener {
    EvaluationListener NONE = (tr, networks, active, losses, results, evalBatch, history) -> { };

    /**
     * @param tr        the training trial just evaluated
     * @param networks  the parameters the evaluation saw, per network
     * @param active    which networks are still training
     * @param losses    per network, the training loss of every trial (valid up to tr)
     * @param results   the evaluation of each network
     * @param evalBatch the evaluation's trials (network k's are [k·E, (k+1)·E))
     * @param history   per network, (trial, loss, accuracy) of every evaluation of this run so far, this one
     *                  included: the trainer's own record (what the model files store), read-only
     */
    void evaluated(long tr, List<RateNetwork> networks, boolean[] active, double[][] losses, List<Evaluation> results,
                   TrialBatch evalBatch, java.util.Map<Integer, List<double[]>> history);
}
