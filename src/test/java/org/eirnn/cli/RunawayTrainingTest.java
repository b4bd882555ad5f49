package org.eirnn.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 5: {@code --lr 1e14} trains to an evaluation loss of about 1e16 with finite numbers. The run must
 * stop (exit 1) as a runaway, save no model, and name a checkpoint only if one exists.
 */
class RunawayTrainingTest {

    @Test
    void aRunawayLossStopsTheRunAndNamesNoMissingCheckpoint(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int status;
        try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setErr(err);
            status = Main.run(new String[] {"train", "--task", "go-nogo", "--N", "12", "--n_trials", "301",
                "--lr", "1e14", "--device", "cpu", "--output_dir", dir.toString()}, err);
        } finally {
            System.setErr(saved);
        }
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_FAILURE, status, log);
        assertTrue(log.contains("ran away at trial 1"), log);
        assertTrue(log.contains("No checkpoint was written yet"), log);
        try (Stream<Path> files = Files.walk(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".mat") || p.toString().endsWith(".checkpoint")),
                    "no model and no checkpoint are left");
        }
    }
}
