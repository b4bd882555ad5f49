package org.eirnn.cli;

import org.eirnn.io.LifMatFile;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lif, grid-search and spike-eval on a small untrained go-nogo model, CPU engine. */
class SpikingCommandsTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = dir.resolve("Task_go-nogo_N_30.mat");
        MatModelFile.write(model, ExportSampleCommand.sample("go-nogo", 30, 0, true, 3, 4));
    }

    private static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void lifWritesLifNetworkFncOutputsAndIsDeterministicWithV0AndNoNoise() throws Exception {
        Path v0 = dir.resolve("v0.mat");
        double[] volts = new double[30];
        for (int i = 0; i < 30; i++) {
            volts[i] = -65 + 3 * i;
        }
        LifMatFile.write(v0, Map.of("v0", LifMatFile.Matrix.column(volts)));
        Path u = dir.resolve("u.mat");
        double[] stim = new double[21];
        stim[5] = 1;
        LifMatFile.write(u, Map.of("u", LifMatFile.Matrix.row(stim)));
        Path a = dir.resolve("a.mat"), b = dir.resolve("b.mat");
        for (Path out : new Path[] {a, b}) {
            String[] r = run("lif", "--model", model.toString(), "--scaling-factor", "25", "--stimulus", u.toString(),
                    "--v0", v0.toString(), "--noise-sd", "0", "--record", "all", "--out", out.toString(),
                    "--device", "cpu");
            assertEquals("0", r[0], r[1]);
        }
        LifMatFile.Matrix rec = LifMatFile.read(a, "REC");
        assertArrayEquals(rec.rowMajor(), LifMatFile.read(b, "REC").rowMajor(), "same v0, no noise: same run");
        assertEquals(30, rec.rows());
        assertEquals(2000, rec.cols(), "nt = (21 − 1)·100");
        assertEquals(30.0, rec.rowMajor()[29 * 2000], "unit 30 starts at 22 mV ≥ −40: REC shows +30 at step 1");
        assertEquals(-65.0, rec.rowMajor()[0], "unit 1 starts at −65 and cannot integrate at step 1");
        assertEquals(1, LifMatFile.read(a, "out").rows());
        assertEquals(30, LifMatFile.read(a, "W").cols());
        assertEquals(30, LifMatFile.read(a, "all_fr").rows());
    }

    @Test
    void lifRejectsAV0OfTheWrongSize() throws Exception {
        Path v0 = dir.resolve("v0bad.mat");
        LifMatFile.write(v0, Map.of("v0", LifMatFile.Matrix.column(new double[7])));
        String[] r = run("lif", "--model", model.toString(), "--scaling-factor", "25", "--v0", v0.toString());
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("expected N x 1 or N x trials with N = 30"), r[1]);
    }

    @Test
    void gridSearchAppendsItsResultSkipsDoneFilesAndRedoesThemWithForce() throws Exception {
        Path copy = dir.resolve("grid").resolve("Task_go-nogo_N_30.mat");
        Files.createDirectories(copy.getParent());
        Files.copy(model, copy);
        String[] r = run("grid-search", "--model", copy.getParent().toString(), "--factors", "20,40", "--trials", "3",
                "--device", "cpu", "--all");
        assertEquals("0", r[0], r[1]);
        ModelRecord after = MatModelFile.read(copy).record();
        assertNotNull(after.grid());
        assertArrayEquals(new double[] {20, 40}, after.grid().scalingFactors());
        assertEquals(2, after.grid().allPerfs().length);
        int best = after.grid().allPerfs()[1] > after.grid().allPerfs()[0] ? 1 : 0;
        assertEquals(after.grid().scalingFactors()[best], after.grid().optScalingFactor());
        ModelRecord before = MatModelFile.read(model).record();
        assertArrayEquals(before.network().w, after.network().w, "other variables untouched");
        assertArrayEquals(before.network().tausGaus, after.network().tausGaus);
        assertArrayEquals(before.losses(), after.losses());

        byte[] done = Files.readAllBytes(copy);
        r = run("grid-search", "--model", copy.toString(), "--factors", "30", "--trials", "2", "--device", "cpu");
        assertEquals("0", r[0]);
        assertArrayEquals(done, Files.readAllBytes(copy), "a file with a result is skipped");

        r = run("grid-search", "--model", copy.toString(), "--factors", "30", "--trials", "2", "--device", "cpu",
                "--force");
        assertEquals("0", r[0], r[1]);
        assertEquals(30.0, MatModelFile.read(copy).record().grid().optScalingFactor());

        r = run("spike-eval", "--model", copy.toString(), "--trials", "2", "--device", "cpu");
        assertEquals("0", r[0], r[1]);
    }

    /** Models of a folder share launches; each one's result is what it gets searched alone. */
    @Test
    void aFolderIsSearchedTogetherAndEachModelAsIfAlone() throws Exception {
        Path folder = dir.resolve("folder");
        Files.createDirectories(folder);
        Files.copy(model, folder.resolve("a.mat"));
        MatModelFile.write(folder.resolve("b.mat"), ExportSampleCommand.sample("go-nogo", 30, 0, true, 8, 4));
        Path alone = dir.resolve("alone").resolve("a.mat");
        Files.createDirectories(alone.getParent());
        Files.copy(model, alone);
        String[] flags = {"--factors", "15,30", "--trials", "4", "--device", "cpu", "--noise-sd", "0.2", "--all"};
        assertEquals("0", run(concat(new String[] {"grid-search", "--model", folder.toString()}, flags))[0]);
        assertEquals("0", run(concat(new String[] {"grid-search", "--model", alone.toString()}, flags))[0]);
        double[] together = MatModelFile.read(folder.resolve("a.mat")).record().grid().allPerfs();
        assertArrayEquals(MatModelFile.read(alone).record().grid().allPerfs(), together, 0.0);
        assertNotNull(MatModelFile.read(folder.resolve("b.mat")).record().grid());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void badFactorListIsOneLineAndExitTwo() {
        String[] r = run("grid-search", "--model", model.toString(), "--factors", "20:0:75");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--factors '20:0:75' is not valid"), r[1]);
    }

    @Test
    void spikeEvalReportsConditionsAmplitudeAndWritesEveryTrial() throws Exception {
        Path out = dir.resolve("spikes.mat");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        PrintStream old = System.out;
        String[] r;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            r = run("spike-eval", "--model", model.toString(), "--scaling-factor", "25", "--trials", "6",
                    "--device", "cpu", "--out", out.toString(), "--criterion", "strict");
        } finally {
            System.setOut(old);
        }
        assertEquals("0", r[0], r[1]);
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("strict criterion") && text.contains("per condition") && text.contains("Go ")
                && text.contains("output amplitude"), text);
        com.jmatio.io.MatFileReader mat = new com.jmatio.io.MatFileReader(out.toFile());
        assertArrayEquals(new int[] {6, 1}, mat.getMLArray("labels").getDimensions());
        assertArrayEquals(new int[] {6, 1}, mat.getMLArray("correct").getDimensions());
        assertEquals(6, mat.getMLArray("out").getDimensions()[0]);
        assertTrue(mat.getMLArray("out").getDimensions()[1] > 1000, "the readout at every LIF step");
        assertEquals(6, mat.getMLArray("rate_o").getDimensions()[0]);
        r = run("spike-eval", "--model", model.toString(), "--scaling-factor", "25", "--criterion", "loose");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--criterion 'loose' is not valid"), r[1]);
    }

    @Test
    void aFolderSearchSkipsNetworksThatMissedTheirCriterionUnlessAll() throws Exception {
        Path folder = dir.resolve("unconverged");
        Files.createDirectories(folder);
        Path file = folder.resolve("a.mat");
        Files.copy(model, file);
        byte[] before = Files.readAllBytes(file);
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        PrintStream old = System.err;
        String[] r;
        try {
            System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
            r = run("grid-search", "--model", folder.toString(), "--factors", "20,21", "--trials", "2", "--device",
                    "cpu", "--force");
        } finally {
            System.setErr(old);
        }
        assertEquals("0", r[0], r[1]);
        String text = said.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("missed the criterion"), text);
        assertArrayEquals(before, Files.readAllBytes(file), "not searched, not touched");
        r = run("grid-search", "--model", folder.toString(), "--factors", "20,21", "--trials", "2", "--device", "cpu",
                "--all", "--force");
        assertEquals("0", r[0], r[1]);
        assertArrayEquals(new double[] {20, 21}, MatModelFile.read(file).record().grid().scalingFactors());
    }
}
