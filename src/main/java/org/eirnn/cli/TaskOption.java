package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;

import java.util.List;

/** {@code --task}: train requires it; commands that read a model file default to the task the file names. */
final class TaskOption {
    static final Flag TASK = Flag.value("task", "name", "task: " + String.join(", ", Tasks.NAMES));
    /** For commands that read a model file ({@link ModelLoader#task}). */
    static final OptionGroup OF_MODEL = () -> List.of(TASK.detail("default: the task the model file names"));
    /** For train. */
    static final OptionGroup REQUIRED = () -> List.of(TASK.detail("required"));

    private TaskOption() {
    }

    static Task required(Args a) {
        return required(a, org.eirnn.model.Preset.SPIKERNN);
    }

    /** --task as {@code preset} names tasks (pycog's eleven under song2016). */
    static Task required(Args a, org.eirnn.model.Preset preset) {
        InvalidInputException.require(a.has(TASK), () -> "--task is required: one of " + Tasks.NAMES);
        return Tasks.byName(a.string(TASK, null), preset);
    }
}
