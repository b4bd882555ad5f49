package org.eirnn.spiking;

import org.eirnn.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What {@code spike-eval} reports of one factor's trials besides the accuracy: the accuracy per condition (go-nogo:
 * Go hits and NoGo correct rejections; the ±1 tasks per label) with 95 % Wilson score intervals (eval reports its
 * rate evaluation the same way), and the amplitude
 * of the spiking readout against the rate model's on the same stimuli: the mean over trials with a nonzero target of
 * the peak toward the target in the scoring window (max for Go or +1, −min for −1).
 */
public final class SpikingReport {
    private SpikingReport() {
    }

    /** Correct trials of one condition. */
    public record Condition(String name, int label, int correct, int trials) {
        public double accuracy() {
            return trials == 0 ? Double.NaN : (double) correct / trials;
        }

        /** The 95 % Wilson score interval of the accuracy. */
        public double[] interval() {
            return wilson(correct, trials);
        }
    }

    /** The 95 % Wilson score interval of k successes in n trials (z = 1.959964). */
    public static double[] wilson(int k, int n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double z = 1.959963984540054;
        double p = (double) k / n;
        double denom = 1 + z * z / n;
        double centre = (p + z * z / (2 * n)) / denom;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denom;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** The trials grouped by label, in label order. */
    public static List<Condition> byCondition(Task task, SpikingEvaluation.TrialOutcome[] trials) {
        int[] labels = new int[trials.length];
        boolean[] correct = new boolean[trials.length];
        for (int b = 0; b < trials.length; b++) {
            labels[b] = trials[b].label();
            correct[b] = trials[b].correct();
        }
        return byCondition(task, labels, correct);
    }

    /** Trials given as labels and correctness (a rate evaluation's), grouped by label in label order. */
    public static List<Condition> byCondition(Task task, int[] labels, boolean[] correct) {
        TreeMap<Integer, int[]> counts = new TreeMap<>();
        for (int b = 0; b < labels.length; b++) {
            int[] c = counts.computeIfAbsent(labels[b], l -> new int[2]);
            c[0] += correct[b] ? 1 : 0;
            c[1]++;
        }
        List<Condition> out = new ArrayList<>();
        counts.forEach((label, c) -> out.add(new Condition(conditionName(task, label), label, c[0], c[1])));
        return out;
    }

    /** go-nogo's Go (1) and NoGo (0); otherwise the task's own label text. */
    public static String conditionName(Task task, int label) {
        if (task.name().equals("go-nogo")) {
            return label == 1 ? "Go" : "NoGo";
        }
        return task.labelText(label);
    }

    /** Peak toward the target: max for label 1 or +1, −min for −1; NaN for a zero target (NoGo). */
    public static double peakTowardTarget(Task task, int label, double max, double min) {
        if (task.name().equals("go-nogo")) {
            return label == 1 ? max : Double.NaN;
        }
        return label > 0 ? max : -min;
    }

    /** Mean of the finite values. */
    public static double meanOfFinite(double[] v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** "Go 48/50 = 0.960 [0.865, 0.989]". */
    public static String format(Condition c) {
        double[] ci = c.interval();
        return String.format(Locale.ROOT, "%s %d/%d = %.3f [%.3f, %.3f]", c.name(), c.correct(), c.trials(),
                c.accuracy(), ci[0], ci[1]);
    }
}
