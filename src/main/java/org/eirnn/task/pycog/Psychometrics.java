package org.eirnn.task.pycog;

import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

/**
 * Psychometric and chronometric data of pycog's two-alternative tasks (spec peers §1.9; pycog's examples/analysis
 * and fittools), as pure functions of conditions (the batch labels), choices ({@link TwoChoiceTask#choices}) and
 * outputs:
 * <ul>
 *   <li>% correct per condition (rdm: coherence × direction; romo: f1 × f2; the condition's pycog info is kept);</li>
 *   <li>the psychometric table: the fraction of trials choosing output 0 (pycog's p0, "choice 1" counting from one)
 *       at each value of a stimulus variable, e.g. the signed coherence coh·direction, whose positive values favour
 *       output 0, and a cumulative-Gaussian fit P(x) = Φ((x − μ)/σ) by least squares on the proportions, as
 *       fittools.fit_psychometric does (started at the mean and standard deviation of the x values);</li>
 *   <li>the stimulus variables a task's psychometric functions run over ({@link Axis}, {@link
 *       TwoChoiceTask#psychometricAxes}): rdm's signed coherence; for mante and mante_areas the signed motion and colour
 *       coherences within each context (pycog's Fig. 4: steep along the cued modality, flat along the other); for
 *       multisensory the frequency on visual, auditory and bimodal trials (pycog's Fig. 6);</li>
 *   <li>the context tasks' % correct on congruent trials (both modalities point to the same choice) and incongruent
 *       ones, per context ({@link #congruency}): a network that ignores the context sits near 100 % and 0 % in the
 *       context it does not follow;</li>
 *   <li>the optimal cue combination of two unimodal thresholds, σ = √(σ₁²σ₂²/(σ₁² + σ₂²)) (Raposo et al. 2014), to
 *       set beside the bimodal fit;</li>
 *   <li>decision times (rdm_rt): the first output to exceed a threshold (pycog's analysis: 1) is the choice, its
 *       first crossing time minus the stimulus onset the decision time.</li>
 * </ul>
 */
public final class Psychometrics {
    /** pycog's reaction-time threshold on the outputs (examples/analysis/rdm.py). */
    public static final double RT_THRESHOLD = 1.0;

    /** % correct of one condition. */
    public record ConditionAccuracy(int condition, Map<String, Double> info, int trials, int correct,
                                    double percentCorrect) {
    }

    /** One row of the psychometric table: at stimulus value x, the fraction of the trials choosing output 0. */
    public record PsychometricPoint(double x, int trials, int choice0, double pChoice0) {
    }

    /** A fitted P(choice 0) = Φ((x − μ)/σ) and its sum of squared residuals over the table. */
    public record CumulativeGaussian(double mu, double sigma, double sumSquares) {
        /** How many stimulus ranges σ must exceed for the curve to count as flat. */
        public static final double FLAT_RANGES = 10;

        public double at(double x) {
            return NormalCdf.phi((x - mu) / sigma);
        }

        /**
         * True when σ exceeds {@value #FLAT_RANGES} times the width of the stimulus values: the choices do not follow
         * the variable (a network's irrelevant modality), and μ and σ, which then run off, mean nothing.
         */
        public boolean flatOver(List<PsychometricPoint> points) {
            double lo = points.stream().mapToDouble(PsychometricPoint::x).min().orElse(0);
            double hi = points.stream().mapToDouble(PsychometricPoint::x).max().orElse(0);
            return sigma > FLAT_RANGES * (hi - lo);
        }
    }

    /** A trial's decision: the choice (−1 when no output crossed), the output index and the time (ms, NaN if none). */
    public record DecisionTime(int trial, int choice, int index, double timeMs) {
    }

    /**
     * A stimulus variable of a psychometric function.
     *
     * @param key   the suffix of its .mat variables ("" for a task's only axis: psychometric, psychometric_fit)
     * @param label what it is, for tables and figures
     * @param value its value at non-catch condition c; NaN where the function leaves the condition out
     */
    public record Axis(String key, String label, IntToDoubleFunction value) {
        /** The axis value of every trial, NaN for catch trials (condition 0) and conditions the axis leaves out. */
        public double[] values(int[] conditions) {
            double[] x = new double[conditions.length];
            for (int k = 0; k < x.length; k++) {
                x[k] = conditions[k] == 0 ? Double.NaN : value.applyAsDouble(conditions[k]);
            }
            return x;
        }
    }

    /** A context task's % correct on congruent and incongruent trials of one context. */
    public record Congruency(boolean motionContext, int congruentTrials, int congruentCorrect,
                             int incongruentTrials, int incongruentCorrect) {
        public double congruentPercent() {
            return 100.0 * congruentCorrect / congruentTrials;
        }

        public double incongruentPercent() {
            return 100.0 * incongruentCorrect / incongruentTrials;
        }
    }

    private Psychometrics() {
    }

    /** % correct per non-catch condition present, in condition order (catch trials, condition 0, are left out). */
    public static List<ConditionAccuracy> perCondition(TwoChoiceTask task, int[] conditions, int[] choices) {
        requireSameLength(conditions, choices);
        int[] trials = new int[task.conditions()];
        int[] correct = new int[task.conditions()];
        for (int k = 0; k < conditions.length; k++) {
            int c = conditions[k];
            if (c != 0) {
                trials[c]++;
                correct[c] += choices[k] == task.choice(c) ? 1 : 0;
            }
        }
        List<ConditionAccuracy> out = new ArrayList<>();
        for (int c = 1; c < trials.length; c++) {
            if (trials[c] > 0) {
                out.add(new ConditionAccuracy(c, task.info(c), trials[c], correct[c], 100.0 * correct[c] / trials[c]));
            }
        }
        return out;
    }

    /** rdm's signed coherence (%) of each trial; NaN for catch trials. */
    public static double[] signedCoherences(int[] conditions) {
        return RdmTask.COHERENCE_AXIS.values(conditions);
    }

    /**
     * mante and mante_areas: per context (motion first, then colour, each when present) the % correct of the
     * congruent trials (motion and colour directions agree) and of the incongruent ones; catch trials left out.
     */
    public static List<Congruency> congruency(int[] conditions, int[] choices) {
        requireSameLength(conditions, choices);
        int[][] counts = new int[2][4];
        for (int k = 0; k < conditions.length; k++) {
            int c = conditions[k];
            if (c != 0) {
                int[] row = counts[ContextTask.motionContext(c) ? 0 : 1];
                int at = ContextTask.congruent(c) ? 0 : 2;
                row[at]++;
                row[at + 1] += choices[k] == ContextTask.correctChoice(c) ? 1 : 0;
            }
        }
        List<Congruency> out = new ArrayList<>();
        for (int ctx = 0; ctx < 2; ctx++) {
            int[] r = counts[ctx];
            if (r[0] + r[2] > 0) {
                out.add(new Congruency(ctx == 0, r[0], r[1], r[2], r[3]));
            }
        }
        return out;
    }

    /** The threshold of the optimal combination of two independent cues of thresholds σ₁ and σ₂. */
    public static double optimalCombination(double sigma1, double sigma2) {
        double v1 = sigma1 * sigma1;
        double v2 = sigma2 * sigma2;
        return Math.sqrt(v1 * v2 / (v1 + v2));
    }

    /** P(choice 0) at each distinct x, sorted by x; trials whose x is NaN (catch) are left out. */
    public static List<PsychometricPoint> table(double[] x, int[] choices) {
        if (x.length != choices.length) {
            throw new IllegalArgumentException(x.length + " stimulus values for " + choices.length + " choices");
        }
        TreeMap<Double, int[]> counts = new TreeMap<>();
        for (int k = 0; k < x.length; k++) {
            if (!Double.isNaN(x[k])) {
                int[] c = counts.computeIfAbsent(x[k], v -> new int[2]);
                c[0]++;
                c[1] += choices[k] == 0 ? 1 : 0;
            }
        }
        List<PsychometricPoint> out = new ArrayList<>();
        counts.forEach((v, c) -> out.add(new PsychometricPoint(v, c[0], c[1], c[1] / (double) c[0])));
        return out;
    }

    /** Least-squares cumulative Gaussian through the table's proportions (at least two distinct x). */
    public static CumulativeGaussian fitCumulativeGaussian(List<PsychometricPoint> points) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("a psychometric fit needs at least two stimulus values, got "
                    + points.size());
        }
        double mean = points.stream().mapToDouble(PsychometricPoint::x).average().orElseThrow();
        double var = points.stream().mapToDouble(p -> (p.x() - mean) * (p.x() - mean)).average().orElseThrow();
        double[] best = Simplex.minimise(p -> sumSquares(points, p[0], Math.exp(p[1])),
                new double[] {mean, Math.log(Math.sqrt(var))}, new double[] {Math.sqrt(var) / 2, 0.5});
        double sigma = Math.exp(best[1]);
        return new CumulativeGaussian(best[0], sigma, sumSquares(points, best[0], sigma));
    }

    /** The standard normal distribution function Φ (the fit's curve). */
    public static double phi(double z) {
        return NormalCdf.phi(z);
    }

    private static double sumSquares(List<PsychometricPoint> points, double mu, double sigma) {
        double s = 0;
        for (PsychometricPoint p : points) {
            double r = NormalCdf.phi((p.x() - mu) / sigma) - p.pChoice0();
            s += r * r;
        }
        return s;
    }

    /**
     * Decision times of every trial: the first output index i ≤ the trial's end at which output 0 or 1 exceeds
     * {@code threshold} (the earlier crossing wins; both at once go to 0, as pycog's analysis), at time
     * (i+1)·Δt − onsetMs after the stimulus onset. {@code o} is laid out as engine.Trajectories.o().
     */
    public static List<DecisionTime> decisionTimes(TrialBatch batch, double[] o, double threshold, double onsetMs,
                                                   double dtMs) {
        List<DecisionTime> out = new ArrayList<>();
        for (int b = 0; b < batch.trials(); b++) {
            int end = PycogTask.trialEnd(batch, b);
            int choice = -1;
            int index = -1;
            for (int i = 0; i <= end && choice < 0; i++) {
                if (PycogTask.output(batch, o, b, 0, i) > threshold) {
                    choice = 0;
                } else if (PycogTask.output(batch, o, b, 1, i) > threshold) {
                    choice = 1;
                }
                index = choice >= 0 ? i : -1;
            }
            out.add(new DecisionTime(b, choice, index, choice < 0 ? Double.NaN : (index + 1) * dtMs - onsetMs));
        }
        return out;
    }

    private static void requireSameLength(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(a.length + " conditions for " + b.length + " choices");
        }
    }
}
