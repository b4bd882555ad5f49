package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.MatModelFile.ImportedModel;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.RateNetwork;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --model FILE} and the one way commands read a model file (eval, gradcheck, lif, grid-search, spike-eval,
 * inspect): through {@link MatModelFile#read}, with the import notes printed once, and the task (--task, else the one
 * the file names) checked against the network's inputs, so no command runs a model on stimuli with the wrong number
 * of channels.
 */
final class ModelLoader {
    static final Flag MODEL = Flag.value("model", "file|preset",
            "the model: a .mat file (eirnn's, spikeRNN's TensorFlow or its PyTorch port), or for train the preset "
                    + "spikernn, song2016 or nn4n");
    static final OptionGroup REQUIRED = () -> List.of(MODEL.detail("required"));

    private ModelLoader() {
    }

    /** A model file, what its import made of it, and the task it is run on (null where none is needed). */
    record Loaded(Path path, ImportedModel imported, Task task) {
        ModelRecord record() {
            return imported.record();
        }

        RateNetwork network() {
            return imported.record().network();
        }
    }

    /** The file --model names, read, with its task. */
    static Loaded load(Args a) throws IOException {
        Loaded m = loadWithoutTask(a);
        return new Loaded(m.path(), m.imported(), task(a, m.record(), m.path()));
    }

    /** The file --model names, read; for runs whose stimulus comes from elsewhere (lif --stimulus). */
    static Loaded loadWithoutTask(Args a) throws IOException {
        Path path = Path.of(a.required(MODEL, "FILE"));
        return new Loaded(path, read(path, a.command()), null);
    }

    /** Reads {@code file} and prints its import notes on stderr, "eirnn COMMAND: note: ...". */
    static ImportedModel read(Path file, String command) throws IOException {
        ImportedModel m = readQuietly(file);
        for (String note : m.notes()) {
            System.err.println("eirnn " + command + ": note: " + note);
        }
        return m;
    }

    /** Reads {@code file} without printing its notes (inspect lists them itself). */
    static ImportedModel readQuietly(Path file) throws IOException {
        Args.requireFile(file, file.toString(), "a .mat model file");
        return MatModelFile.read(file);
    }

    /** --task, else the file's task; refused when the task's inputs are not the network's N_in. */
    static Task task(Args a, ModelRecord model, Path file) {
        String name = a.string(TaskOption.TASK, model.task());
        InvalidInputException.require(name != null, () -> file + " does not name its task (neither the file nor its"
                + " path does): give --task, one of " + Tasks.NAMES);
        Task task = Tasks.byName(name, model.network().spec.options().preset());
        int inputs = model.network().spec.inputs();
        InvalidInputException.require(task.inputs() == inputs, () -> "task " + task.name() + " has " + task.inputs()
                + " inputs but " + file + " has w_in for " + inputs + " (N_in = " + inputs + ")");
        return task;
    }
}
