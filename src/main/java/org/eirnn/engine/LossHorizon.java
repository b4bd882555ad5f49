package org.eirnn.engine;

import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.Regularisers;
import org.eirnn.task.TrialBatch;

/**
 * How many of a batch's T steps its training objective reaches, for both engines' gradients and training steps. With
 * a masked, mask-normalised loss (mse, cross-entropy: Σ M ℓ / Σ M) and no penalty on the rates, nothing past the
 * output that pairs with the batch's last masked target (index i, output time i + 1) enters the objective: there the
 * loss is 0, so every adjoint δx_t and every gradient share is exactly 0, and Ω's steps fall below its bound and do
 * not count. Stopping the time loops at i + 2 steps then gives the same numbers as running all T, in less time:
 * pycog's batches are padded to the longest trial a task can draw (mante's 2 s catch trials against its 1.2 s
 * trials), most of them are shorter. Every other objective (spikeRNN's unmasked l1/l2, a rate penalty, the rate
 * distribution penalties) reads every step, and keeps T.
 */
public final class LossHorizon {
    private LossHorizon() {
    }

    /** The steps (2 … T) the objective of {@code batch} needs under {@code spec} and {@code loss}. */
    public static int steps(TrialBatch batch, NetworkSpec spec, LossFunction loss) {
        Regularisers reg = spec.options().regularisers();
        if (!loss.maskNormalised() || reg.l2Rate() != 0 || reg.rateDistribution()) {
            return batch.steps();
        }
        return Math.max(2, Math.min(batch.steps(), batch.lastMaskedIndex() + 2));
    }
}
