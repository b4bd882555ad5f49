package org.eirnn.task.pycog;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TaskScore;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;

import java.util.List;

/**
 * pycog's tasks trained in continuous mode with an error target (sinewave, lee; spec peers §1.5, §1.7): their score
 * is the masked RMSE √(Σ M (z − y)² / Σ M) over the trials scored, and training stops when it is ≤ 0.05 (pycog's
 * min_error). Their validation trials need no random draws, so a label alone gives a trial's target.
 */
abstract class ContinuousTask extends PycogTask {
    public static final double MIN_ERROR = 0.05;

    ContinuousTask(String name, double dtMs, double tauMs) {
        super(name, dtMs, tauMs);
    }

    @Override
    public TaskScore score(TrialBatch batch, double[] o, int firstTrial, int count) {
        double sum = 0;
        double weight = 0;
        int len = batch.steps() - 1;
        for (int b = firstTrial; b < firstTrial + count; b++) {
            for (int c = 0; c < batch.outputs(); c++) {
                for (int i = 0; i < len; i++) {
                    double m = batch.mask(b, c, i);
                    double e = output(batch, o, b, c, i) - batch.target(b, c, i);
                    sum += m * e * e;
                    weight += m;
                }
            }
        }
        return new TaskScore("rmse", weight == 0 ? Double.NaN : Math.sqrt(sum / weight), false);
    }

    /** pycog's min_error: the last RMSE is ≤ 0.05. */
    @Override
    public boolean meetsTarget(List<Double> scoreHistory) {
        return !scoreHistory.isEmpty() && scoreHistory.get(scoreHistory.size() - 1) <= MIN_ERROR;
    }

    /** A trial is correct when its own RMSE against the label's target is ≤ 0.05. */
    @Override
    public boolean isCorrect(double[] o, int offset, int label) {
        TrialBatch one = generate(new RandomKey(0, 0, RandomStream.TASK), label, 1, TrialPurpose.VALIDATION);
        double[] own = java.util.Arrays.copyOfRange(o, offset, offset + outputs() * (one.steps() - 1));
        return score(one, own, 0, 1).value() <= MIN_ERROR;
    }
}
