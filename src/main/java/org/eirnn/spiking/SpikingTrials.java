package org.eirnn.spiking;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;

import java.util.Locale;

/**
 * Stimuli and initial voltages of LIF trials.
 *
 * <p>The grid-search stimuli of spec §5 are the training task's trial (same windows, coins and values) with T+1
 * columns, as lambda_grid_search.m builds them (zeros(1, 201) for go-nogo, 4×501 for mante, 2×301 for xor): the
 * extra column repeats the last one, which is 0 for every pulse and 1 for mante's context row.
 */
public final class SpikingTrials {
    private SpikingTrials() {
    }

    /**
     * A stimulus at rate resolution with its label (go-nogo 1/0, xor/dms/mante ±1).
     *
     * @param u       N_in×columns row-major
     */
    public record Stimulus(double[] u, int inputs, int columns, int label) {
    }

    /** Trial {@code trialId} of the task's TASK-stream draws, with T+1 columns. */
    public static Stimulus stimulus(Task task, RandomKey taskKey, long trialId) {
        TrialBatch b = task.generate(taskKey, trialId, 1);
        int t = b.steps();
        int cols = t + 1;
        double[] u = new double[b.inputs() * cols];
        for (int c = 0; c < b.inputs(); c++) {
            for (int s = 0; s < t; s++) {
                u[c * cols + s] = b.u(0, c, s);
            }
            u[c * cols + t] = b.u(0, c, t - 1);
        }
        return new Stimulus(u, b.inputs(), cols, b.labels()[0]);
    }

    /** The trial kinds {@code --trial} accepts for a task (besides "random"). */
    public static String kinds(Task task) {
        return task.name().equals("go-nogo") ? "go, nogo" : task.textLabels() ? "same, diff" : "plus, minus";
    }

    /** The label a kind names, or null for "random". */
    static Integer labelOf(Task task, String kind) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (k.equals("random")) {
            return null;
        }
        boolean goNogo = task.name().equals("go-nogo");
        if (goNogo && (k.equals("go") || k.equals("nogo"))) {
            return k.equals("go") ? 1 : 0;
        }
        if (!goNogo && task.textLabels() && (k.equals("same") || k.equals("diff"))) {
            return k.equals("same") ? 1 : -1;
        }
        if (!goNogo && !task.textLabels() && (k.equals("plus") || k.equals("minus"))) {
            return k.equals("plus") ? 1 : -1;
        }
        throw new InvalidInputException("--trial '" + kind + "' is not valid for task " + task.name()
                + ": expected random or one of " + kinds(task));
    }

    /**
     * The first trial id ≥ {@code from} whose draw is of the given kind ("random" accepts any), so that a
     * requested kind still gets the task's own stimulus (e.g. mante's sensory noise) from the seed.
     */
    public static long firstOfKind(Task task, RandomKey taskKey, long from, String kind) {
        Integer label = labelOf(task, kind);
        long id = from;
        while (label != null && stimulus(task, taskKey, id).label() != label) {
            id++;
        }
        return id;
    }

    /**
     * A task trial chosen by kind for one LIF run, as {@code eirnn lif --trial KIND} picks it.
     *
     * @param trialId  the trial id found ({@link #firstOfKind})
     * @param stimulus its stimulus (T+1 columns, before downsampling)
     * @param v0       initial voltages from stream LIF_V0 at that id
     * @param kind     the trial's kind in words (go, nogo, same, diff, plus, minus)
     */
    public record Chosen(long trialId, Stimulus stimulus, double[] v0, String kind) {
    }

    /** The first trial of {@code kind} at or after id {@code from}, with its v0 for {@code n} units. */
    public static Chosen chooseTrial(Task task, RandomKey taskKey, long from, String kind, LifParams p, int n) {
        long id = firstOfKind(task, taskKey, from, kind);
        Stimulus s = stimulus(task, taskKey, id);
        double[] v0 = initialVoltages(p, taskKey.with(RandomStream.LIF_V0), id, n);
        return new Chosen(id, s, v0, kindText(task, s.label()));
    }

    /** A label in the words {@code --trial} takes: go/nogo, same/diff (xor, dms) or plus/minus (mante). */
    public static String kindText(Task task, int label) {
        if (task.name().equals("go-nogo")) {
            return label == 1 ? "go" : "nogo";
        }
        return task.textLabels() ? task.labelText(label) : label > 0 ? "plus" : "minus";
    }

    /** v0 = vreset + U·(30 − vreset), U from stream LIF_V0 at counter (0, unit>>2, trialId) (spec §4.2). */
    public static double[] initialVoltages(LifParams p, RandomKey v0Key, long trialId, int n) {
        double[] v0 = new double[n];
        for (int i = 0; i < n; i++) {
            v0[i] = p.initialVoltage(v0Key.uniform(trialId, 0, i));
        }
        return v0;
    }

    /** u(:, 1:downsample:end), as LIF_network_fnc.m downsamples its input (spec §4.2). */
    public static double[] downsample(double[] u, int inputs, int columns, int downsample) {
        int kept = downsampledColumns(columns, downsample);
        double[] out = new double[inputs * kept];
        for (int c = 0; c < inputs; c++) {
            for (int k = 0; k < kept; k++) {
                out[c * kept + k] = u[c * columns + k * downsample];
            }
        }
        return out;
    }

    public static int downsampledColumns(int columns, int downsample) {
        return (columns - 1) / downsample + 1;
    }
}
