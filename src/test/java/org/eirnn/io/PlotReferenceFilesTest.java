package org.eirnn.io;

import org.eirnn.cli.Cli;
import org.eirnn.cli.ExportSampleCommand;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eirnn plot} on the reference implementations' files (spikeRNN TensorFlow, PyTorch port) and eirnn's. */
class PlotReferenceFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"tensorflow", "pytorch"})
    void plotDrawsEveryFigureOfAReferenceFile(String layout) throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("xor", 24, 0, true, 4, 4);
        Path file = dir.resolve("models/xor/Task_xor_N_24_" + layout + ".mat");
        Files.createDirectories(file.getParent());
        List<com.jmatio.types.MLArray> vars = layout.equals("tensorflow") ? ReferenceFiles.tensorFlow(rec)
                : ReferenceFiles.pyTorch(rec);
        ReferenceFiles.write(file, vars, UnaryOperator.identity());
        Path out = dir.resolve("figs");
        String[] r = Cli.run("plot", "--model", file.toString(), "--scaling-factor", "20", "--trial", "diff",
                "--out-dir", out.toString());
        assertEquals("0", r[0], r[1]);
        for (String kind : new String[] {"weights", "eigen", "taus", "lif", "raster", "rates"}) {
            Path png = out.resolve("Task_xor_N_24_" + layout + "_" + kind + ".png");
            assertNotNull(ImageIO.read(png.toFile()), png.toString());
        }
        assertFalse(Files.exists(out.resolve("Task_xor_N_24_" + layout + "_grid.png")));
    }

    @Test
    void summarizeReadsReferenceFilesThatHaveNoEirnnVariables() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 20, 0, true, 4, 4);
        Path tf = dir.resolve("models/go-nogo/Task_go-nogo_N_20_tf.mat");
        Path pt = dir.resolve("models/go-nogo/Task_go-nogo_N_20_pt.mat");
        Files.createDirectories(tf.getParent());
        ReferenceFiles.write(tf, ReferenceFiles.tensorFlow(rec), UnaryOperator.identity());
        ReferenceFiles.write(pt, ReferenceFiles.pyTorch(rec), UnaryOperator.identity());
        MatModelFile.appendGridSearch(tf, new ModelRecord.GridSearchResult(25, new double[] {0.5, 0.75},
                new double[] {20, 25}));
        String[] r = Cli.run("summarize", dir.resolve("models").toString());
        assertEquals("0", r[0], r[1]);
        List<String> lines = Files.readAllLines(dir.resolve("models/summary.csv"));
        assertEquals(3, lines.size(), lines.toString());
        // sorted by path: pt before tf; no seed or network in reference files, batch 1 as spikeRNN trains
        assertTrue(lines.get(1).startsWith("go-nogo/Task_go-nogo_N_20_pt.mat,go-nogo,20,,,1,1,0,,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("go-nogo/Task_go-nogo_N_20_tf.mat,go-nogo,20,,,1,1,0,,"), lines.get(2));
        assertTrue(lines.get(2).endsWith(",25,0.75,"), lines.get(2));
    }

    @Test
    void plotWithoutAFactorDrawsTheNetworkAndRefusesAMissingGridSearch() throws Exception {
        Path file = dir.resolve("Task_go-nogo_N_20.mat");
        MatModelFile.write(file, ExportSampleCommand.sample("go-nogo", 20, 0, true, 4, 4));
        String[] r = Cli.run("plot", "--model", file.toString());
        assertEquals("0", r[0], r[1]);
        try (var files = Files.list(dir.resolve("plots"))) {
            assertEquals(List.of("Task_go-nogo_N_20_eigen.png", "Task_go-nogo_N_20_taus.png",
                    "Task_go-nogo_N_20_weights.png"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String[] grid = Cli.run("plot", "--model", file.toString(), "--what", "grid");
        assertEquals("2", grid[0]);
        assertTrue(grid[1].contains("has no grid-search curve"), grid[1]);
        String[] lif = Cli.run("plot", "--model", file.toString(), "--what", "raster");
        assertEquals("2", lif[0]);
        assertTrue(lif[1].contains("has no opt_scaling_factor"), lif[1]);
        String[] bad = Cli.run("plot", "--model", file.toString(), "--what", "heat");
        assertEquals("2", bad[0]);
        assertTrue(bad[1].contains("--what 'heat' is not valid"), bad[1]);
    }
}
