package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train / eval / gradcheck from the command line: flags, exit codes, files where spikeRNN puts them. */
class TrainCommandTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8)};
    }

    private static void assertUsageError(String expected, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], r[1]);
        String first = r[1].lines().findFirst().orElse("");
        assertTrue(first.startsWith("eirnn " + args[0] + ": ") && first.contains(expected), r[1]);
    }

    @Test
    void badFlagsExitTwoWithOneLine() {
        assertUsageError("--task is required", "train");
        assertUsageError("no-such", "train", "--task", "go-nogo", "--no-such");
        assertUsageError("--apply_dale 'maybe'", "train", "--task", "go-nogo", "--apply_dale", "maybe");
        assertUsageError("--decay_taus takes 1 or 2 values", "train", "--task", "go-nogo", "--decay_taus", "1", "2", "3");
        assertUsageError("unknown task 'gonogo'", "train", "--task", "gonogo");
        assertUsageError("--N 'many'", "train", "--task", "go-nogo", "--N", "many");
        assertUsageError("--mode 'test'", "train", "--task", "go-nogo", "--mode", "test");
        assertUsageError("--model FILE is required", "eval");
        assertUsageError("--model FILE is required", "gradcheck");
        assertUsageError("--resume: no checkpoint", "train", "--task", "go-nogo", "--seed", "4", "--resume",
                "--output_dir", "/nonexistent-eirnn-dir");
    }

    @Test
    void helpExitsZero() {
        for (String c : List.of("train", "eval", "gradcheck")) {
            assertEquals("0", run(c, "--help")[0]);
        }
    }

    @Test
    void trainsSavesWhereSpikeRnnDoesThenEvaluatesAndChecksGradients(@TempDir Path dir) throws IOException {
        String[] r = run("train", "--task", "go-nogo", "--N", "10", "--n_trials", "3", "--seed", "5", "--device",
                "cpu", "--apply_dale", "y", "--decay_taus", "4", "20", "--gpu", "0", "--gpu_frac", "0.2",
                "--output_dir", dir.toString());
        assertEquals("0", r[0], r[1]);
        Path modelDir = dir.resolve("models/go-nogo/P_rec_0.2_Taus_4.0_20.0");
        List<Path> models = list(modelDir, ".mat");
        assertEquals(1, models.size());
        assertTrue(models.get(0).getFileName().toString()
                .matches("Task_go-nogo_N_10_Taus_4\\.0_20\\.0_Act_sigmoid_seed_\\d+_\\d{4}_\\d{2}_\\d{2}_\\d{6}\\.mat"), models.toString());
        ModelRecord rec = MatModelFile.read(models.get(0)).record();
        assertEquals(2, rec.lastTrial());
        assertEquals(3, rec.losses().length);

        // a finished run has nothing to resume
        assertEquals("0", run("train", "--task", "go-nogo", "--N", "10", "--n_trials", "3", "--seed", "5",
                "--device", "cpu", "--output_dir", dir.toString(), "--resume")[0]);

        Path out = dir.resolve("eval.mat");
        assertEquals("0", run("eval", "--model", models.get(0).toString(), "--device", "cpu", "--trials", "20",
                "--out", out.toString())[0]);
        assertTrue(Files.size(out) > 0);
        assertEquals("0", run("train", "--mode", "eval", "--model", models.get(0).toString(), "--device", "cpu",
                "--noise-sd", "0", "--x0-sd", "0")[0]);
        Path grads = dir.resolve("grads.mat");
        assertEquals("0", run("gradcheck", "--model", models.get(0).toString(), "--device", "cpu", "--samples", "8",
                "--out", grads.toString())[0]);
        assertTrue(Files.size(grads) > 0);
    }

    @Test
    void anEnsembleWritesOneFilePerNetwork(@TempDir Path dir) throws IOException {
        String[] r = run("train", "--task", "go-nogo", "--N", "8", "--n_trials", "2", "--seed", "1", "--device",
                "cpu", "--networks", "2", "--batch", "3", "--apply_dale", "false", "--decay_taus", "5",
                "--output_dir", dir.toString());
        assertEquals("0", r[0], r[1]);
        List<Path> models = list(dir.resolve("models/go-nogo/NoDale/P_rec_0.2_Tau_5.0"), ".mat");
        assertEquals(2, models.size());
        assertTrue(models.get(0).toString().endsWith("_net0.mat") && models.get(1).toString().endsWith("_net1.mat"),
                models.toString());
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
