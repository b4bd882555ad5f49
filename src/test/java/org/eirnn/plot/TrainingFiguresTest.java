package org.eirnn.plot;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The training figure's panels hold the numbers they are given (issue #11). */
class TrainingFiguresTest {

    @Test
    void panelsShowLossesAccuraciesTheTrialAndTheRates() {
        double[] losses = {9, 7, 5, 4, 2};
        TrainingFigures.Snapshot s = new TrainingFigures.Snapshot("go-nogo, network 0, trial 4", losses,
                new double[] {1, 4}, new double[] {8, 3}, new double[] {0.5, 0.9}, new double[] {0.1, 0.2, 0.9},
                new double[] {0, 0, 1, 1}, new double[][] {{0.5, 0.6, 0.7, 0.8}, {0.5, 0.4, 0.3, 0.2}},
                new boolean[] {false, true}, 5.0);
        List<XYChart> p = TrainingFigures.panels(s);
        assertEquals(4, p.size());
        assertArrayEquals(losses, p.get(0).getSeriesMap().get("training trial").getYData(), 0.0);
        assertArrayEquals(new double[] {8, 3}, p.get(0).getSeriesMap().get("evaluation (mean)").getYData(), 0.0);
        assertArrayEquals(new double[] {0.5, 0.9}, p.get(1).getSeriesMap().get("accuracy").getYData(), 0.0);
        assertArrayEquals(new double[] {5, 10, 15}, p.get(2).getSeriesMap().get("output").getXData(), 0.0,
                "output i is at step i+1, 5 ms each");
        assertArrayEquals(new double[] {0, 0, 1, 1}, p.get(2).getSeriesMap().get("target").getYData(), 0.0);
        assertEquals(2, p.get(3).getSeriesMap().size());
        assertEquals(Figures.INHIBITORY, p.get(3).getSeriesMap().get("unit 1").getLineColor());
    }
}
