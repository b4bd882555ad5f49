package org.eirnn.cli;

import org.eirnn.model.Preset;
import org.eirnn.task.Task;
import org.eirnn.train.ValidationSchedule;

import java.util.List;

/**
 * train's flags of pycog's schedule (spec peers §1.5, {@link ValidationSchedule}), which {@code --model song2016}
 * trains with: validation on the task's enumerated conditions, best parameters kept, the task's stop rules. Other
 * presets keep spikeRNN's evaluation rule and refuse these flags.
 */
final class ValidationOptions {
    static final Flag CHECK_EVERY = Flag.value("check-every", "updates", "song2016: updates between validations")
            .detail("default 10000 / batch, pycog's checkfreq");
    static final Flag N_VALIDATION = Flag.value("n-validation", "trials", "song2016: trials per validation")
            .detail("default 100 x the task's conditions, else 1000");
    static final Flag GRADIENT_SEED = Flag.value("gradient-seed", "s", "song2016: seed of the gradient trials")
            .detail("default 11, pycog's; --seed seeds the initialisation");
    static final Flag VALIDATION_SEED = Flag.value("validation-seed", "s", "song2016: seed of the validation "
            + "trials").detail("default 22, pycog's");
    static final Flag MIN_ERROR = Flag.value("min-error", "rmse", "song2016: stop at this validation RMSE")
            .detail("default 0");
    static final Flag PATIENCE = Flag.value("patience", "updates", "song2016: stop after this many updates "
            + "without a new best validation loss").detail("default 100 x --check-every");
    static final List<Flag> FLAGS = List.of(CHECK_EVERY, N_VALIDATION, GRADIENT_SEED, VALIDATION_SEED, MIN_ERROR,
            PATIENCE);
    static final OptionGroup GROUP = () -> FLAGS;

    private ValidationOptions() {
    }

    /** True when {@code preset} trains under pycog's schedule. */
    static boolean validated(Preset preset) {
        return preset == Preset.SONG2016;
    }

    /** Trials per update: --batch, else pycog's minibatch under song2016 and spikeRNN's 1 otherwise. */
    static int batch(Args a, Flag batch, Preset preset, Task task) {
        return a.integer(batch, validated(preset) ? ValidationSchedule.pycogBatch(task) : 1, 1);
    }

    /** The schedule of {@code preset} with the flags given; null (spikeRNN's rule) for other presets. */
    static ValidationSchedule schedule(Args a, Preset preset, Task task, int batch) {
        if (!validated(preset)) {
            for (Flag f : FLAGS) {
                if (a.has(f)) {
                    throw new org.eirnn.InvalidInputException(f.spelled() + " applies to --model song2016 "
                            + "(pycog's schedule), not --model " + preset.flagName);
                }
            }
            return null;
        }
        ValidationSchedule d = ValidationSchedule.pycog(task, batch);
        int check = a.integer(CHECK_EVERY, d.checkEvery(), 1);
        return new ValidationSchedule(check, a.integer(N_VALIDATION, d.validationTrials(), 1),
                a.longValue(GRADIENT_SEED, d.gradientSeed()), a.longValue(VALIDATION_SEED, d.validationSeed()),
                a.nonNegative(MIN_ERROR, d.minError()), a.longAtLeast(PATIENCE, 100L * check, 1));
    }
}
