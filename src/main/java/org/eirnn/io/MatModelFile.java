package org.eirnn.io;

import com.jmatio.types.MLArray;
import org.eirnn.InvalidInputException;
import org.eirnn.io.ModelRecord.GridSearchResult;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spikeRNN model file (spec §2.7): export of a {@link ModelRecord} with the reference's variable names, shapes
 * and MATLAB classes, import of eirnn's own files and of files written by spikeRNN's TensorFlow code, its PyTorch
 * port (spec §3 item 6) or appended to by MATLAB's lambda_grid_search.m (spec §5), and the grid-search append.
 *
 * <p>Every write is atomic ({@link AtomicFiles}). One file holds one network; an ensemble of K networks is K files.
 * eirnn's own variables carry the prefix {@value #PREFIX} so that MATLAB scripts, which {@code load} every
 * variable into their workspace, never see a name they use themselves.
 */
public final class MatModelFile {
    /** Prefix of every variable that is eirnn's own (not in spikeRNN's files). */
    public static final String PREFIX = "eirnn_";

    /** Who wrote a file, as recognised from its variables. */
    public enum Flavour {
        /** eirnn: spikeRNN's TensorFlow layout plus {@value #PREFIX} variables. */
        EIRNN("eirnn"),
        /** rkim35/spikeRNN (TensorFlow 1): single-precision weights, T×N×1 trajectories, relu(w). */
        SPIKERNN_TF("spikeRNN (TensorFlow)"),
        /** NuttidaLab/spikeRNN (PyTorch port): all double, raw w, only the last state of x and r. */
        SPIKERNN_PYTORCH("spikeRNN PyTorch port");

        /** How to name the writer to a user. */
        public final String description;

        Flavour(String description) {
            this.description = description;
        }
    }

    /**
     * A model read from a file.
     *
     * @param record  the model; {@code record.task()} is null when neither the file nor its path names the task
     * @param flavour who wrote the file
     * @param notes   what the import changed or had to infer, one human-readable line each
     */
    public record ImportedModel(ModelRecord record, Flavour flavour, List<String> notes) {
    }

    /** The variables lambda_grid_search.m appends (spec §5). */
    static final Set<String> GRID_VARIABLES = Set.of("opt_scaling_factor", "all_perfs", "scaling_factors");

    private MatModelFile() {
    }

    /** Writes {@code record} to {@code file} (atomically), replacing any previous file. */
    public static void write(Path file, ModelRecord record) throws IOException {
        AtomicFiles.write(file, out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            ModelFileWriter.write(record, MatFileEncoder.newFile(buffered, "eirnn " + Version.current()));
            buffered.flush();
        });
    }

    /**
     * Reads a model file of any supported flavour. Bad files (missing or mis-shaped variable, v7.3/HDF5, truncated,
     * not a MAT-file) raise one {@link InvalidInputException} naming the file and the variable.
     */
    public static ImportedModel read(Path file) throws IOException {
        List<String> skipped = new ArrayList<>();
        Map<String, MLArray> vars = MatDecoder.read(file, MatDecoder.readBytes(file, "model file"),
                MatModelFile::isUsed, skipped);
        ImportedModel model = ModelFileReader.read(new MatVariables(file, vars), file);
        if (skipped.isEmpty()) {
            return model;
        }
        List<String> notes = new ArrayList<>(model.notes());
        notes.add("variables eirnn does not use and cannot decode were skipped: " + String.join(", ", skipped));
        return new ImportedModel(model.record(), model.flavour(), List.copyOf(notes));
    }

    /**
     * Adds (or replaces) the grid-search variables of spec §5 — {@code opt_scaling_factor} (1×1), {@code all_perfs}
     * (n×1) and {@code scaling_factors} (1×n), all double — as MATLAB's {@code save -append} does. Every other
     * variable keeps its exact bytes; the file is rewritten atomically.
     */
    public static void appendGridSearch(Path file, GridSearchResult grid) throws IOException {
        MatFileLayout layout = MatFileLayout.scan(file, MatDecoder.readBytes(file, "model file"));
        ByteArrayOutputStream appended = new ByteArrayOutputStream();
        ModelFileWriter.writeGrid(MatFileEncoder.elements(appended, layout.order), grid);
        Set<String> replaced = new java.util.HashSet<>(GRID_VARIABLES);
        replaced.add(GridSearchClaims.CLAIM); // a result ends the search that claimed the file
        AtomicFiles.write(file, layout.replacing(replaced, appended.toByteArray()));
    }

    /** True for the variables an import reads. */
    private static boolean isUsed(String name) {
        return ModelFileWriter.SPIKERNN_NAMES.contains(name) || GRID_VARIABLES.contains(name)
                || name.startsWith(PREFIX);
    }
}
