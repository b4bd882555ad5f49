package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 12 item 6: output places are checked before any work, and a bad one is refused in one line naming the path
 * (exit 2); nothing is left behind.
 */
class OutputPlacesTest {
    @TempDir
    Path dir;

    private Path model() throws Exception {
        Path model = dir.resolve("m.mat");
        MatModelFile.write(model, ExportSampleCommand.sample("go-nogo", 12, 0, true, 3, 5));
        return model;
    }

    @Test
    void aFolderAsTheOutputFileIsRefused() throws Exception {
        CommandLineRulesTest.assertRefusedAfterReading("--out " + dir + " is a folder: expected a file name in it",
                "eval", "--model", model().toString(), "--device", "cpu", "--trials", "3", "--out", dir.toString());
    }

    @Test
    void anOutputInAPlaceThatTakesNoFilesIsRefusedBeforeEvaluating() throws Exception {
        CommandLineRulesTest.assertRefusedAfterReading("--out /proc/x.mat cannot be written",
                "eval", "--model", model().toString(), "--device", "cpu", "--trials", "3", "--out", "/proc/x.mat");
    }

    @Test
    void anOutputDirThatCannotBeMadeIsRefusedBeforeTraining() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        CommandLineRulesTest.assertRefused("cannot be written", "train", "--task", "go-nogo", "--N", "8",
                "--n_trials", "5", "--device", "cpu", "--output_dir", file.resolve("below").toString());
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "nothing but the file itself is left");
        }
    }
}
