package org.eirnn.cli;

import com.jmatio.io.MatFileReader;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLDouble;
import org.eirnn.io.LifMatFile;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eirnn summarize DIR}: one row per model file, CSV and .mat with the same numbers. */
class SummarizeCommandTest {
    @TempDir
    Path dir;

    /** A sample model whose last evaluation is (loss, accuracy) at trial tr with the given extras. */
    private static ModelRecord model(String task, long tr, double loss, double accuracy, long seed, long network) {
        ModelRecord s = ExportSampleCommand.sample(task, 20, 0, true, seed, 4);
        Map<String, Object> extras = new java.util.LinkedHashMap<>(s.extras());
        extras.put("network", network);
        return new ModelRecord(s.task(), s.network(), s.initial(), s.steps(), s.x0(), s.r0(), s.u(), s.o(), s.x(),
                s.r(), s.target(), s.losses(), accuracy, loss, s.evalOutputs(), s.evalLabels(), s.textLabels(), tr,
                null, extras);
    }

    @Test
    void oneRowPerModelFileWithCriterionAccuraciesAndFactor() throws Exception {
        Path a = dir.resolve("go-nogo/Task_go-nogo_N_20_a.mat");
        Path b = dir.resolve("go-nogo/Task_go-nogo_N_20_b.mat");
        Path c = dir.resolve("xor/Task_xor_N_20_c.mat");
        Files.createDirectories(a.getParent());
        Files.createDirectories(c.getParent());
        MatModelFile.write(a, model("go-nogo", 1501, 1.5, 0.99, 7, 0));     // met: loss < 7, acc > 0.95, tr > 1500
        MatModelFile.write(b, model("go-nogo", 1401, 1.0, 1.00, 7, 1));     // not: go-nogo needs tr·B > 1500
        MatModelFile.write(c, model("xor", 4000, 9.0, 0.50, 8, 0));         // not: loss too high
        MatModelFile.appendGridSearch(a, new ModelRecord.GridSearchResult(30, new double[] {0.9, 0.95, 0.97, 0.8},
                new double[] {20, 25, 30, 35}));
        LifMatFile.write(dir.resolve("go-nogo/lif_out.mat"), Map.of("out", LifMatFile.Matrix.row(new double[3])));
        Path prefix = dir.resolve("sum/all");
        String[] r = Cli.run("summarize", dir.toString(), "--out", prefix + ".mat");
        assertEquals("0", r[0], r[1]);
        List<String> lines = Files.readAllLines(Path.of(prefix + ".csv"));
        assertEquals(String.join(",", SummarizeCommand.COLUMNS), lines.get(0));
        assertEquals(4, lines.size(), "header + 3 model files (the lif output is skipped): " + lines);
        assertEquals("go-nogo/Task_go-nogo_N_20_a.mat,go-nogo,20,7,0,1,1501,1,1501,0.99,1.5,30,0.97,",
                lines.get(1));
        assertEquals("go-nogo/Task_go-nogo_N_20_b.mat,go-nogo,20,7,1,1,1401,0,,1,1,,,", lines.get(2));
        assertEquals("xor/Task_xor_N_20_c.mat,xor,20,8,0,1,4000,0,,0.5,9,,,", lines.get(3));

        MatFileReader mat = new MatFileReader(Path.of(prefix + ".mat").toFile());
        MLChar files = (MLChar) mat.getMLArray("file");
        assertEquals(3, files.getM());
        assertEquals("xor/Task_xor_N_20_c.mat", files.getString(2).trim());
        assertEquals("go-nogo", ((MLChar) mat.getMLArray("task")).getString(0).trim());
        MLDouble met = (MLDouble) mat.getMLArray("criterion_met");
        assertEquals(3, met.getM());
        assertEquals(1.0, met.get(0));
        assertEquals(0.0, met.get(1));
        assertEquals(0.97, ((MLDouble) mat.getMLArray("spiking_accuracy")).get(0), 0);
        assertTrue(Double.isNaN(((MLDouble) mat.getMLArray("opt_scaling_factor")).get(2)));
        byte[] head = Files.readAllBytes(Path.of(prefix + ".mat"));
        assertEquals('I', head[126], "little-endian like model files");
    }

    @Test
    void spikeTrialsAddSpikingAccuracyAndMeanRate() throws Exception {
        Path a = dir.resolve("Task_go-nogo_N_20.mat");
        MatModelFile.write(a, model("go-nogo", 1501, 1.5, 0.99, 7, 0));
        MatModelFile.appendGridSearch(a, new ModelRecord.GridSearchResult(25, new double[] {0.5, 0.6},
                new double[] {20, 25}));
        String[] r = Cli.run("summarize", dir.toString(), "--spike-trials", "4", "--device", "cpu");
        assertEquals("0", r[0], r[1]);
        MatFileReader mat = new MatFileReader(dir.resolve("summary.mat").toFile());
        double rate = ((MLDouble) mat.getMLArray("mean_rate_hz")).get(0);
        double acc = ((MLDouble) mat.getMLArray("spiking_accuracy")).get(0);
        assertTrue(rate > 0 && Double.isFinite(rate), "mean rate " + rate);
        assertTrue(acc >= 0 && acc <= 1 && acc * 4 == Math.rint(acc * 4), "accuracy over 4 trials: " + acc);
    }

    @Test
    void aFolderWithoutModelFilesIsOneLineAndExitTwo() {
        String[] r = Cli.run("summarize", dir.toString());
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("holds no model files"), r[1]);
        String[] missing = Cli.run("summarize", dir.resolve("nope").toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[1].contains("is not a folder"), missing[1]);
    }
}
