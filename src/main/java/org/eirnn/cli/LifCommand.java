package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.io.LifMatFile;
import org.eirnn.io.LifMatFile.Matrix;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifNetwork;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifTrial;
import org.eirnn.spiking.SpikeTrains;
import org.eirnn.spiking.SpikingCriterion;
import org.eirnn.spiking.SpikingTrials;
import org.eirnn.spiking.Stimulation;
import org.eirnn.task.Task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code eirnn lif}: one call of spikeRNN's LIF_network_fnc.m (spec §4) — a trained rate model converted at a
 * scaling factor and run on a stimulus — writing its outputs (W, REC, spk, rs, all_fr, out, params) to a .mat file.
 */
final class LifCommand implements Command {
    private static final Set<String> OUTPUTS = Set.of("W", "REC", "spk", "rs", "all_fr", "out", "params", "IPSCs");
    private static final String DEFAULT_OUTPUTS = "W,spk,all_fr,out,params";
    /** lif runs on the double-precision CPU reference unless told otherwise: its single runs are compared with MATLAB. */
    private static final String DEFAULT_DEVICE = "cpu";

    @Override
    public String name() {
        return "lif";
    }

    @Override
    public String summary() {
        return "run the LIF network of a rate model (LIF_network_fnc.m) and save its outputs";
    }

    static final Flag TRIAL = Flag.value("trial", "kind", "trial kind of the task's grid-search stimulus: go|nogo "
            + "(go-nogo), same|diff (xor, dms), plus|minus (mante) or random").detail("default random");
    static final Flag STIMULUS = Flag.value("stimulus", "file.mat",
            "MAT-file holding u (N_in x columns at rate resolution, e.g. 1x201) instead of --trial");
    static final Flag RECORD = Flag.value("record", "list", "outputs to keep: W,REC,spk,rs,all_fr,out,params,IPSCs or "
            + "all; REC, rs and IPSCs are N x nt each").detail("default " + DEFAULT_OUTPUTS);
    static final Flag SPIKES = Flag.value("spikes", "format",
            "spk as 'sparse' N x nt matrix or 'times': tspike = [unit, time s] rows").detail("default sparse");
    static final Flag SINGLE = Flag.toggle("single",
            "store the dense outputs (W, REC, rs, IPSCs, out, all_fr) in single precision: half the bytes");
    static final Flag V0 = Flag.value("v0", "file.mat",
            "MAT-file holding v0 (N x 1 or N x trials, mV): initial voltages instead of random ones");
    static final Flag TRIAL_ID = Flag.value("trial-id", "id",
            "first trial id, >= 0 (keys the stimulus, v0 and noise draws)").detail("default 0");
    static final Flag DOWNSAMPLE = Flag.value("downsample", "n", "downsample, >= 1").detail("default 1");
    static final Flag STIM_MODE = Flag.value("stim-mode", "mode", "artificial stimulation: none, exc or inh")
            .detail("default none");
    static final Flag STIM_DUR = Flag.value("stim-dur", "from,to",
            "stimulation steps FROM,TO (MATLAB stims.dur: FROM <= i < TO, 1 <= FROM < TO <= nt + 1)");
    static final Flag STIM_UNITS = Flag.value("stim-units", "list",
            "stimulated units, 1-based, comma separated (MATLAB stims.units)");

    @Override
    public CliOptions options() {
        return LifOptions.of(name(), "eirnn lif --model FILE [--scaling-factor F] [--trial KIND | --stimulus FILE.mat]"
                        + " [--out FILE.mat]", DEFAULT_DEVICE, ModelLoader.REQUIRED, () -> List.of(LifOptions.SCALING_FACTOR,
                        TRIAL, STIMULUS), OutputOption.described("the outputs of LIF_network_fnc"),
                () -> List.of(RECORD, SPIKES, SINGLE, V0), TrialsOption.described("default 1, or the columns of --v0"),
                () -> List.of(TRIAL_ID, DOWNSAMPLE, STIM_MODE, STIM_DUR, STIM_UNITS));
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        boolean given = a.has(STIMULUS);
        InvalidInputException.require(!(a.has(TRIAL) && given), () -> "give --trial or --stimulus, not both");
        InvalidInputException.require(!(a.has(TaskOption.TASK) && given),
                () -> "give --task or --stimulus, not both: the stimulus file replaces the task's trials");
        Request request = new Request(a.integer(DOWNSAMPLE, 1, 1), TrialsOption.read(a, 0),
                a.longAtLeast(TRIAL_ID, 0, 0), SeedOption.read(a), a.inputFile(STIMULUS, "a .mat file holding u"),
                a.inputFile(V0, "a .mat file holding v0"));
        LifParams params = LifOptions.params(a, request.downsample());
        Set<String> outputs = outputs(a.string(RECORD, DEFAULT_OUTPUTS));
        boolean spikeTimes = spikeFormat(a.string(SPIKES, "sparse"));
        double givenFactor = LifOptions.givenScalingFactor(a);
        Stimulation stimulation = stimulation(a);
        ModelLoader.Loaded model = given ? ModelLoader.loadWithoutTask(a) : ModelLoader.load(a);
        double factor = LifOptions.scalingFactor(givenFactor, model.record(), model.path());
        Stimuli stimuli = stimuli(a, model, params, request);
        LifNetwork net = LifNetwork.map(model.network(), model.record().initial(), factor,
                a.has(LifOptions.INITIAL_WEIGHTS), 0);
        LifBatch batch = new LifBatch(params, List.of(net), stimuli.columns(), stimuli.trials(), request.seed(),
                fit(stimulation, net.n(), LifParams.steps(stimuli.columns())));
        boolean traces = outputs.contains("REC") || outputs.contains("rs") || outputs.contains("IPSCs");
        Task task = model.task();
        int window = task == null ? 1 : Math.min(SpikingCriterion.forTask(task.name()).windowFrom(), batch.steps());
        LifMatFile.Precision precision = a.has(SINGLE) ? LifMatFile.Precision.SINGLE : LifMatFile.Precision.DOUBLE;
        if (traces) {
            org.eirnn.spiking.LifTraces.requireFits(net.n(), batch.steps(), stimuli.trials().size());
        }
        Path out = OutputOption.path(a);
        String tooLarge = out == null ? null : LifMatFile.sizeWarning(outputs, net.n(), batch.steps(),
                stimuli.trials().size(), spikeTimes, precision, params.duration(stimuli.columns()));
        if (tooLarge != null) {
            System.err.println("eirnn lif: warning: " + tooLarge);
        }
        long start = System.nanoTime();
        LifResult result;
        try (LifOptions.LifEngine engine = LifOptions.open(a, DEFAULT_DEVICE)) {
            result = engine.simulator().simulate(batch, new LifRecording(true, true, traces, window));
        }
        report(stimuli, result, params, net.n(), task == null ? -1 : window);
        System.err.printf(Locale.ROOT, "eirnn lif: %d trial(s) of %d steps at scaling factor %s in %.2f s%n",
                stimuli.trials().size(), batch.steps(), factor, (System.nanoTime() - start) / 1e9);
        if (out != null) {
            Map<String, Object> v = variables(outputs, spikeTimes, net, params, batch, result);
            LifMatFile.putUnitTypes(v, model.network().inh);
            LifMatFile.write(out, v, precision);
            System.err.println("eirnn lif: wrote " + out);
        }
        return Main.EXIT_OK;
    }

    /**
     * --downsample, --trials (0 when not given), --trial-id, --seed and the --stimulus and --v0 files (null when not
     * given), checked before the model is read.
     */
    private record Request(int downsample, int trials, long firstId, long seed, Path stimulus, Path v0) {
    }

    /** The trials to simulate (stimulus and v0 each), what kind each is, and their stimulus columns. */
    private record Stimuli(List<LifTrial> trials, List<String> kinds, int columns) {
    }

    /**
     * K trials (--trials, else the columns of --v0, else 1) from --trial-id on: the --stimulus file's u, or the
     * task's grid-search stimulus of the --trial kind; v0 from --v0 or drawn per trial id.
     */
    private static Stimuli stimuli(Args a, ModelLoader.Loaded model, LifParams params, Request request)
            throws IOException {
        int n = model.network().n();
        int inputs = model.network().spec.inputs();
        Matrix v0File = v0(request.v0(), n);
        int trials = request.trials() > 0 ? request.trials() : v0File != null ? v0File.cols() : 1;
        if (v0File != null) {
            InvalidInputException.require(v0File.cols() == 1 || v0File.cols() == trials, () -> "v0 has "
                    + v0File.cols() + " columns, expected 1 or --trials = " + trials);
        }
        long firstId = request.firstId();
        int downsample = request.downsample();
        RandomKey taskKey = org.eirnn.spiking.SpikingEvaluation.stimulusKey(request.seed(), 0);
        Matrix given = request.stimulus() != null ? LifMatFile.read(request.stimulus(), "u") : null;
        if (given != null) {
            InvalidInputException.require(given.rows() == inputs, () -> "u in " + request.stimulus()
                    + " has " + given.rows() + " rows, expected N_in = " + inputs + " input channels");
        }
        Task task = model.task();
        List<LifTrial> lifTrials = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        long id = firstId;
        int columns = 0;
        for (int k = 0; k < trials; k++) {
            double[] u;
            int cols;
            if (given != null) {
                id = firstId + k;
                u = given.rowMajor();
                cols = given.cols();
                kinds.add("stimulus");
            } else {
                SpikingTrials.Chosen c = SpikingTrials.chooseTrial(task, taskKey, k == 0 ? firstId : id + 1,
                        a.string(TRIAL, "random"), params, n);
                id = c.trialId();
                u = c.stimulus().u();
                cols = c.stimulus().columns();
                kinds.add(c.kind());
            }
            columns = SpikingTrials.downsampledColumns(cols, downsample);
            double[] v0 = v0File == null
                    ? SpikingTrials.initialVoltages(params, taskKey.with(RandomStream.LIF_V0), id, n)
                    : column(v0File, v0File.cols() == 1 ? 0 : k);
            lifTrials.add(new LifTrial(0, id, SpikingTrials.downsample(u, inputs, cols, downsample), v0));
        }
        return new Stimuli(lifTrials, kinds, columns);
    }

    /** --v0: an N x 1 or N x trials matrix, or null. */
    private static Matrix v0(Path file, int n) throws IOException {
        if (file == null) {
            return null;
        }
        Matrix v0 = LifMatFile.read(file, "v0");
        InvalidInputException.require(v0.rows() == n, () -> "v0 in " + file + " is " + v0.rows() + "x"
                + v0.cols() + ", expected N x 1 or N x trials with N = " + n);
        return v0;
    }

    /** One line per trial on stdout; {@code window} is the scoring window's first step, -1 without a task. */
    private static void report(Stimuli stimuli, LifResult result, LifParams params, int n, int window) {
        double duration = params.duration(stimuli.columns());
        for (int k = 0; k < stimuli.trials().size(); k++) {
            System.out.printf(Locale.ROOT, "trial %d (id %d, %s): %d spikes, mean rate %.2f Hz, out max %.3f min %.3f%s%n",
                    k + 1, stimuli.trials().get(k).trialId(), stimuli.kinds().get(k), result.spikes()[k].count(),
                    result.spikeTotal(k) / duration / n, result.windowMax()[k], result.windowMin()[k],
                    window < 0 ? "" : " (from step " + window + ")");
        }
    }

    /** The outputs of LIF_network_fnc (spec §4.5) under its names; per-trial arrays become 1×K cells for K > 1. */
    static Map<String, Object> variables(Set<String> outputs, boolean spikeTimes, LifNetwork net, LifParams p,
                                         LifBatch batch, LifResult r) {
        int n = net.n();
        int nt = batch.steps();
        int trials = r.trials();
        double duration = p.duration(batch.columns());
        Map<String, Object> v = new LinkedHashMap<>();
        if (outputs.contains("W")) {
            v.put("W", new Matrix(n, n, net.w()));
        }
        if (outputs.contains("REC")) {
            v.put("REC", perTrial(trials, k -> new Matrix(n, nt, r.traces()[k].rec())));
        }
        if (outputs.contains("spk")) {
            if (spikeTimes) {
                v.put("tspike", perTrial(trials, k -> spikeTimes(r.spikes()[k], p)));
            } else {
                v.put("spk", perTrial(trials, k -> sparse(r.spikes()[k])));
            }
        }
        if (outputs.contains("rs")) {
            v.put("rs", perTrial(trials, k -> new Matrix(n, nt, r.traces()[k].rs())));
        }
        if (outputs.contains("all_fr")) {
            double[] fr = new double[n * trials];
            for (int k = 0; k < trials; k++) {
                double[] f = r.firingRates(k, duration);
                for (int i = 0; i < n; i++) {
                    fr[i * trials + k] = f[i];
                }
            }
            v.put("all_fr", new Matrix(n, trials, fr));
        }
        if (outputs.contains("out")) {
            v.put("out", new Matrix(trials, nt, r.out()));
        }
        if (outputs.contains("params") || outputs.contains("IPSCs")) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("dt", p.dt());
            params.put("T", duration);
            params.put("nt", (double) nt);
            params.put("w_out", Matrix.row(net.wOut()));
            params.put("td", Matrix.column(net.td()));
            params.put("td0", Matrix.column(net.td0()));
            if (outputs.contains("IPSCs")) {
                params.put("IPSCs", perTrial(trials, k -> new Matrix(n, nt, r.traces()[k].ipscs())));
            }
            v.put("params", params);
        }
        return v;
    }

    private static Object perTrial(int trials, java.util.function.IntFunction<Object> one) {
        if (trials == 1) {
            return one.apply(0);
        }
        List<Object> cell = new ArrayList<>();
        for (int k = 0; k < trials; k++) {
            cell.add(one.apply(k));
        }
        return cell;
    }

    /** spk as an N×nt sparse 0/1 matrix. */
    private static LifMatFile.Sparse sparse(SpikeTrains s) {
        double[] ones = new double[s.count()];
        Arrays.fill(ones, 1.0);
        int[] cols = new int[s.count()];
        for (int k = 0; k < cols.length; k++) {
            cols[k] = s.steps()[k] - 1;
        }
        return new LifMatFile.Sparse(s.n(), s.nt(), s.units().clone(), cols, ones);
    }

    /** MATLAB's tspike: one row per spike, [unit (1-based), time dt·i in s]. */
    private static Matrix spikeTimes(SpikeTrains s, LifParams p) {
        double[] rows = new double[2 * s.count()];
        for (int k = 0; k < s.count(); k++) {
            rows[2 * k] = s.units()[k] + 1;
            rows[2 * k + 1] = p.spikeTime(s.steps()[k]);
        }
        return new Matrix(s.count(), 2, rows);
    }

    private static double[] column(Matrix m, int col) {
        double[] c = new double[m.rows()];
        for (int i = 0; i < c.length; i++) {
            c[i] = m.rowMajor()[i * m.cols() + col];
        }
        return c;
    }

    private static Set<String> outputs(String list) {
        if (list.trim().equals("all")) {
            return OUTPUTS;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : list.split(",")) {
            String name = s.trim();
            InvalidInputException.require(OUTPUTS.contains(name), () -> "--record '" + name
                    + "' is not valid: expected a comma list of W, REC, spk, rs, all_fr, out, params, IPSCs, or all");
            out.add(name);
        }
        return out;
    }

    private static boolean spikeFormat(String s) {
        InvalidInputException.require(s.equals("sparse") || s.equals("times"),
                () -> "--spikes '" + s + "' is not valid: expected sparse or times");
        return s.equals("times");
    }

    /**
     * --stim-mode exc|inh with --stim-dur FROM,TO (1 <= FROM < TO) and --stim-units (from 1), checked before the model
     * is read; the other two flags without --stim-mode are refused rather than ignored. {@link #fit} checks the rest.
     */
    static Stimulation stimulation(Args a) {
        Stimulation.Mode mode = Stimulation.parseMode(a.string(STIM_MODE, "none"));
        if (mode == Stimulation.Mode.NONE) {
            InvalidInputException.require(!a.has(STIM_DUR) && !a.has(STIM_UNITS),
                    () -> "--stim-dur and --stim-units need --stim-mode exc or inh");
            return Stimulation.NONE;
        }
        InvalidInputException.require(a.has(STIM_DUR) && a.has(STIM_UNITS),
                () -> "--stim-mode " + a.string(STIM_MODE, null) + " needs --stim-dur FROM,TO and --stim-units");
        String dur = a.string(STIM_DUR, null);
        String expected = "FROM,TO with 1 <= FROM < TO (MATLAB steps, TO excluded)";
        String[] d = dur.split(",");
        if (d.length != 2) {
            throw Args.invalid(STIM_DUR, dur, expected);
        }
        long from = Args.parseLong(STIM_DUR, d[0], expected);
        long to = Args.parseLong(STIM_DUR, d[1], expected);
        if (from < 1 || from >= to || to > Integer.MAX_VALUE) {
            throw Args.invalid(STIM_DUR, dur, expected);
        }
        String[] units = a.string(STIM_UNITS, null).split(",");
        int[] u = new int[units.length];
        for (int k = 0; k < u.length; k++) {
            long unit = Args.parseLong(STIM_UNITS, units[k], "a comma list of units from 1 (MATLAB indices)");
            if (unit < 1 || unit > Integer.MAX_VALUE) {
                throw Args.invalid(STIM_UNITS, a.string(STIM_UNITS, null), "a comma list of units from 1 (MATLAB indices)");
            }
            u[k] = (int) unit - 1;
        }
        return new Stimulation(mode, (int) from, (int) to, u);
    }

    /** {@code s} checked against the network: TO <= nt + 1 and every unit <= N. */
    static Stimulation fit(Stimulation s, int n, int steps) {
        if (s.mode() == Stimulation.Mode.NONE) {
            return s;
        }
        InvalidInputException.require(s.to() <= steps + 1, () -> "--stim-dur '" + s.from() + "," + s.to()
                + "' is not valid: expected TO <= nt + 1 = " + (steps + 1));
        for (int u : s.units()) {
            InvalidInputException.require(u < n, () -> "--stim-units: unit " + (u + 1)
                    + " is not valid: expected units from 1 to N = " + n);
        }
        return s;
    }
}
