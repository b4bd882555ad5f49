package org.eirnn.train;

import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * One network's evaluation on fresh trials (spec §2.5): per-trial loss, outputs and correctness, and their means.
 *
 * @param accuracy fraction of correct trials (eval_perf_mean)
 * @param meanLoss mean per-trial loss (eval_loss_mean)
 * @param outputs  E×(T−1) outputs of channel 0, row per trial (eval_os)
 * @param labels   trial labels (eval_labels)
 * @param correct  per-trial correctness under the task's rule
 * @param losses   per-trial loss
 */
public record Evaluation(double accuracy, double meanLoss, double[] outputs, int[] labels, boolean[] correct,
                         double[] losses) {

    /** Forward pass of {@code batch} (E trials per network) on the session and the task's rule, per network. */
    public static List<Evaluation> run(RateSession session, Task task, TrialBatch batch, RateNoise noise, long seed) {
        return of(session, task, batch, session.forward(batch, noise, seed, false));
    }

    /** The evaluations of a forward pass {@code traj} of {@code batch} on the session's networks. */
    public static List<Evaluation> of(RateSession session, Task task, TrialBatch batch, Trajectories traj) {
        int perNet = session.trialsPerNetwork();
        int len = batch.steps() - 1;
        int perTrial = batch.outputs() * len;   // trial b's outputs start at b·N_out·(T−1), channel 0 first
        List<Evaluation> out = new ArrayList<>();
        for (int k = 0; k < session.networks(); k++) {
            double[] outputs = new double[perNet * len];
            int[] labels = new int[perNet];
            boolean[] correct = new boolean[perNet];
            double[] losses = new double[perNet];
            int hits = 0;
            double lossSum = 0;
            for (int j = 0; j < perNet; j++) {
                int b = k * perNet + j;
                System.arraycopy(traj.o(), b * perTrial, outputs, j * len, len);
                labels[j] = batch.labels()[b];
                correct[j] = task.isCorrect(traj.o(), b * perTrial, labels[j]);
                losses[j] = traj.loss()[b];
                hits += correct[j] ? 1 : 0;
                lossSum += losses[j];
            }
            out.add(new Evaluation(hits / (double) perNet, lossSum / perNet, outputs, labels, correct, losses));
        }
        return out;
    }
}
