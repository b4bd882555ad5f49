package org.eirnn.train;

import org.eirnn.InvalidInputException;
import org.eirnn.task.Task;
import org.eirnn.task.pycog.PycogTask;

/**
 * pycog's training schedule (spec peers §1.5), the Trainer's alternative to spikeRNN's evaluation rule: every
 * {@code checkEvery} updates a validation on the task's enumerated conditions (trial id mod
 * {@link Task#conditions()}, pycog's minibatch_index), the parameters of the lowest validation loss kept as the
 * network's result, and a stop when the task's target is met ({@link Task#meetsTarget}), when the validation RMSE is
 * at most {@code minError}, after {@code patience} updates without a new best, or at the maximum number of updates.
 * Gradient and validation trials (stimuli and noise) draw from their own seeds; initialisation uses the run's seed.
 *
 * @param checkEvery       updates between validations (pycog's checkfreq, ⌊10⁴ / B⌋ by default)
 * @param validationTrials trials per validation (pycog's n_validation: 100 × conditions, else 1000)
 * @param gradientSeed     seed of the gradient trials (pycog 11)
 * @param validationSeed   seed of the validation trials (pycog 22)
 * @param minError         stop when the validation RMSE is at most this (pycog 0)
 * @param patience         stop after this many updates without a new best validation loss (pycog 100·checkfreq)
 */
public record ValidationSchedule(int checkEvery, int validationTrials, long gradientSeed, long validationSeed,
                                 double minError, long patience) {
    public static final long GRADIENT_SEED = 11;
    public static final long VALIDATION_SEED = 22;

    public ValidationSchedule {
        InvalidInputException.require(checkEvery >= 1, () -> "--check-every " + checkEvery
                + " is not valid: expected a number of updates >= 1");
        InvalidInputException.require(validationTrials >= 1, () -> "--n-validation " + validationTrials
                + " is not valid: expected a number of trials >= 1");
        InvalidInputException.require(minError >= 0 && Double.isFinite(minError), () -> "--min-error " + minError
                + " is not valid: expected an RMSE >= 0");
        InvalidInputException.require(patience >= 1, () -> "--patience " + patience
                + " is not valid: expected a number of updates >= 1");
    }

    /** pycog's defaults for {@code task} trained on minibatches of {@code batch} trials. */
    public static ValidationSchedule pycog(Task task, int batch) {
        int check = Math.max(1, 10_000 / batch);
        int validation = task instanceof PycogTask p ? p.setup().nValidation()
                : task.conditions() > 0 ? 100 * task.conditions() : 1000;
        return new ValidationSchedule(check, validation, GRADIENT_SEED, VALIDATION_SEED, 0.0, 100L * check);
    }

    /** pycog's minibatch: the task's n_gradient (20; mante 50; 1 in continuous mode), 20 for other tasks. */
    public static int pycogBatch(Task task) {
        return task instanceof PycogTask p ? p.setup().nGradient() : 20;
    }

    /** True after update {@code update} (0-based) when a validation is due. */
    public boolean checksAfter(long update) {
        return (update + 1) % checkEvery == 0;
    }
}
