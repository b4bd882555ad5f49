package org.eirnn.plot;

import org.eirnn.io.ModelRecord;
import org.eirnn.spiking.SpikeTrains;
import org.eirnn.spiking.SpikingTrials;
import org.eirnn.spiking.SpikingEvaluation;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;

/**
 * Figures of a model's spiking network, as spikeRNN's eval_go_nogo.m draws them and more: the LIF readout against
 * the rate model's output, the spike raster with E and I units in two colours, the firing-rate histogram and the
 * grid search's accuracy against the scaling factor.
 */
public final class SpikingFigures {
    /** The LIF readout is drawn every this many steps (0.5 ms at dt = 0.05 ms): smooth enough, 10× fewer points. */
    static final int OUTPUT_EVERY = 10;
    /** Colours of the input channels (green, then lighter greens and a brown for mante's four). */
    private static final Color[] INPUTS = {Figures.GREEN, new Color(0x98, 0xDF, 0x8A), new Color(0x8C, 0x56, 0x4B),
        new Color(0xC4, 0x9C, 0x94)};
    /** Height of the input panel under the output figure, pixels. */
    public static final int INPUT_HEIGHT = 260;
    /** Width of the y tick labels of both panels, pixels. */
    private static final int AXIS_WIDTH = 48;
    /** Rate step of spikeRNN, ms (spec §1). */
    static final double RATE_STEP_MS = 5;

    static {
        Figures.headless();
    }

    private SpikingFigures() {
    }

    private static String trialText(ExampleTrial t) {
        return Figures.format("%s trial (id %d), scaling factor %s", t.chosen().kind(), t.chosen().trialId(),
                trim(t.factor()));
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The LIF network's readout against the rate network's output and the target, over the trial, in ms. */
    public static XYChart output(ExampleTrial t, Figures.Source src) {
        XYChart c = Figures.xy(Figures.WIDTH, Figures.HEIGHT, src.title("Output, " + trialText(t), Figures.WIDTH),
                "time (ms)",
                "network output (a.u.)");
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        alignTimeAxis(c, t);
        double[] target = t.target();
        double[] tt = new double[target.length];
        for (int s = 0; s < tt.length; s++) {
            tt[s] = s * RATE_STEP_MS;
        }
        Figures.line(c, "target", tt, target, Figures.GREY).setLineStyle(dashed());
        double[] o = t.rateOutput();
        double[] to = new double[o.length];
        for (int i = 0; i < o.length; i++) {
            to[i] = (i + 1) * RATE_STEP_MS;
        }
        Figures.line(c, "rate network (no noise)", to, o, Figures.INHIBITORY).setLineWidth(2.5f);
        int nt = t.lif().nt();
        int points = nt / OUTPUT_EVERY;
        double[] tl = new double[points];
        double[] out = new double[points];
        for (int k = 0; k < points; k++) {
            int step = (k + 1) * OUTPUT_EVERY;
            tl[k] = t.stepMs(step);
            out[k] = t.lif().out()[step - 1];
        }
        Figures.line(c, "LIF network (readout of filtered spikes)", tl, out, Figures.EXCITATORY).setLineWidth(1.5f);
        AnnotationLine window = new AnnotationLine(t.stepMs(t.windowFrom()), true, false);
        c.addAnnotation(window);
        c.setXAxisTitle(Figures.format("time (ms); vertical line: start of the spiking scoring window (%.0f ms)",
                t.stepMs(t.windowFrom())));
        return c;
    }

    /**
     * The stimulus u of the trial, one line per input channel as the LIF network holds it (column round(i/100)+1 at
     * step i, spec §4.3), a panel of its own under the output (mante's noisy sensory inputs would hide the outputs on a shared axis).
     */
    public static XYChart inputs(ExampleTrial t) {
        SpikingTrials.Stimulus u = t.chosen().stimulus();
        XYChart c = Figures.xy(Figures.WIDTH, INPUT_HEIGHT, "Input u of the trial", "time (ms)", "input u (a.u.)");
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        alignTimeAxis(c, t);
        // u as the LIF network holds it: column c from (c − ½)·5 ms to (c + ½)·5 ms (round(i/100)+1 at step i), a
        // step line of two points per column (which also keeps XChart from putting a tick at every point)
        int cols = u.columns();
        double end = t.stepMs(t.lif().nt());
        double[] time = new double[2 * cols];
        for (int col = 0; col < cols; col++) {
            time[2 * col] = Math.max(0, (col - 0.5) * RATE_STEP_MS);
            time[2 * col + 1] = Math.min(end, (col + 0.5) * RATE_STEP_MS);
        }
        for (int ch = 0; ch < u.inputs(); ch++) {
            double[] row = new double[2 * cols];
            for (int col = 0; col < cols; col++) {
                row[2 * col] = u.u()[ch * cols + col];
                row[2 * col + 1] = row[2 * col];
            }
            String name = u.inputs() == 1 ? "input u" : "input u" + (ch + 1);
            Figures.line(c, name, time, row, INPUTS[ch % INPUTS.length]).setLineWidth(1f);
        }
        return c;
    }

    /** The same time axis (0 … T ms, same left margin) for the output and the input panel, so they line up. */
    private static void alignTimeAxis(XYChart c, ExampleTrial t) {
        c.getStyler().setXAxisMin(0.0).setXAxisMax(t.stepMs(t.lif().nt()));
        c.getStyler().setYAxisLeftWidthHint(AXIS_WIDTH);
        c.getStyler().setXAxisDecimalPattern("#,##0");
        c.getStyler().setYAxisDecimalPattern("0.0");   // tick labels of one width in both panels
    }

    private static BasicStroke dashed() {
        return new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0);
    }

    /**
     * The spike raster: one dot per spike at (time in ms, unit rank), E units at ranks 1 … N_E (bottom), I units
     * above them, in two colours.
     */
    public static XYChart raster(ExampleTrial t, Figures.Source src) {
        SpikeTrains s = t.lif().spikes()[0];
        EiOrder order = EiOrder.of(t.inh());
        int[] rank = order.ranks();
        int[] perGroup = new int[2];
        for (int k = 0; k < s.count(); k++) {
            perGroup[t.inh()[s.units()[k]] ? 1 : 0]++;
        }
        double[][] e = {new double[perGroup[0]], new double[perGroup[0]]};
        double[][] i = {new double[perGroup[1]], new double[perGroup[1]]};
        int[] fill = new int[2];
        for (int k = 0; k < s.count(); k++) {
            int g = t.inh()[s.units()[k]] ? 1 : 0;
            double[][] target = g == 0 ? e : i;
            target[0][fill[g]] = t.stepMs(s.steps()[k]);
            target[1][fill[g]] = rank[s.units()[k]] + 1;
            fill[g]++;
        }
        XYChart c = Figures.xy(Figures.WIDTH, Figures.HEIGHT, src.title("Spike raster, " + trialText(t), Figures.WIDTH),
                "time (ms)", Figures.format("unit (E 1–%d, I %d–%d)", order.excitatory(), order.excitatory() + 1,
                        order.n()));
        c.getStyler().setMarkerSize(3);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(t.stepMs(t.lif().nt()));
        c.getStyler().setYAxisMin(0.0).setYAxisMax(order.n() + 1.0);
        double[] fr = t.firingRatesHz();
        addRaster(c, Figures.format("excitatory: %d units, %d spikes (mean all_fr %.1f Hz)", order.excitatory(),
                perGroup[0], NetworkFigures.mean(select(fr, t.inh(), false))), e, Figures.EXCITATORY);
        addRaster(c, Figures.format("inhibitory: %d units, %d spikes (mean all_fr %.1f Hz)", order.inhibitory(),
                perGroup[1], NetworkFigures.mean(select(fr, t.inh(), true))), i, Figures.INHIBITORY);
        return c;
    }

    private static void addRaster(XYChart c, String name, double[][] xy, Color colour) {
        // XChart cannot draw an empty series; a group without spikes gets one point outside the axes
        double[] x = xy[0].length == 0 ? new double[] {-1} : xy[0];
        double[] y = xy[0].length == 0 ? new double[] {-1} : xy[1];
        Figures.dots(c, name, x, y, colour);
    }

    /** The histogram of all_fr (Hz) over units, E and I stacked. */
    public static CategoryChart firingRates(ExampleTrial t, Figures.Source src, int bins) {
        double[] fr = t.firingRatesHz();
        double[] e = select(fr, t.inh(), false);
        double[] i = select(fr, t.inh(), true);
        double max = Arrays.stream(fr).max().orElse(0);
        double hi = max <= 0 ? 1 : max * 1.0001;
        CategoryChart c = new CategoryChartBuilder().width(Figures.WIDTH).height(Figures.HEIGHT)
                .title(src.title("Firing rates, " + trialText(t), Figures.WIDTH))
                .xAxisTitle(Figures.format("firing rate all_fr (Hz; spikes from step 10 over T = %.0f ms), bin centres,"
                        + " bins of %.2f Hz", t.durationSeconds() * 1000, hi / bins))
                .yAxisTitle("number of units (E and I stacked)").build();
        Figures.style(c.getStyler());
        c.getStyler().setStacked(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisDecimalPattern("0.0");
        c.getStyler().setXAxisLabelRotation(45);
        histogram(c, Figures.format("excitatory (%d units), mean %.1f Hz, %d silent", e.length,
                NetworkFigures.mean(e), silent(e)), e, bins, hi, Figures.EXCITATORY);
        histogram(c, Figures.format("inhibitory (%d units), mean %.1f Hz, %d silent", i.length,
                NetworkFigures.mean(i), silent(i)), i, bins, hi, Figures.INHIBITORY);
        return c;
    }

    private static void histogram(CategoryChart c, String name, double[] values, int bins, double hi, Color colour) {
        Histogram h = new Histogram(NetworkFigures.boxed(values), bins, 0, hi);
        c.addSeries(name, h.getxAxisData(), h.getyAxisData()).setFillColor(colour);
    }

    static double[] select(double[] v, boolean[] inh, boolean wantInh) {
        double[] out = new double[v.length];
        int k = 0;
        for (int i = 0; i < v.length; i++) {
            if (inh[i] == wantInh) {
                out[k++] = v[i];
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static long silent(double[] rates) {
        return Arrays.stream(rates).filter(r -> r == 0).count();
    }

    /** all_perfs against scaling_factors, the chosen opt_scaling_factor marked. */
    public static XYChart gridSearch(ModelRecord.GridSearchResult g, Figures.Source src) {
        int best = SpikingEvaluation.bestIndex(g.allPerfs());
        XYChart c = Figures.xy(Figures.WIDTH, Figures.HEIGHT, src.title(Figures.format(
                        "λ grid search: opt_scaling_factor %s (accuracy %.2f)", trim(g.optScalingFactor()),
                        g.allPerfs()[best]), Figures.WIDTH), "scaling factor (1/λ; LIF weights = W_rec / factor)",
                "spiking accuracy (fraction of trials correct)");
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        XYSeries s = c.addSeries("all_perfs: accuracy at each factor", g.scalingFactors(), g.allPerfs());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(Figures.EXCITATORY);
        s.setMarkerColor(Figures.EXCITATORY);
        if (Double.isFinite(g.optScalingFactor())) {
            c.addAnnotation(new AnnotationLine(g.optScalingFactor(), true, false));
        }
        return c;
    }
}
