package org.eirnn.cli;

import org.eirnn.io.LifMatFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eirnn train --model ngc-eirnn --task forecast} (spec peers §2.4): the local rule trains the sine forecast
 * on both engines (RMSE after well below before), BPTT trains the same network, users' CSV and .mat series with one or
 * more channels run, and bad files and flags are refused in one line with exit status 2.
 */
class ForecastTrainTest {
    @TempDir
    Path dir;

    private static double value(Path file, String name) throws IOException {
        return LifMatFile.read(file, name).rowMajor()[0];
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cpu", "opencl"})
    void theLocalRuleLearnsTheSineForecast(String device) throws IOException {
        if (device.equals("opencl")) {
            org.eirnn.engine.opencl.OpenClTestDevice.require();
        }
        Path out = dir.resolve("m.mat");
        String[] r = CommandLineRulesTest.run("train", "--model", "ngc-eirnn", "--task", "forecast", "--device", device,
                "--out", out.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[2].contains("RMSE before") && r[2].contains("MAE after"), r[2]);
        double before = value(out, "rmse_before");
        double after = value(out, "rmse_after");
        assertTrue(after < 0.6 * before, "RMSE " + before + " -> " + after);
        assertTrue(value(out, "loglik_after") > value(out, "loglik_before"));
        assertEquals(40, value(out, "passes"));
        LifMatFile.Matrix w1o = LifMatFile.read(out, "W1o");
        LifMatFile.Matrix v1 = LifMatFile.read(out, "V1");
        assertEquals(10, w1o.rows());
        for (double w : concat(w1o.rowMajor(), v1.rowMajor(), LifMatFile.read(out, "W1").rowMajor())) {
            assertTrue(w >= 0, "a projected weight is negative: " + w);
        }
        // the family's Wrec carries the signs: the columns of the two inhibitory units are <= 0
        LifMatFile.Matrix wrec = LifMatFile.read(out, "Wrec");
        for (int i = 0; i < 10; i++) {
            assertTrue(wrec.rowMajor()[i * 10 + 9] <= 0 && wrec.rowMajor()[i * 10] >= 0);
        }
    }

    private static double[] concat(double[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    @Test
    void bpttTrainsTheSameNetworkOneUpdatePerPass() throws IOException {
        Path out = dir.resolve("b.mat");
        String[] r = CommandLineRulesTest.run("train", "--task", "forecast", "--learning", "bptt", "--passes", "5",
                "--lr", "0.05", "--device", "cpu", "--out", out.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(value(out, "rmse_after") < 0.9 * value(out, "rmse_before"));
        assertEquals(5, LifMatFile.read(out, "train_rmse").rows());
        // the same initial network as the local rule's: the evaluation before training agrees
        Path local = dir.resolve("l.mat");
        assertEquals("0", CommandLineRulesTest.run("train", "--task", "forecast", "--passes", "1", "--device", "cpu",
                "--out", local.toString())[0]);
        assertEquals(value(local, "rmse_before"), value(out, "rmse_before"), 1e-12);
        for (double w : LifMatFile.read(out, "W1o").rowMajor()) {
            assertTrue(w >= 0);
        }
    }

    @Test
    void aUsersCsvWithTwoChannelsAndSeveralNetworks() throws IOException {
        StringBuilder csv = new StringBuilder("time,a,b\n");
        for (int t = 0; t < 120; t++) {
            csv.append(t).append(',').append(Math.sin(t * 0.1)).append(',').append(Math.cos(t * 0.1)).append('\n');
        }
        Path series = dir.resolve("two.csv");
        Files.writeString(series, csv.toString().replaceFirst("(?m)^time,a,b\n", "a,b\n")
                .replaceAll("(?m)^\\d+,", ""));
        Path out = dir.resolve("two.mat");
        String[] r = CommandLineRulesTest.run("train", "--task", "forecast", "--series", series.toString(),
                "--passes", "2", "--networks", "3", "--device", "cpu", "--out", out.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("120 points x 2 channel(s)"), r[1]);
        assertEquals(2, LifMatFile.read(out, "W1").rows());
        assertEquals(3, LifMatFile.read(out, "theta").rows());
        assertEquals(3, LifMatFile.read(out, "rmse_after").rows());
    }

    @Test
    void aMatSeries() throws IOException {
        double[] y = new double[50];
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.sin(0.2 * t);
        }
        Path series = dir.resolve("s.mat");
        LifMatFile.write(series, Map.of("y", LifMatFile.Matrix.row(y)));
        Path out = dir.resolve("o.mat");
        String[] r = CommandLineRulesTest.run("train", "--task", "forecast", "--series", series.toString(),
                "--series-var", "y", "--passes", "1", "--device", "cpu", "--out", out.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("50 points x 1 channel(s)"), r[1]);
        CommandLineRulesTest.assertRefused("has no variable 'series'", "train", "--task", "forecast", "--series",
                series.toString(), "--device", "cpu", "--out", dir.resolve("x.mat").toString());
    }

    @Test
    void badSeriesFilesAreRefusedInOneLine() throws IOException {
        Map<String, String> bad = Map.of(
                "ragged.csv", "1,2\n3\n", "word.csv", "1\n2\nthree\n", "nan.csv", "1\nNaN\n2\n", "empty.csv", "",
                "header-only.csv", "a,b\n", "one.csv", "1.5\n");
        Map<String, String> expected = Map.of(
                "ragged.csv", "line 2 has 1 value(s): expected 2", "word.csv", "line 3 'three' is not valid",
                "nan.csv", "point 2 of channel 1 is NaN", "empty.csv", "holds no numbers",
                "header-only.csv", "holds no numbers", "one.csv", "expected at least 2");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.writeString(f, e.getValue());
            Path out = dir.resolve(e.getKey() + ".mat");
            CommandLineRulesTest.assertRefused(expected.get(e.getKey()), "train", "--task", "forecast", "--series",
                    f.toString(), "--device", "cpu", "--out", out.toString());
            assertFalse(Files.exists(out), "nothing written for " + e.getKey());
        }
        Path binary = dir.resolve("binary.csv");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        CommandLineRulesTest.assertRefused("is not UTF-8 text", "train", "--task", "forecast", "--series",
                binary.toString(), "--device", "cpu", "--out", dir.resolve("bin.mat").toString());
        CommandLineRulesTest.assertRefused("is a folder", "train", "--task", "forecast", "--series", dir.toString(),
                "--device", "cpu");
        Path notMat = dir.resolve("text.mat");
        Files.writeString(notMat, "1\n2\n");
        String[] r = CommandLineRulesTest.run("train", "--task", "forecast", "--series", notMat.toString(),
                "--device", "cpu", "--out", dir.resolve("t.mat").toString());
        assertEquals("2", r[0], r[1]);
        assertEquals(1, r[1].strip().lines().count(), r[1]);
    }

    @Test
    void flagsThatDoNotFitAreRefused() {
        CommandLineRulesTest.assertRefused("--learning 'hebb' is not valid: expected local or bptt", "train", "--task",
                "forecast", "--learning", "hebb");
        CommandLineRulesTest.assertRefused("the local rule needs a target at every step", "train", "--task", "go-nogo",
                "--learning", "local");
        CommandLineRulesTest.assertRefused("--passes is only for --task forecast", "train", "--task", "go-nogo",
                "--passes", "3");
        CommandLineRulesTest.assertRefused("--task forecast runs --model ngc-eirnn, not song2016", "train", "--task",
                "forecast", "--model", "song2016");
        CommandLineRulesTest.assertRefused("--noise-form 'nn4n' is not valid for --model ngc-eirnn", "train", "--task",
                "forecast", "--noise-form", "nn4n");
        CommandLineRulesTest.assertRefused("--batch, --n_trials and --resume are not used", "train", "--task",
                "forecast", "--batch", "4");
        CommandLineRulesTest.assertRefused("--tau-elg '0.5' is not valid", "train", "--task", "forecast",
                "--tau-elg", "0.5");
        CommandLineRulesTest.assertRefused("one fixed tau >= 1 step", "train", "--task", "forecast", "--decay_taus",
                "4", "20");
        CommandLineRulesTest.assertRefused("--act is not an option of --model ngc-eirnn --task forecast", "train",
                "--task", "forecast", "--act", "sigmoid");
        CommandLineRulesTest.assertRefused("--optimizer is not an option", "train", "--task", "forecast",
                "--optimizer", "sgd");
        CommandLineRulesTest.assertRefused("more than 2^31 Adam steps", "train", "--task", "forecast", "--passes",
                "3000000");
    }

    @Test
    void ngcNoiseFormIsTheExhibitsLargerScaling() throws IOException {
        Path a = dir.resolve("a.mat");
        Path b = dir.resolve("b.mat");
        assertEquals("0", CommandLineRulesTest.run("train", "--task", "forecast", "--passes", "1", "--device", "cpu",
                "--out", a.toString())[0]);
        assertEquals("0", CommandLineRulesTest.run("train", "--task", "forecast", "--passes", "1", "--device", "cpu",
                "--noise-form", "ngc", "--out", b.toString())[0]);
        // √(2α)·σ = 0.0447 against α·√(2τ)·σ = 0.1·√200·0.1 = 0.1414
        assertEquals(Math.sqrt(0.2) * 0.1, value(a, "noise_pre_sd_per_step"), 1e-15);
        assertEquals(0.1 * Math.sqrt(200) * 0.1, value(b, "noise_pre_sd_per_step"), 1e-15);
        assertArrayEquals(new double[] {1}, LifMatFile.read(a, "seed").rowMajor());
    }
}
