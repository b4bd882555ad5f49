package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;

import java.util.List;

/** {@code --task}: train requires it; commands that read a model file default to the task the file names. */
final class TaskOption {
    static final Flag TASK = Flag.value("task", "name", "task: " + String.join(", ", Tasks.NAMES) + "; with --model "
            + "song2016 also pycog's " + String.join(", ", org.eirnn.task.pycog.PycogTasks.NAMES) + " (there mante "
            + "is pycog's context task, spikeRNN's under the other presets)");
    /** For commands that read a model file ({@link ModelLoader#task}). */
    static final OptionGroup OF_MODEL = () -> List.of(TASK.detail("default: the task the model file names"));
    /** For train. */
    static final OptionGroup REQUIRED = () -> List.of(TASK.detail("required"));

    private TaskOption() {
    }

    /** --task as {@code preset} reads it: pycog's names under song2016 ({@link Tasks#byName(String, org.eirnn.model.Preset)}). */
    static Task required(Args a, org.eirnn.model.Preset preset) {
        InvalidInputException.require(a.has(TASK), () -> "--task is required: one of " + Tasks.NAMES);
        return Tasks.byName(a.string(TASK, null), preset);
    }
}
