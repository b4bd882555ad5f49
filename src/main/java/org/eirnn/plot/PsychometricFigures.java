package org.eirnn.plot;

import org.eirnn.task.pycog.Psychometrics;
import org.eirnn.task.pycog.Psychometrics.CumulativeGaussian;
import org.eirnn.task.pycog.Psychometrics.DecisionTime;
import org.eirnn.task.pycog.Psychometrics.PsychometricPoint;
import org.knowm.xchart.XYChart;

import java.util.List;

/**
 * pycog's behavioural curves of the two-alternative tasks (spec peers §1.9; issue #11): the psychometric function,
 * P(choice 1) against a stimulus variable (rdm's signed coherence, mante's coherences per context, multisensory's
 * frequency per modality) with its cumulative-Gaussian fit, and for rdm_rt the chronometric
 * function, the mean decision time of the correct trials against the coherence.
 */
public final class PsychometricFigures {
    private PsychometricFigures() {
    }

    /** The points and, when there are two or more, the fitted Φ((x − μ)/σ) drawn over the points' range. */
    public static XYChart psychometric(List<PsychometricPoint> points, Figures.Source src) {
        return psychometric(points, "signed coherence (%)", src);
    }

    /** As {@link #psychometric(List, Figures.Source)} against the stimulus variable {@code xLabel}. */
    public static XYChart psychometric(List<PsychometricPoint> points, String xLabel, Figures.Source src) {
        XYChart c = Figures.xy(Figures.WIDTH, Figures.HEIGHT, Figures.format("%s: psychometric function (%s)",
                src.task(), src.file()), xLabel, "P(choice 1)");
        c.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        double[] x = points.stream().mapToDouble(PsychometricPoint::x).toArray();
        double[] p = points.stream().mapToDouble(PsychometricPoint::pChoice0).toArray();
        Figures.dots(c, "network", x, p, Figures.EXCITATORY);
        if (points.size() >= 2) {
            CumulativeGaussian fit = Psychometrics.fitCumulativeGaussian(points);
            double lo = x[0];
            double hi = x[x.length - 1];
            double[] fx = new double[101];
            double[] fy = new double[101];
            for (int i = 0; i <= 100; i++) {
                fx[i] = lo + (hi - lo) * i / 100.0;
                fy[i] = Psychometrics.phi((fx[i] - fit.mu()) / fit.sigma());
            }
            Figures.line(c, Figures.format("fit: mu %.2f, sigma %.2f", fit.mu(), fit.sigma()), fx, fy, Figures.GREY);
        }
        return c;
    }

    /** Mean decision time (ms after stimulus onset) of the correct trials at each unsigned coherence. */
    public static XYChart chronometric(double[] coherence, List<DecisionTime> times, boolean[] correct,
                                       Figures.Source src) {
        java.util.TreeMap<Double, double[]> byCoherence = new java.util.TreeMap<>();
        for (int b = 0; b < times.size(); b++) {
            double t = times.get(b).timeMs();
            if (correct[b] && Double.isFinite(t) && Double.isFinite(coherence[b])) {
                double[] s = byCoherence.computeIfAbsent(Math.abs(coherence[b]), k -> new double[2]);
                s[0] += t;
                s[1]++;
            }
        }
        XYChart c = Figures.xy(Figures.WIDTH, Figures.HEIGHT, Figures.format("%s: chronometric function, correct "
                + "trials (%s)", src.task(), src.file()), "coherence (%)", "decision time (ms)");
        double[] x = byCoherence.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = byCoherence.values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
        if (x.length > 0) {
            Figures.line(c, "mean decision time", x, y, Figures.EXCITATORY).setMarker(
                    org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
        }
        return c;
    }
}
