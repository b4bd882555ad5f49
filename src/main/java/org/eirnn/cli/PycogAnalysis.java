package org.eirnn.cli;

import org.eirnn.io.MatResults.Variable;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.eirnn.task.pycog.Psychometrics;
import org.eirnn.task.pycog.Psychometrics.ConditionAccuracy;
import org.eirnn.task.pycog.Psychometrics.Congruency;
import org.eirnn.task.pycog.Psychometrics.CumulativeGaussian;
import org.eirnn.task.pycog.Psychometrics.DecisionTime;
import org.eirnn.task.pycog.Psychometrics.PsychometricPoint;
import org.eirnn.task.pycog.ContextTask;
import org.eirnn.task.pycog.MultisensoryTask;
import org.eirnn.task.pycog.RdmTask;
import org.eirnn.task.pycog.TwoChoiceTask;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code eval} reports beside the score for pycog's two-alternative tasks ({@link Psychometrics}, spec peers
 * §1.9): % correct per condition; a psychometric table, P(choice 1) against each of the task's stimulus variables
 * ({@link org.eirnn.task.pycog.TwoChoiceTask#psychometricAxes}: rdm's signed coherence, mante's motion and colour
 * coherences in each context, multisensory's frequency per modality), with its cumulative-Gaussian fit; for mante and
 * mante_areas the congruent and incongruent % correct per context; for multisensory the thresholds beside the optimal
 * combination of the unimodal ones; for rdm_rt the decision times. Printed, and returned as .mat variables
 * (per_condition: condition, trials, correct, % correct; psychometric[_AXIS]: stimulus value, trials, choice-1 count,
 * P(choice 1); psychometric_fit[_AXIS]: μ, σ, sum of squares; context_congruency: context (1 motion, 0 colour),
 * congruent trials, % correct, incongruent trials, % correct; multisensory_sigma: σ visual, auditory, bimodal,
 * optimal; decision_time_ms per trial, NaN where no output crossed).
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
        vars.add(perCondition(t, batch.labels(), choices, out));
        Map<String, CumulativeGaussian> fits = new LinkedHashMap<>();
        for (Psychometrics.Axis axis : t.psychometricAxes()) {
            vars.addAll(psychometric(axis, axis.values(batch.labels()), choices, fits, out));
        }
        if (task instanceof ContextTask) {
            vars.add(congruency(batch.labels(), choices, out));
        }
        if (task instanceof MultisensoryTask) {
            vars.addAll(cueCombination(fits, out));
        }
        if (task instanceof RdmTask r && r.variant() == RdmTask.Variant.RT) {
            vars.add(decisionTimes(r, batch, o, out));
        }
        return vars;
    }

    private static Variable perCondition(TwoChoiceTask t, int[] conditions, int[] choices, PrintStream out) {
        List<ConditionAccuracy> rows = Psychometrics.perCondition(t, conditions, choices);
        double[] table = new double[rows.size() * 4];
        for (int k = 0; k < rows.size(); k++) {
            ConditionAccuracy c = rows.get(k);
            out.printf(Locale.ROOT, "  condition %2d %s: %d/%d correct (%.1f %%)%n", c.condition(), c.info(),
                    c.correct(), c.trials(), c.percentCorrect());
            System.arraycopy(new double[] {c.condition(), c.trials(), c.correct(), c.percentCorrect()}, 0, table,
                    4 * k, 4);
        }
        return new Variable("per_condition", new int[] {rows.size(), 4}, table);
    }

    /** The .mat name of an axis's variable: {@code base} for a task's only axis, else base_key. */
    private static String name(String base, Psychometrics.Axis axis) {
        return axis.key().isEmpty() ? base : base + "_" + axis.key();
    }

    private static List<Variable> psychometric(Psychometrics.Axis axis, double[] x, int[] choices,
                                               Map<String, CumulativeGaussian> fits, PrintStream out) {
        List<PsychometricPoint> points = Psychometrics.table(x, choices);
        double[] table = new double[points.size() * 4];
        out.println("  psychometric: " + axis.label() + ", trials, P(choice 1)");
        for (int k = 0; k < points.size(); k++) {
            PsychometricPoint p = points.get(k);
            out.printf(Locale.ROOT, "    %6.1f %5d %.3f%n", p.x(), p.trials(), p.pChoice0());
            System.arraycopy(new double[] {p.x(), p.trials(), p.choice0(), p.pChoice0()}, 0, table, 4 * k, 4);
        }
        List<Variable> vars = new ArrayList<>(List.of(new Variable(name("psychometric", axis),
                new int[] {points.size(), 4}, table)));
        if (points.size() >= 2) {
            CumulativeGaussian fit = Psychometrics.fitCumulativeGaussian(points);
            fits.put(axis.key(), fit);
            if (fit.flatOver(points)) {
                out.printf(Locale.ROOT, "  cumulative-Gaussian fit: flat, the choices do not follow this variable "
                        + "(sigma %.3g, over %.0f times its range; sum of squares %.4f)%n", fit.sigma(),
                        CumulativeGaussian.FLAT_RANGES, fit.sumSquares());
            } else {
                out.printf(Locale.ROOT, "  cumulative-Gaussian fit: mu %.3f, sigma %.3f (sum of squares %.4f)%n",
                        fit.mu(), fit.sigma(), fit.sumSquares());
            }
            vars.add(new Variable(name("psychometric_fit", axis), new int[] {1, 3},
                    new double[] {fit.mu(), fit.sigma(), fit.sumSquares()}));
        }
        return vars;
    }

    /** context_congruency: per context (1 motion, 0 colour) congruent trials, % correct, incongruent trials, %. */
    private static Variable congruency(int[] conditions, int[] choices, PrintStream out) {
        List<Congruency> rows = Psychometrics.congruency(conditions, choices);
        double[] table = new double[rows.size() * 5];
        for (int k = 0; k < rows.size(); k++) {
            Congruency c = rows.get(k);
            out.printf(Locale.ROOT, "  %s context: congruent %d/%d correct (%.1f %%), incongruent %d/%d (%.1f %%)%n",
                    c.motionContext() ? "motion" : "colour", c.congruentCorrect(), c.congruentTrials(),
                    c.congruentPercent(), c.incongruentCorrect(), c.incongruentTrials(), c.incongruentPercent());
            System.arraycopy(new double[] {c.motionContext() ? 1 : 0, c.congruentTrials(), c.congruentPercent(),
                c.incongruentTrials(), c.incongruentPercent()}, 0, table, 5 * k, 5);
        }
        return new Variable("context_congruency", new int[] {rows.size(), 5}, table);
    }

    /** multisensory_sigma: σ visual, σ auditory, σ bimodal and the optimal combination of the first two (Hz). */
    private static List<Variable> cueCombination(Map<String, CumulativeGaussian> fits, PrintStream out) {
        CumulativeGaussian v = fits.get(MultisensoryTask.AXIS_KEYS.get(0));
        CumulativeGaussian a = fits.get(MultisensoryTask.AXIS_KEYS.get(1));
        CumulativeGaussian va = fits.get(MultisensoryTask.AXIS_KEYS.get(2));
        if (v == null || a == null || va == null) {
            return List.of();
        }
        double optimal = Psychometrics.optimalCombination(v.sigma(), a.sigma());
        out.printf(Locale.ROOT, "  thresholds: visual %.3f Hz, auditory %.3f Hz, multisensory %.3f Hz; optimal "
                + "combination of visual and auditory %.3f Hz%n", v.sigma(), a.sigma(), va.sigma(), optimal);
        return List.of(new Variable("multisensory_sigma", new int[] {1, 4},
                new double[] {v.sigma(), a.sigma(), va.sigma(), optimal}));
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
