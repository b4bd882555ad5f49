package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train's figures and evaluation history (issue #11): one PNG per network after the evaluations and a summary, of
 * the expected size; none with --no-plots; the model file holds every scheduled evaluation.
 */
class TrainingPlotsTest {

    private static List<Path> find(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void trainingWritesAFigurePerNetworkAndASummaryAndTheHistory(@TempDir Path tmp) throws Exception {
        String[] r = Cli.run("train", "--task", "go-nogo", "--N", "12", "--n_trials", "202", "--networks", "2",
                "--device", "cpu", "--output_dir", tmp.toString());
        assertEquals("0", r[0], r[1]);
        List<Path> pngs = find(tmp, ".png");
        assertEquals(3, pngs.size(), pngs.toString());
        assertTrue(pngs.get(0).toString().endsWith("_seed_1_net0.png"), pngs.toString());
        assertTrue(pngs.get(2).toString().endsWith("_seed_1_summary.png"), pngs.toString());
        BufferedImage net = ImageIO.read(pngs.get(0).toFile());
        assertEquals(960, net.getWidth());
        assertEquals(300 + 240 + 280 + 280, net.getHeight(), "four panels");
        ModelRecord m = MatModelFile.read(find(tmp, "_net0.mat").get(0)).record();
        assertArrayEquals(new double[] {1, 101, 201}, (double[]) m.extras().get("eval_history_trial"), 0.0);
        double[] acc = (double[]) m.extras().get("eval_history_accuracy");
        assertEquals(3, acc.length);
        assertTrue(acc[2] >= 0 && acc[2] <= 1);
    }

    @Test
    void noPlotsWritesNoFigure(@TempDir Path tmp) throws Exception {
        String[] r = Cli.run("train", "--task", "go-nogo", "--N", "12", "--n_trials", "102", "--device", "cpu",
                "--output_dir", tmp.toString(), "--no-plots");
        assertEquals("0", r[0], r[1]);
        assertTrue(find(tmp, ".png").isEmpty());
        assertEquals(1, find(tmp, ".mat").size());
    }
}
