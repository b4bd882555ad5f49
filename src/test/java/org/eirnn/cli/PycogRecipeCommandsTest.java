package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.RateNetwork;
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

/**
 * train --model song2016 on a pycog task (pycog's schedule, the file's run settings) and eval --dt (pycog's runner)
 * on the short-trained network; --dt refused for a spikernn model.
 */
class PycogRecipeCommandsTest {

    static Path trainedFile(Path dir, String... args) throws IOException {
        String[] r = Cli.run(args);
        assertEquals("0", r[0], r[1]);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".mat")).findFirst().orElseThrow();
        }
    }

    /** {exit status, stdout, stderr}. */
    static String[] withStdout(String... args) {
        PrintStream keep = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] r = Cli.run(args);
            return new String[] {r[0], out.toString(StandardCharsets.UTF_8), r[1]};
        } finally {
            System.setOut(keep);
        }
    }

    @Test
    void aSong2016FileCarriesTheRunAndRunsAtAFinerStep(@TempDir Path dir) throws IOException {
        Path file = trainedFile(dir, "train", "--model", "song2016", "--task", "rdm_dense", "--N", "20",
                "--n_trials", "4", "--check-every", "2", "--n-validation", "22", "--device", "cpu",
                "--output_dir", dir.toString());
        ModelRecord rec = MatModelFile.read(file).record();
        assertEquals("rdm_dense", rec.task());
        assertEquals(20.0, ((Number) rec.extras().get("dt_ms")).doubleValue());
        assertEquals(100.0, ((Number) rec.extras().get("tau_ms")).doubleValue());
        assertEquals(0.15, ((Number) rec.extras().get("sigma_rec")).doubleValue(), 1e-12);
        assertEquals(0.01, ((Number) rec.extras().get("sigma_in")).doubleValue(), 1e-12);
        assertEquals(0.2, ((Number) rec.extras().get("baseline_in")).doubleValue(), 1e-12);
        assertEquals(2.0, ((Number) rec.extras().get("lambda_omega")).doubleValue());
        assertEquals(2, rec.network().spec.outputs(), "both readouts read back");
        double bestLoss = ((Number) rec.extras().get("best_validation_loss")).doubleValue();
        assertTrue(Double.isFinite(bestLoss));

        Path out = dir.resolve("eval.mat");
        String[] at20 = withStdout("eval", "--model", file.toString(), "--trials", "22", "--device", "cpu", "--out",
                out.toString());
        assertEquals("0", at20[0], at20[2]);
        assertTrue(at20[1].contains("performance_2afc") && at20[1].contains("at dt 20.0 ms"), at20[1]);
        assertTrue(at20[1].contains("psychometric: signed coherence") && at20[1].contains("cumulative-Gaussian fit"),
                at20[1]);
        var vars = new com.jmatio.io.MatFileReader(out.toFile()).getContent();
        double[][] perCondition = ((com.jmatio.types.MLDouble) vars.get("per_condition")).getArray();
        assertEquals(10, perCondition.length, "the ten non-catch conditions");
        for (int k = 0; k < 10; k++) {
            assertEquals(k + 1, perCondition[k][0]);
            assertEquals(2, perCondition[k][1], "22 enumerated trials: two per condition, two catch");
        }
        double[][] table = ((com.jmatio.types.MLDouble) vars.get("psychometric")).getArray();
        assertEquals(10, table.length, "±1, 2, 4, 8, 16 % coherence");
        assertEquals(-16, table[0][0]);
        assertEquals(16, table[9][0]);
        String[] at5 = withStdout("eval", "--model", file.toString(), "--trials", "22", "--dt", "5", "--device",
                "cpu");
        assertEquals("0", at5[0], at5[2]);
        // α = 5/100 and √(2·100/5)·0.01 per step
        assertTrue(at5[1].contains("at dt 5.0 ms, tau 100.0 ms, input noise 0.06325 per step"), at5[1]);
    }

    @Test
    void evalOfAManteFileGivesTheContextPsychometricsAndCongruency(@TempDir Path dir) throws IOException {
        Path file = trainedFile(dir, "train", "--model", "song2016", "--task", "mante", "--N", "20",
                "--n_trials", "2", "--check-every", "1", "--n-validation", "73", "--device", "cpu",
                "--output_dir", dir.toString());
        Path out = dir.resolve("eval.mat");
        String[] r = withStdout("eval", "--model", file.toString(), "--trials", "146", "--device", "cpu", "--out",
                out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("psychometric: colour context: signed motion coherence (%)"), r[1]);
        assertTrue(r[1].contains("motion context: congruent") && r[1].contains("colour context: congruent"), r[1]);
        var vars = new com.jmatio.io.MatFileReader(out.toFile()).getContent();
        for (String key : List.of("motion_context_motion", "motion_context_colour", "colour_context_motion",
                "colour_context_colour")) {
            double[][] table = ((com.jmatio.types.MLDouble) vars.get("psychometric_" + key)).getArray();
            assertEquals(6, table.length, key + ": ±1, 3, 10 %");
            assertEquals(-10, table[0][0]);
            assertEquals(12, table[0][1], key + ": 2 trials × 6 conditions at each value");
        }
        double[][] congruency = ((com.jmatio.types.MLDouble) vars.get("context_congruency")).getArray();
        assertEquals(2, congruency.length);
        assertEquals(1, congruency[0][0], "motion context first");
        assertEquals(36, congruency[0][1], "18 congruent conditions × 2 trials");
        assertEquals(36, congruency[1][3]);
        Path plots = dir.resolve("plots");
        String[] plot = Cli.run("plot", "--model", file.toString(), "--what", "psychometric", "--out-dir",
                plots.toString());
        assertEquals("0", plot[0], plot[1]);
        try (var files = Files.list(plots)) {
            Path png = files.findFirst().orElseThrow();
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
            assertEquals(4 * org.eirnn.plot.Figures.HEIGHT, image.getHeight(), "one panel per context and modality");
        }
    }

    @Test
    void evalOfAMultisensoryFileSetsTheBimodalThresholdBesideTheOptimalOne(@TempDir Path dir) throws IOException {
        Path file = trainedFile(dir, "train", "--model", "song2016", "--task", "multisensory", "--n_trials", "1",
                "--check-every", "1", "--n-validation", "25", "--device", "cpu", "--output_dir", dir.toString());
        Path out = dir.resolve("eval.mat");
        String[] r = withStdout("eval", "--model", file.toString(), "--trials", "100", "--device", "cpu", "--out",
                out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("psychometric: auditory trials: frequency (Hz)"), r[1]);
        var vars = new com.jmatio.io.MatFileReader(out.toFile()).getContent();
        double[][] visual = ((com.jmatio.types.MLDouble) vars.get("psychometric_visual")).getArray();
        assertEquals(8, visual.length, "9 … 16 Hz");
        assertEquals(4, visual[0][1], "4 trials of each condition");
        double[] sigma = ((com.jmatio.types.MLDouble) vars.get("multisensory_sigma")).getArray()[0];
        assertEquals(4, sigma.length);
        double[] vFit = ((com.jmatio.types.MLDouble) vars.get("psychometric_fit_visual")).getArray()[0];
        double[] aFit = ((com.jmatio.types.MLDouble) vars.get("psychometric_fit_auditory")).getArray()[0];
        assertEquals(vFit[1], sigma[0]);
        assertEquals(aFit[1], sigma[1]);
        assertEquals(Math.sqrt(vFit[1] * vFit[1] * aFit[1] * aFit[1] / (vFit[1] * vFit[1] + aFit[1] * aFit[1])),
                sigma[3], 1e-12);
    }

    @Test
    void theRunnerMovesAlphaAndTheTrialsWithTheStep(@TempDir Path dir) throws Exception {
        Path file = trainedFile(dir, "train", "--model", "song2016", "--task", "rdm_dense", "--N", "20",
                "--n_trials", "2", "--check-every", "1", "--n-validation", "11", "--device", "cpu",
                "--output_dir", dir.toString());
        Args a = new EvalCommand().options().parse(new String[] {"--model", file.toString(), "--dt", "4",
            "--trials", "11"});
        RateOptions.ModelRun base = RateOptions.modelRun(a, EvalCommand::fileLoss, 100);
        RateOptions.ModelRun moved = PycogRunner.atStep(a, base);
        RateNetwork net = moved.model().network();
        for (double alpha : net.alpha()) {
            assertEquals(0.04, alpha, 1e-15);
        }
        assertTrue(base.model().network().sameParameters(net.withSpec(base.model().network().spec)),
                "the weights are the file's");
        // 2000 ms catch trials: 100 steps at 20 ms, 500 at 4 ms (+1 each)
        assertEquals(101, base.model().task().steps());
        assertEquals(501, moved.model().task().steps());
        assertEquals(0.15, moved.noise().noiseSd(), 0.0);
        assertEquals(Math.sqrt(2 * 100 / 4.0) * 0.01, moved.noise().inputSd(), 1e-15);
    }

    @Test
    void theScheduleFlagsAreSong2016s(@TempDir Path dir) {
        String[] r = Cli.run("train", "--task", "go-nogo", "--N", "20", "--n_trials", "2", "--check-every", "5",
                "--device", "cpu", "--output_dir", dir.toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("--check-every applies to --model song2016"), r[1]);
    }

    @Test
    void dtIsRefusedForASpikeRnnModel(@TempDir Path dir) throws IOException {
        Path file = trainedFile(dir, "train", "--task", "go-nogo", "--N", "20", "--n_trials", "2", "--device",
                "cpu", "--output_dir", dir.toString());
        String[] r = Cli.run("eval", "--model", file.toString(), "--dt", "0.5", "--device", "cpu");
        assertEquals("2", r[0], r[1]);
        String last = r[1].strip().lines().reduce((x, y) -> y).orElse("");
        assertTrue(last.contains("--dt 0.5 applies to song2016 models of pycog's tasks"), r[1]);
    }
}
