package org.eirnn.plot;

import org.eirnn.task.pycog.Psychometrics;
import org.eirnn.task.pycog.Psychometrics.PsychometricPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The psychometric and chronometric figures reflect their data (issue #11). */
class PsychometricFiguresTest {
    private static final Figures.Source SRC = new Figures.Source("rdm_dense", "m.mat");

    @Test
    void psychometricCurveHoldsThePointsAndTheFit(@TempDir Path dir) throws Exception {
        List<PsychometricPoint> points = new ArrayList<>();
        double[] x = {-16, -8, -4, -2, -1, 1, 2, 4, 8, 16};
        for (double v : x) {
            double p = Psychometrics.phi((v - 1) / 3);
            points.add(new PsychometricPoint(v, 100, (int) Math.round(100 * p), Math.round(100 * p) / 100.0));
        }
        XYChart c = PsychometricFigures.psychometric(points, SRC);
        assertArrayEquals(x, c.getSeriesMap().get("network").getXData(), 0.0);
        String fit = c.getSeriesMap().keySet().stream().filter(k -> k.startsWith("fit")).findFirst().orElseThrow();
        assertTrue(fit.contains("mu 1.0") && fit.contains("sigma 3.0"), fit);
        Path f = dir.resolve("p.png");
        Figures.save(c, f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(Figures.WIDTH, img.getWidth());
        assertEquals(Figures.HEIGHT, img.getHeight());
    }

    @Test
    void chronometricCurveAveragesCorrectTrialsPerCoherence() {
        double[] coherence = {-2, 2, 2, 8, -8, Double.NaN};
        List<Psychometrics.DecisionTime> t = List.of(new Psychometrics.DecisionTime(0, 0, 10, 300),
                new Psychometrics.DecisionTime(1, 0, 10, 100), new Psychometrics.DecisionTime(2, 0, 10, 9999),
                new Psychometrics.DecisionTime(3, 1, 5, 150), new Psychometrics.DecisionTime(4, 1, 5, 250),
                new Psychometrics.DecisionTime(5, 1, 5, 1));
        boolean[] correct = {true, true, false, true, true, true};
        XYChart c = PsychometricFigures.chronometric(coherence, t, correct, SRC);
        var s = c.getSeriesMap().get("mean decision time");
        assertArrayEquals(new double[] {2, 8}, s.getXData(), 0.0);
        assertArrayEquals(new double[] {200, 200}, s.getYData(), 0.0, "wrong trials and catch trials left out");
    }
}
