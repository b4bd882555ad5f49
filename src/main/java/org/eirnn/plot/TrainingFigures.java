package org.eirnn.plot;

import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The figure of one network's training so far (issue #11, spikeRNN_DMS users' "performance, loss, neural activity and
 * predicted outcome for each 100 trials"): the training loss of every trial with the evaluations' mean loss on top;
 * the evaluations' accuracy; one evaluation trial's output against its target; and a few units' rates in that trial
 * (excitatory red, inhibitory blue).
 */
public final class TrainingFigures {
    private TrainingFigures() {
    }

    /**
     * What one figure shows.
     *
     * @param title     e.g. "go-nogo, network 0, trial 1501"
     * @param losses    training loss of trials 0 … tr
     * @param evalTrial trial of each evaluation so far
     * @param evalLoss  its mean loss
     * @param evalAcc   its accuracy
     * @param output    the example evaluation trial's output, T−1 values (entry i at step i+1)
     * @param target    its target, T values
     * @param rates     rates of the shown units, [unit][t] over T steps
     * @param inh       whether each shown unit is inhibitory
     * @param dtMs      the step in ms
     */
    public record Snapshot(String title, double[] losses, double[] evalTrial, double[] evalLoss, double[] evalAcc,
                           double[] output, double[] target, double[][] rates, boolean[] inh, double dtMs) {
    }

    public static void write(Snapshot s, Path file) throws IOException {
        Figures.headless();
        Figures.save(panels(s), file);
    }

    /** The four panels, top to bottom. */
    static List<XYChart> panels(Snapshot s) {
        List<XYChart> panels = new ArrayList<>();
        panels.add(loss(s));
        panels.add(accuracy(s));
        panels.add(trial(s));
        panels.add(rates(s));
        return panels;
    }

    private static XYChart loss(Snapshot s) {
        XYChart c = Figures.xy(Figures.WIDTH, 300, s.title() + ": loss", "training trial", "loss");
        double[] x = new double[s.losses().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        Figures.line(c, "training trial", x, s.losses(), Figures.GREY);
        if (s.evalTrial().length > 0) {
            Figures.dots(c, "evaluation (mean)", s.evalTrial(), s.evalLoss(), Figures.EXCITATORY);
        }
        return c;
    }

    private static XYChart accuracy(Snapshot s) {
        XYChart c = Figures.xy(Figures.WIDTH, 240, "accuracy at each evaluation", "training trial", "accuracy");
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        if (s.evalTrial().length > 0) {
            Figures.line(c, "accuracy", s.evalTrial(), s.evalAcc(), Figures.GREEN).setMarker(
                    org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        }
        return c;
    }

    private static XYChart trial(Snapshot s) {
        XYChart c = Figures.xy(Figures.WIDTH, 280, "an evaluation trial: output against target", "time (ms)",
                "output");
        Figures.line(c, "target", times(s.target().length, 0, s.dtMs()), s.target(), Figures.GREY);
        Figures.line(c, "output", times(s.output().length, 1, s.dtMs()), s.output(), Figures.EXCITATORY);
        return c;
    }

    private static XYChart rates(Snapshot s) {
        XYChart c = Figures.xy(Figures.WIDTH, 280, "rates of " + s.rates().length + " units on that trial's stimulus "
                + "without noise (E red, I blue)", "time (ms)", "rate");
        for (int u = 0; u < s.rates().length; u++) {
            Figures.line(c, "unit " + u, times(s.rates()[u].length, 0, s.dtMs()), s.rates()[u],
                    s.inh()[u] ? Figures.INHIBITORY : Figures.EXCITATORY);
        }
        c.getStyler().setLegendVisible(false);
        return c;
    }

    /** The final summary: every network's evaluation accuracy and loss over training, one line each. */
    public static void writeSummary(String title, List<double[][]> histories, Path file) throws IOException {
        Figures.headless();
        XYChart acc = Figures.xy(Figures.WIDTH, 300, title + ": accuracy at each evaluation", "training trial",
                "accuracy");
        XYChart loss = Figures.xy(Figures.WIDTH, 300, "evaluation loss", "training trial", "loss");
        acc.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        for (int k = 0; k < histories.size(); k++) {
            double[][] h = histories.get(k);   // [trial, loss, accuracy][evaluation]
            if (h[0].length == 0) {
                continue;
            }
            java.awt.Color c = k % 2 == 0 ? Figures.EXCITATORY : Figures.INHIBITORY;
            Figures.line(acc, "network " + k, h[0], h[2], c);
            Figures.line(loss, "network " + k, h[0], h[1], c);
        }
        Figures.save(List.of(acc, loss), file);
    }

    private static double[] times(int n, int first, double dtMs) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i + first) * dtMs;
        }
        return t;
    }
}
