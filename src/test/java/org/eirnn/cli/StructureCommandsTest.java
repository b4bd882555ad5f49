package org.eirnn.cli;

import com.jmatio.io.MatFileWriter;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLDouble;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train with --layers, --areas and --masks (issue #10 items 3–4) from the command line: a 2-layer Dale stack trains,
 * its file records each unit's layer, and it maps to LIF and is grid-searched; a mask file is obeyed, and a bad one
 * is refused in one line with exit status 2 before anything is written.
 */
class StructureCommandsTest {

    private static Path onlyModel(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> mats = s.filter(p -> p.toString().endsWith(".mat")).toList();
            assertEquals(1, mats.size(), "one model file in " + dir);
            return mats.get(0);
        }
    }

    @Test
    void twoLayerStackTrainsRecordsItsLayersAndIsGridSearched(@TempDir Path tmp) throws Exception {
        String[] r = Cli.run("train", "--task", "go-nogo", "--N", "24", "--layers", "2", "--n_trials", "3",
                "--device", "cpu", "--output_dir", tmp.toString());
        assertEquals("0", r[0], r[1]);
        Path model = onlyModel(tmp);
        ModelRecord rec = MatModelFile.read(model).record();
        double[] layer = (double[]) rec.extras().get("area");
        assertEquals(24, layer.length);
        assertEquals(1.0, layer[0], 0.0);
        assertEquals(2.0, layer[23], 0.0);
        double[] w = rec.network().effectiveRecurrent();
        for (int i = 0; i < 12; i++) {
            for (int j = 12; j < 24; j++) {
                assertEquals(0.0, w[i * 24 + j], 0.0, "layer 1 hears nothing from layer 2");
            }
        }
        r = Cli.run("grid-search", "--model", model.toString(), "--factors", "20,40", "--trials", "2", "--device",
                "cpu");
        assertEquals("0", r[0], r[1]);
        assertTrue(MatModelFile.read(model).record().grid() != null, "opt_scaling_factor written");
    }

    private static void writeMasks(Path file, double[][] crec) throws Exception {
        int n = crec.length;
        MLDouble c = new MLDouble("Crec", new int[] {n, n});
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c.set(crec[i][j], i, j);
            }
        }
        MLDouble ei = new MLDouble("ei", new int[] {n, 1});
        for (int i = 0; i < n; i++) {
            ei.set(i < n - 2 ? 1.0 : -1.0, i, 0);
        }
        new MatFileWriter(file.toFile(), List.<MLArray>of(c, ei));
    }

    @Test
    void maskFileIsObeyedAndABadOneRefusedInOneLine(@TempDir Path tmp) throws Exception {
        int n = 10;
        double[][] crec = new double[n][n];
        for (int i = 0; i < n; i++) {
            crec[i][(i + 1) % n] = 1;   // a ring
        }
        Path masks = tmp.resolve("ring.mat");
        writeMasks(masks, crec);
        Path out = tmp.resolve("out");
        String[] r = Cli.run("train", "--task", "go-nogo", "--N", "10", "--P_rec", "1", "--masks", masks.toString(),
                "--n_trials", "2", "--device", "cpu", "--output_dir", out.toString());
        assertEquals("0", r[0], r[1]);
        ModelRecord rec = MatModelFile.read(onlyModel(out)).record();
        double[] w = rec.network().effectiveRecurrent();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != (i + 1) % n) {
                    assertEquals(0.0, w[i * n + j], 0.0);
                }
            }
            assertEquals(i >= n - 2, rec.network().inh[i], "ei from the file");
        }
        Path bad = tmp.resolve("bad.mat");
        writeMasks(bad, new double[4][4]);
        Path out2 = tmp.resolve("out2");
        r = Cli.run("train", "--task", "go-nogo", "--N", "10", "--masks", bad.toString(), "--n_trials", "2",
                "--device", "cpu", "--output_dir", out2.toString());
        assertEquals("2", r[0]);
        assertEquals(1, r[1].strip().lines().count(), r[1]);
        assertTrue(r[1].contains("'Crec'") && r[1].contains("10×10"), r[1]);
        assertTrue(!Files.exists(out2) || onlyMats(out2) == 0, "nothing written");
        r = Cli.run("train", "--task", "go-nogo", "--N", "10", "--areas", "2", "--layers", "2", "--device", "cpu",
                "--output_dir", out2.toString());
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("give one of them"), r[1]);
    }

    private static long onlyMats(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".mat")).count();
        }
    }
}
