package org.eirnn.io;

import com.jmatio.types.MLArray;
import org.eirnn.InvalidInputException;
import org.eirnn.io.MatModelFile.Flavour;
import org.eirnn.io.MatModelFile.ImportedModel;
import org.eirnn.io.ModelRecord.GridSearchResult;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.WeightDistribution;
import org.eirnn.task.Tasks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.eirnn.io.MatModelFile.PREFIX;
import static org.eirnn.io.ModelFileWriter.EXACT;

/**
 * Turns the variables of a model file into a {@link ModelRecord}, whatever wrote it (spec §2.7 TensorFlow layout,
 * spec §3 item 6 PyTorch layout, eirnn's own), checking every variable's shape and the invariants of spec §11 that
 * a network needs (m diagonal ±1 agreeing with inh, exc = ¬inh, som_m matching som_N).
 */
final class ModelFileReader {
    /** spikeRNN's gain default (spec §2.1); not stored in its files. */
    private static final double DEFAULT_GAIN = 1.5;
    private static final Pattern TASK_IN_NAME = Pattern.compile("Task_(.+?)_N_\\d+_");

    private final MatVariables v;
    private final Flavour flavour;
    private final List<String> notes = new ArrayList<>();

    private ModelFileReader(MatVariables v, Flavour flavour) {
        this.v = v;
        this.flavour = flavour;
    }

    static ImportedModel read(MatVariables v, Path file) {
        ModelFileReader r = new ModelFileReader(v, flavourOf(v));
        ModelRecord record = r.record(file);
        return new ImportedModel(record, r.flavour, List.copyOf(r.notes));
    }

    private static Flavour flavourOf(MatVariables v) {
        if (v.has(PREFIX + "version")) {
            return Flavour.EIRNN;
        }
        String wClass = v.className("w");
        switch (wClass) {
            case "single":
                return Flavour.SPIKERNN_TF;
            case "double":
                return Flavour.SPIKERNN_PYTORCH;
            default:
                throw new InvalidInputException("file " + v.file() + ": variable 'w' is " + wClass
                        + ", expected single (spikeRNN TensorFlow) or double (spikeRNN PyTorch)");
        }
    }

    private ModelRecord record(Path file) {
        if (flavour == Flavour.EIRNN) {
            notes.add("written by eirnn " + v.string(PREFIX + "version"));
            if (!v.has(PREFIX + "end")) {
                notes.add("the file lacks eirnn_end, the variable eirnn writes last: it was cut short after variable '"
                        + v.lastName() + "' (or written by an eirnn older than 2026-12); any eirnn_exact_ copies and"
                        + " extras after that point are missing");
            }
        }
        Networks nets = networks();
        int nIn = nets.trained().spec.inputs();
        int[] uDims = v.dims("u");
        if (uDims.length != 2 || uDims[0] != nIn) {
            throw v.shape("u", nIn + "×T (N_in×T)");
        }
        int steps = uDims[1];
        double[] u = v.matrix("u", nIn, steps, "N_in×T stimulus");
        int n = nets.trained().n();
        double[] x0 = trajectory("x0", n, steps);
        double[] r0 = trajectory("r0", n, steps);
        double[] x = trajectory("x", n, steps);
        double[] r = trajectory("r", n, steps);
        if (flavour == Flavour.SPIKERNN_PYTORCH) {
            notes.add("x0, r0: the PyTorch port stores only the initial state (N×1); imported as a 1-step trajectory");
            notes.add("x, r: the PyTorch port stores only the last time step (N×1); imported as a 1-step trajectory");
        }
        double[] o = v.vector("o");
        if (o.length != steps - 1 && o.length != 0) {
            throw v.shape("o", (steps - 1) + " outputs (T−1, T=" + steps + " from u)");
        }
        double[] target = v.vector("target");
        if (target.length != steps && target.length != steps - 1 && target.length != 0) {
            throw v.shape("target", steps + " values (T; the PyTorch port stores T−1)");
        }
        int[] osDims = v.dims("eval_os");
        if (osDims.length != 2 || (osDims[0] > 0 && osDims[1] != steps - 1)) {
            throw v.shape("eval_os", "trials×" + (steps - 1) + " (trials×(T−1))");
        }
        int trials = osDims[0];
        double[] evalOs = v.matrix("eval_os", trials, osDims[1], "trials×(T−1)");
        boolean textLabels = v.get("eval_labels").isChar();
        int[] labels = labels(trials, textLabels);
        return new ModelRecord(task(file), nets.trained(), nets.initial(), steps, x0, r0, u, o, x, r, target,
                v.vector("losses"), v.scalar("eval_perf_mean"), v.scalar("eval_loss_mean"), evalOs, labels, textLabels,
                (long) v.scalar("tr"), grid(), extras());
    }

    /** The trained network and its initial state. */
    private record Networks(RateNetwork trained, RateNetwork initial) {
    }

    /** Both networks of the file, every variable's shape, the invariants of spec §11 and finite weights checked. */
    private Networks networks() {
        int n = units();
        int[] inDims = v.dims("w_in");
        if (inDims.length != 2 || inDims[0] != n || inDims[1] < 0) {
            throw v.shape("w_in", n + "×N_in (N×inputs)");
        }
        int nIn = inDims[1];
        boolean[] inh = flags("inh", n);
        boolean[] exc = flags("exc", n);
        for (int i = 0; i < n; i++) {
            if (exc[i] == inh[i]) {
                throw v.invalid("exc", "disagrees with inh at unit " + (i + 1) + " (MATLAB index): expected exc = ~inh");
            }
        }
        double[] m = v.matrix("m", n, n, "N×N sign matrix");
        checkSigns(m, inh, n);
        double[] w0 = v.matrix("w0", n, n, "N×N initial weights");
        boolean dale = applyDale(inh, w0);
        int somN = somCount(n);
        double[] somMask = v.matrix("som_m", n, n, "N×N SOM mask");
        checkSomMask(somMask, inh, somN, n);
        DecayTaus taus = taus();
        int nOut = outputs(n);
        NetworkSpec spec;
        try {
            spec = spec(n, nIn, somN, dale, activation(), taus, inh, w0).withOutputs(nOut);
        } catch (InvalidInputException e) {
            throw e.getMessage().contains(v.file().toString()) ? e
                    : new InvalidInputException("file " + v.file() + ": " + e.getMessage(), e);
        }

        double[] w = v.matrix("w", n, n, "N×N recurrent weights");
        w = v.has(PREFIX + EXACT + "w") ? exactOr("w", w) : exactOr("w", reluIfDale(w, dale, "w"));
        w0 = v.has(PREFIX + EXACT + "w0") ? exactOr("w0", w0) : exactOr("w0", reluIfDale(w0, dale, "w0"));
        double[] wIn = exactOr("w_in", v.matrix("w_in", n, nIn, "N×N_in input weights"));
        double[] wIn0 = exactOr("w_in0", v.matrix("w_in0", n, nIn, "N×N_in initial input weights"));
        double[] wOut = exactOr("w_out", readout("w_out", nOut, n));
        double[] bOut = exactOr("b_out", biases("b_out", nOut));
        double[] tausGaus = exactOr("taus_gaus", vectorOf("taus_gaus", n, "N×1"));
        double[] tausGaus0 = exactOr("taus_gaus0", vectorOf("taus_gaus0", n, "N×1"));
        if (flavour == Flavour.SPIKERNN_PYTORCH && taus.trainable()) {
            notes.add("taus_gaus: the PyTorch port re-draws taus_gaus at every forward pass and never trains it;"
                    + " the stored value is the last training trial's draw (spec §3 item 1)");
        }
        double[] wOut0;
        double[] bOut0;
        if (v.has(PREFIX + "w_out0")) {
            wOut0 = weight(PREFIX + "w_out0", readout(PREFIX + "w_out0", nOut, n));
            bOut0 = weight(PREFIX + "b_out0", biases(PREFIX + "b_out0", nOut));
        } else {
            wOut0 = new double[nOut * n];
            bOut0 = new double[nOut];
            notes.add("w_out0, b_out0: spikeRNN files do not store the initial readout; set to 0");
        }
        return new Networks(FamilyVariables.restore(v, RateNetwork.unmasked(spec, w, wIn, wOut, bOut, tausGaus, inh,
                somMask, new double[n])), FamilyVariables.restore(v, RateNetwork.unmasked(spec, w0, wIn0, wOut0,
                bOut0, tausGaus0, inh.clone(), somMask.clone(), new double[n])));
    }

    /** Output channels: the rows of w_out in an eirnn file of the model family (N_out×N), else 1 (a 1×N vector). */
    private int outputs(int n) {
        int[] d = v.dims("w_out");
        return flavour == Flavour.EIRNN && d.length == 2 && d[0] > 1 && d[1] == n ? d[0] : 1;
    }

    /** The readout {@code name}: spikeRNN's 1×N vector, or N_out×N. */
    private double[] readout(String name, int nOut, int n) {
        return nOut == 1 ? vectorOf(name, n, "1×N readout") : v.matrix(name, nOut, n, nOut + "×N readout");
    }

    /** The output biases {@code name}: a scalar, or N_out×1. */
    private double[] biases(String name, int nOut) {
        return nOut == 1 ? new double[] {v.scalar(name)} : vectorOf(name, nOut, nOut + "×1 output biases");
    }

    private int units() {
        double nValue = v.scalar("N");
        if (nValue < 1 || nValue != Math.rint(nValue) || nValue > Integer.MAX_VALUE) {
            throw v.invalid("N", "is " + nValue + ", expected a positive whole number of units");
        }
        return (int) nValue;
    }

    private int somCount(int n) {
        double somValue = v.scalar("som_N");
        int somN = (int) somValue;
        if (somValue != somN || somN < 0 || somN > n) {
            throw v.invalid("som_N", "is " + somValue + ", expected a whole number in [0, N=" + n + "]");
        }
        return somN;
    }

    private DecayTaus taus() {
        try {
            return DecayTaus.of(finite("taus", v.vector("taus")));
        } catch (InvalidInputException e) {
            if (e.getMessage().contains(v.file().toString())) {
                throw e;
            }
            throw v.invalid("taus", "is not valid: " + e.getMessage());
        }
    }

    private Activation activation() {
        try {
            return Activation.parse(v.string("activation"));
        } catch (InvalidInputException e) {
            throw v.invalid("activation", "is not valid: " + e.getMessage());
        }
    }

    /** lambda_grid_search.m's result, when the file has one (NaN: a search in progress claimed the file). */
    private GridSearchResult grid() {
        if (!v.has("opt_scaling_factor")) {
            return null;
        }
        return new GridSearchResult(v.scalar("opt_scaling_factor"),
                v.has("all_perfs") ? v.vector("all_perfs") : null,
                v.has("scaling_factors") ? v.vector("scaling_factors") : null);
    }

    /**
     * The network spec: eirnn files store it whole; spikeRNN files lack P_inh, P_rec and gain, which are inferred
     * (fraction of inhibitory units, fraction of non-zero initial weights, spikeRNN's default gain).
     */
    private NetworkSpec spec(int n, int nIn, int somN, boolean dale, Activation activation, DecayTaus taus,
                             boolean[] inh, double[] w0) {
        if (flavour == Flavour.EIRNN) {
            return new NetworkSpec(n, nIn, v.scalar(PREFIX + "P_inh"), v.scalar(PREFIX + "P_rec"),
                    somN, v.scalar(PREFIX + "gain"), WeightDistribution.parse(v.string(PREFIX + "w_dist")),
                    dale, activation, taus);
        }
        int inhCount = 0;
        for (boolean b : inh) {
            inhCount += b ? 1 : 0;
        }
        int nonZero = 0;
        for (double x : w0) {
            nonZero += x != 0 ? 1 : 0;
        }
        double pInh = (double) inhCount / n;
        double pRec = nonZero == 0 ? 0.2 : (double) nonZero / w0.length;
        notes.add(String.format(Locale.ROOT, "P_inh, P_rec, gain are not stored in spikeRNN files: inferred"
                + " P_inh=%.4g (fraction of inhibitory units), P_rec=%.4g (fraction of non-zero w0), gain=%s (default)",
                pInh, pRec, DEFAULT_GAIN));
        return new NetworkSpec(n, nIn, pInh, pRec, somN, DEFAULT_GAIN, WeightDistribution.GAUS, dale, activation, taus);
    }

    /**
     * Dale's principle: stored by eirnn; in spikeRNN files on when any unit is inhibitory, otherwise on only if the
     * initial weights are all non-negative (the abs() of spec §2.1 item 3).
     */
    private boolean applyDale(boolean[] inh, double[] w0) {
        if (flavour == Flavour.EIRNN) {
            return v.numbers(PREFIX + "apply_dale")[0] != 0;
        }
        for (boolean b : inh) {
            if (b) {
                return true;
            }
        }
        for (double x : w0) {
            if (x < 0) {
                notes.add("apply_dale: off (no inhibitory unit and negative initial weights)");
                return false;
            }
        }
        notes.add("apply_dale: on (no inhibitory unit, but all initial weights are non-negative)");
        return true;
    }

    /** relu(w) when Dale is on, as the forward pass sees it (the PyTorch port stores raw w, spec §3 item 2). */
    private double[] reluIfDale(double[] w, boolean dale, String name) {
        if (!dale) {
            return w;
        }
        int changed = 0;
        for (int k = 0; k < w.length; k++) {
            if (w[k] < 0) {
                w[k] = 0.0;
                changed++;
            }
        }
        if (changed > 0) {
            notes.add(name + ": " + changed + " negative entries set to 0 (relu, Dale on)");
        }
        return w;
    }

    /**
     * The eirnn_exact_ copy of a variable when the file has one (row-major, same shape), else {@code stored}; either
     * must be finite.
     */
    private double[] exactOr(String name, double[] stored) {
        String exactName = PREFIX + EXACT + name;
        if (!v.has(exactName)) {
            return weight(name, stored);
        }
        int[] d = v.dims(name);
        return weight(exactName, v.matrix(exactName, d[0], d[1], "same shape as " + name));
    }

    /**
     * A network parameter: single or double (every spikeRNN writer stores weights in floating point; an integer
     * class means a file that is not what it claims, and converting would hide the truncation), and finite.
     */
    private double[] weight(String name, double[] rowMajor) {
        String cls = v.className(name);
        if (!cls.equals("single") && !cls.equals("double")) {
            throw v.invalid(name, "is " + cls + ", expected single or double (network weights are floating point)");
        }
        return finite(name, rowMajor);
    }

    /**
     * Refuses a NaN or infinite value of variable {@code name} (values row-major, as every reader here returns them,
     * vectors in either orientation): one line naming the variable, the value and its 1-based MATLAB (row, col).
     */
    private double[] finite(String name, double[] rowMajor) {
        int[] d = v.dims(name);
        int cols = d.length < 2 || d[1] == 0 ? 1 : d[1];
        for (int k = 0; k < rowMajor.length; k++) {
            if (!Double.isFinite(rowMajor[k])) {
                throw v.invalid(name, "has " + rowMajor[k] + " at (" + (k / cols + 1) + "," + (k % cols + 1)
                        + "), expected finite values only");
            }
        }
        return rowMajor;
    }

    private double[] vectorOf(String name, int length, String meaning) {
        double[] values = v.vector(name);
        if (values.length != length) {
            throw v.shape(name, meaning + " with " + length + " entries");
        }
        return values;
    }

    /** Logical, uint8 or double 0/1 flags of length N (the PyTorch port saves doubles, spec §3 item 6). */
    private boolean[] flags(String name, int n) {
        double[] values = vectorOf(name, n, "N×1 flags");
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (values[i] != 0 && values[i] != 1) {
                throw v.invalid(name, "has value " + values[i] + " at unit " + (i + 1) + ", expected 0 or 1");
            }
            out[i] = values[i] == 1;
        }
        return out;
    }

    /** Spec §11: m is diagonal, m_jj = −1 exactly for inhibitory units, +1 otherwise. */
    private void checkSigns(double[] m, boolean[] inh, int n) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double expected = i != j ? 0.0 : inh[j] ? -1.0 : 1.0;
                if (m[i * n + j] != expected) {
                    throw v.invalid("m", "has " + m[i * n + j] + " at (" + (i + 1) + "," + (j + 1) + "), expected "
                            + expected + " (diagonal, −1 exactly for inhibitory units)");
                }
            }
        }
    }

    /** Spec §11: som_m is 0 exactly at (SOM rows) × (inhibitory columns), the SOM units being the first som_N inh. */
    private void checkSomMask(double[] somMask, boolean[] inh, int somN, int n) {
        double[] expected = org.eirnn.model.NetworkInit.somMask(n, inh, somN);
        for (int k = 0; k < expected.length; k++) {
            if (somMask[k] != expected[k]) {
                throw v.invalid("som_m", "has " + somMask[k] + " at (" + (k / n + 1) + "," + (k % n + 1)
                        + "), expected " + expected[k] + " for som_N=" + somN);
            }
        }
    }

    /**
     * A T×N trajectory, row-major. TensorFlow and eirnn store (T, N, 1) (eirnn also 0×N×1 when unknown and 1×N×1 for
     * a model imported from PyTorch); the PyTorch port stores one state as N×1. Null when empty.
     */
    private double[] trajectory(String name, int n, int steps) {
        int[] d = v.dims(name);
        if (flavour == Flavour.SPIKERNN_PYTORCH) {
            if (d.length != 2 || d[0] != n || d[1] != 1) {
                throw v.shape(name, n + "×1 (one state, PyTorch port)");
            }
            return v.numbers(name);
        }
        if (d.length != 2 || d[1] != n || d[0] > steps) {
            throw v.shape(name, steps + "×" + n + "×1 (T×N×1)");
        }
        return d[0] == 0 ? null : v.matrix(name, d[0], n, "T×N×1");
    }

    /** eval_labels: numbers (1×trials), or 'same'/'diff' rows (+1/−1) for xor-like tasks. */
    private int[] labels(int trials, boolean text) {
        int[] labels = new int[trials];
        if (text) {
            String[] rows = trials == 0 ? new String[0] : v.rows("eval_labels");
            if (rows.length != trials) {
                throw v.shape("eval_labels", trials + " rows of 'same'/'diff' (one per eval_os row)");
            }
            for (int i = 0; i < trials; i++) {
                switch (rows[i]) {
                    case "same" -> labels[i] = 1;
                    case "diff" -> labels[i] = -1;
                    default -> throw v.invalid("eval_labels", "row " + (i + 1) + " is '" + rows[i]
                            + "', expected 'same' or 'diff'");
                }
            }
            return labels;
        }
        double[] values = v.vector("eval_labels");
        if (values.length != trials) {
            throw v.shape("eval_labels", "1×" + trials + " (one label per eval_os row)");
        }
        for (int i = 0; i < trials; i++) {
            labels[i] = (int) values[i];
            if (labels[i] != values[i]) {
                throw v.invalid("eval_labels", "has " + values[i] + " at " + (i + 1) + ", expected a whole number");
            }
        }
        return labels;
    }

    /**
     * The task: eirnn_task, else spikeRNN's file name {@code Task_<task>_N_…} (spec §2.6), else a folder named like
     * a task (models/<task>/…, what lambda_grid_search.m looks at); null when none says.
     */
    private String task(Path file) {
        if (v.has(PREFIX + "task")) {
            String task = v.string(PREFIX + "task");
            if (!isKnownTask(task)) {
                throw v.invalid(PREFIX + "task", "is '" + task + "', expected one of " + Tasks.allNames());
            }
            return task;
        }
        Path name = file.getFileName();
        Matcher m = TASK_IN_NAME.matcher(name == null ? "" : name.toString());
        if (m.find()) {
            String task = m.group(1).toLowerCase(Locale.ROOT);
            if (isKnownTask(task)) {
                notes.add("task: '" + task + "' from the file name");
                return task;
            }
            notes.add("task: the file name says '" + task + "', which is not a known task");
        }
        Path abs = file.toAbsolutePath().getParent();
        for (Path p = abs; p != null && p.getFileName() != null; p = p.getParent()) {
            String dir = p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (Tasks.isKnown(dir)) {
                notes.add("task: '" + dir + "' from the folder " + p);
                return dir;
            }
        }
        notes.add("task: not stored in the file nor named by its path; give it explicitly (--task)");
        return null;
    }

    /** spikeRNN's tasks, and pycog's (song2016 files name them). */
    private static boolean isKnownTask(String name) {
        return Tasks.isKnown(name);
    }

    /** eirnn's own variables (except those with a fixed meaning), prefix removed; others are listed in a note. */
    private Map<String, Object> extras() {
        Map<String, Object> extras = new LinkedHashMap<>();
        TreeSet<String> ignored = new TreeSet<>();
        for (String name : v.names()) {
            if (ModelFileWriter.SPIKERNN_NAMES.contains(name) || MatModelFile.GRID_VARIABLES.contains(name)
                    || name.equals(GridSearchClaims.CLAIM) || FamilyVariables.NAMES.contains(name)) {
                continue;
            }
            if (!name.startsWith(PREFIX)) {
                ignored.add(name);
                continue;
            }
            String key = name.substring(PREFIX.length());
            if (key.startsWith(EXACT) || ModelFileWriter.RESERVED_EXTRAS.contains(key)
                    || FamilyVariables.RESERVED.contains(key)) {
                continue;
            }
            Object value = extraValue(name);
            if (value == null) {
                ignored.add(name);
            } else {
                extras.put(key, value);
            }
        }
        if (!ignored.isEmpty()) {
            notes.add("ignored variables not used by eirnn: " + String.join(", ", ignored));
        }
        return extras;
    }

    /** Inverse of ModelFileWriter.extra: char → String, int64 → Long, logical 1×1 → Boolean, double → Double/double[]. */
    private Object extraValue(String name) {
        MLArray a = v.get(name);
        if (a.isChar()) {
            return v.string(name);
        }
        if (a.isInt64() && a.getSize() == 1) {
            return (long) v.scalar(name);
        }
        if (a.isLogical() && a.getSize() == 1) {
            return v.scalar(name) != 0;
        }
        if (a.isDouble() && a.getSize() == 1) {
            return v.scalar(name);
        }
        if (a.isDouble() && a.getM() == 1) {
            return v.numbers(name);
        }
        return null;
    }
}
