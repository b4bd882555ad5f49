package org.eirnn.train;

import org.eirnn.model.RateNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * What pycog's schedule ({@link ValidationSchedule}) keeps per network beside the parameters, so that a resumed run
 * continues exactly: the best parameters so far (lowest validation loss) and that loss, the update at which they
 * were reached, the history of the task's scores (one per validation, oldest first) and, once stopped, why.
 *
 * @param best       per network, the parameters of the lowest validation loss (the initial ones before any)
 * @param bestLoss   that loss (+∞ before the first validation)
 * @param bestUpdate the update after which it was measured (−1 before)
 * @param scores     per network, the task score of every validation so far
 * @param stopReason per network, why it stopped ("" while training)
 */
public record ValidationState(List<RateNetwork> best, double[] bestLoss, long[] bestUpdate, List<List<Double>> scores,
                              String[] stopReason) {

    /** Before the first validation: the initial parameters as the best. */
    public static ValidationState fresh(List<RateNetwork> initial) {
        int k = initial.size();
        List<RateNetwork> best = new ArrayList<>();
        List<List<Double>> scores = new ArrayList<>();
        for (RateNetwork net : initial) {
            best.add(net.copy());
            scores.add(new ArrayList<>());
        }
        double[] loss = new double[k];
        java.util.Arrays.fill(loss, Double.POSITIVE_INFINITY);
        long[] update = new long[k];
        java.util.Arrays.fill(update, -1);
        String[] reason = new String[k];
        java.util.Arrays.fill(reason, "");
        return new ValidationState(best, loss, update, scores, reason);
    }

    /** A deep copy (what a checkpoint holds while training goes on). */
    public ValidationState copy() {
        List<RateNetwork> b = new ArrayList<>();
        List<List<Double>> s = new ArrayList<>();
        for (int k = 0; k < best.size(); k++) {
            b.add(best.get(k).copy());
            s.add(new ArrayList<>(scores.get(k)));
        }
        return new ValidationState(b, bestLoss.clone(), bestUpdate.clone(), s, stopReason.clone());
    }
}
