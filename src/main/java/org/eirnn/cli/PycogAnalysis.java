package org.eirnn.cli;

import org.eirnn.io.MatResults.Variable;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.eirnn.task.pycog.Psychometrics;
import org.eirnn.task.pycog.Psychometrics.ConditionAccuracy;
import org.eirnn.task.pycog.Psychometrics.CumulativeGaussian;
import org.eirnn.task.pycog.Psychometrics.DecisionTime;
import org.eirnn.task.pycog.Psychometrics.PsychometricPoint;
import org.eirnn.task.pycog.RdmTask;
import org.eirnn.task.pycog.TwoChoiceTask;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code eval} reports beside the score for pycog's two-alternative tasks ({@link Psychometrics}, spec peers
 * §1.9): % correct per condition; for the rdm tasks the psychometric table, P(choice 1) against the signed coherence,
 * with its cumulative-Gaussian fit; for rdm_rt the decision times. Printed, and returned as .mat variables
 * (per_condition: condition, trials, correct, % correct; psychometric: signed coherence, trials, choice-1 count,
 * P(choice 1); psychometric_fit: μ, σ, sum of squares; decision_time_ms per trial, NaN where no output crossed).
 */
final class PycogAnalysis {
    private PycogAnalysis() {
    }

    /** The analysis of outputs {@code o} of {@code batch} (drawn for validation), printed to {@code out}. */
    static List<Variable> report(Task task, TrialBatch batch, double[] o, PrintStream out) {
        List<Variable> vars = new ArrayList<>();
        if (!(task instanceof TwoChoiceTask t)) {
            return vars;
        }
        int[] choices = t.choices(batch, o);
        List<ConditionAccuracy> rows = Psychometrics.perCondition(t, batch.labels(), choices);
        double[] table = new double[rows.size() * 4];
        for (int k = 0; k < rows.size(); k++) {
            ConditionAccuracy c = rows.get(k);
            out.printf(Locale.ROOT, "  condition %2d %s: %d/%d correct (%.1f %%)%n", c.condition(), c.info(),
                    c.correct(), c.trials(), c.percentCorrect());
            System.arraycopy(new double[] {c.condition(), c.trials(), c.correct(), c.percentCorrect()}, 0, table,
                    4 * k, 4);
        }
        vars.add(new Variable("per_condition", new int[] {rows.size(), 4}, table));
        if (task instanceof RdmTask r) {
            vars.addAll(psychometric(Psychometrics.signedCoherences(batch.labels()), choices, out));
            if (r.variant() == RdmTask.Variant.RT) {
                vars.add(decisionTimes(r, batch, o, out));
            }
        }
        return vars;
    }

    private static List<Variable> psychometric(double[] x, int[] choices, PrintStream out) {
        List<PsychometricPoint> points = Psychometrics.table(x, choices);
        double[] table = new double[points.size() * 4];
        out.println("  psychometric: signed coherence (%), trials, P(choice 1)");
        for (int k = 0; k < points.size(); k++) {
            PsychometricPoint p = points.get(k);
            out.printf(Locale.ROOT, "    %6.1f %5d %.3f%n", p.x(), p.trials(), p.pChoice0());
            System.arraycopy(new double[] {p.x(), p.trials(), p.choice0(), p.pChoice0()}, 0, table, 4 * k, 4);
        }
        List<Variable> vars = new ArrayList<>(List.of(new Variable("psychometric", new int[] {points.size(), 4},
                table)));
        if (points.size() >= 2) {
            CumulativeGaussian fit = Psychometrics.fitCumulativeGaussian(points);
            out.printf(Locale.ROOT, "  cumulative-Gaussian fit: mu %.3f, sigma %.3f (sum of squares %.4f)%n",
                    fit.mu(), fit.sigma(), fit.sumSquares());
            vars.add(new Variable("psychometric_fit", new int[] {1, 3},
                    new double[] {fit.mu(), fit.sigma(), fit.sumSquares()}));
        }
        return vars;
    }

    private static Variable decisionTimes(RdmTask r, TrialBatch batch, double[] o, PrintStream out) {
        List<DecisionTime> times = Psychometrics.decisionTimes(batch, o, Psychometrics.RT_THRESHOLD,
                r.fixationMs(TrialPurpose.VALIDATION), r.dtMs());
        double[] ms = times.stream().mapToDouble(DecisionTime::timeMs).toArray();
        double mean = java.util.Arrays.stream(ms).filter(Double::isFinite).average().orElse(Double.NaN);
        long decided = java.util.Arrays.stream(ms).filter(Double::isFinite).count();
        out.printf(Locale.ROOT, "  decision times: %d/%d trials crossed %.1f, mean %.1f ms after stimulus onset%n",
                decided, ms.length, Psychometrics.RT_THRESHOLD, mean);
        return new Variable("decision_time_ms", new int[] {ms.length, 1}, ms);
    }
}
