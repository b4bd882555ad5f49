package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.eirnn.InvalidInputException;
import org.eirnn.io.LifMatFile;
import org.eirnn.io.LifMatFile.Matrix;
import org.eirnn.io.ModelRecord;
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

    @Override
    public String name() {
        return "lif";
    }

    @Override
    public String summary() {
        return "run the LIF network of a rate model (LIF_network_fnc.m) and save its outputs";
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("model").hasArg().desc("model .mat file (required)").get());
        o.addOption(Option.builder().longOpt("scaling-factor").hasArg()
                .desc("scaling factor (1/lambda; default: the file's opt_scaling_factor)").get());
        o.addOption(Option.builder().longOpt("trial").hasArg()
                .desc("trial kind of the task's grid-search stimulus: go|nogo (go-nogo), same|diff (xor, dms), "
                        + "plus|minus (mante) or random (default)").get());
        o.addOption(Option.builder().longOpt("stimulus").hasArg()
                .desc("MAT-file holding u (N_in x columns at rate resolution, e.g. 1x201) instead of --trial").get());
        o.addOption(Option.builder().longOpt("out").hasArg().desc("write the outputs to this .mat file").get());
        o.addOption(Option.builder().longOpt("record").hasArg()
                .desc("outputs to keep: W,REC,spk,rs,all_fr,out,params,IPSCs or all (default " + DEFAULT_OUTPUTS
                        + "; REC, rs and IPSCs are N x nt each)").get());
        o.addOption(Option.builder().longOpt("single")
                .desc("store the dense outputs (W, REC, rs, IPSCs, out, all_fr) in single precision: half the bytes").get());
        o.addOption(Option.builder().longOpt("spikes").hasArg()
                .desc("spk as 'sparse' N x nt matrix (default) or 'times': tspike = [unit, time s] rows").get());
        o.addOption(Option.builder().longOpt("v0").hasArg()
                .desc("MAT-file holding v0 (N x 1 or N x trials, mV): initial voltages instead of random ones").get());
        o.addOption(Option.builder().longOpt("trials").hasArg()
                .desc("number of trials (default 1, or the columns of --v0)").get());
        o.addOption(Option.builder().longOpt("trial-id").hasArg()
                .desc("first trial id (keys the stimulus, v0 and noise draws; default 0)").get());
        o.addOption(Option.builder().longOpt("downsample").hasArg().desc("downsample (default 1)").get());
        o.addOption(Option.builder().longOpt("stim-mode").hasArg().desc("artificial stimulation: none, exc or inh").get());
        o.addOption(Option.builder().longOpt("stim-dur").hasArg()
                .desc("stimulation steps FROM,TO (MATLAB stims.dur: FROM <= i < TO)").get());
        o.addOption(Option.builder().longOpt("stim-units").hasArg()
                .desc("stimulated units, 1-based, comma separated (MATLAB stims.units)").get());
        LifOptions.addCommon(o, "cpu");
        return o;
    }

    @Override
    public int run(String[] args) throws Exception {
        CommandLine cl = LifOptions.parseOrHelp(args, options(), "eirnn lif --model FILE [--scaling-factor F] "
                + "[--trial KIND | --stimulus FILE.mat] [--out FILE.mat]");
        if (cl == null) {
            return Main.EXIT_OK;
        }
        InvalidInputException.require(cl.hasOption("model"), () -> "--model FILE is required");
        InvalidInputException.require(!(cl.hasOption("trial") && cl.hasOption("stimulus")),
                () -> "give --trial or --stimulus, not both");
        Path modelFile = Path.of(cl.getOptionValue("model"));
        ModelRecord model = LifOptions.model(modelFile);
        double factor = LifOptions.scalingFactor(cl, model, modelFile);
        int downsample = LifOptions.parsePositiveInt(cl.getOptionValue("downsample", "1"), "--downsample");
        LifParams params = LifOptions.params(cl, downsample);
        long seed = LifOptions.seed(cl);
        Set<String> outputs = outputs(cl.getOptionValue("record", DEFAULT_OUTPUTS));
        boolean spikeTimes = spikeFormat(cl.getOptionValue("spikes", "sparse"));
        int n = model.network().n();
        int inputs = model.network().spec.inputs();

        Matrix v0File = cl.hasOption("v0") ? LifMatFile.read(Path.of(cl.getOptionValue("v0")), "v0") : null;
        if (v0File != null) {
            InvalidInputException.require(v0File.rows() == n, () -> "v0 in " + cl.getOptionValue("v0") + " is "
                    + v0File.rows() + "x" + v0File.cols() + ", expected N x 1 or N x trials with N = " + n);
        }
        int trials = cl.hasOption("trials") ? LifOptions.parsePositiveInt(cl.getOptionValue("trials"), "--trials")
                : v0File != null ? v0File.cols() : 1;
        if (v0File != null) {
            InvalidInputException.require(v0File.cols() == 1 || v0File.cols() == trials, () -> "v0 has "
                    + v0File.cols() + " columns, expected 1 or --trials = " + trials);
        }
        long firstId = LifOptions.parseLong(cl.getOptionValue("trial-id", "0"), "--trial-id");

        RandomKey taskKey = new RandomKey(seed, 0, RandomStream.TASK);
        Task task = cl.hasOption("stimulus") ? null : LifOptions.task(cl, model, modelFile);
        Matrix given = cl.hasOption("stimulus") ? LifMatFile.read(Path.of(cl.getOptionValue("stimulus")), "u") : null;
        if (given != null) {
            InvalidInputException.require(given.rows() == inputs, () -> "u in " + cl.getOptionValue("stimulus")
                    + " has " + given.rows() + " rows, expected N_in = " + inputs + " input channels");
        }
        List<LifTrial> lifTrials = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        long id = firstId;
        int columns = 0;
        for (int k = 0; k < trials; k++) {
            double[] u;
            int cols;
            double[] v0 = null;
            if (given != null) {
                id = firstId + k;
                u = given.rowMajor();
                cols = given.cols();
                kinds.add("stimulus");
            } else {
                SpikingTrials.Chosen c = SpikingTrials.chooseTrial(task, taskKey, k == 0 ? firstId : id + 1,
                        cl.getOptionValue("trial", "random"), params, n);
                id = c.trialId();
                u = c.stimulus().u();
                cols = c.stimulus().columns();
                kinds.add(c.kind());
                v0 = c.v0();
            }
            columns = SpikingTrials.downsampledColumns(cols, downsample);
            if (v0File != null) {
                v0 = column(v0File, v0File.cols() == 1 ? 0 : k);
            } else if (v0 == null) {
                v0 = SpikingTrials.initialVoltages(params, taskKey.with(RandomStream.LIF_V0), id, n);
            }
            lifTrials.add(new LifTrial(0, id, SpikingTrials.downsample(u, inputs, cols, downsample), v0));
        }
        LifNetwork net = LifNetwork.map(model.network(), model.initial(), factor, cl.hasOption("initial-weights"), 0);
        LifBatch batch = new LifBatch(params, List.of(net), columns, lifTrials, seed, stimulation(cl));
        boolean traces = outputs.contains("REC") || outputs.contains("rs") || outputs.contains("IPSCs");
        int window = task == null ? 1 : Math.min(SpikingCriterion.forTask(task.name()).windowFrom(), batch.steps());
        LifRecording rec = new LifRecording(true, true, traces, window);

        LifMatFile.Precision precision = cl.hasOption("single") ? LifMatFile.Precision.SINGLE
                : LifMatFile.Precision.DOUBLE;
        if (traces) {
            org.eirnn.spiking.LifTraces.requireFits(n, batch.steps(), trials);
        }
        String tooLarge = !cl.hasOption("out") ? null : LifMatFile.sizeWarning(outputs, n, batch.steps(), trials,
                spikeTimes, precision, params.duration(columns));
        if (tooLarge != null) {
            System.err.println("eirnn lif: warning: " + tooLarge);
        }
        long start = System.nanoTime();
        LifResult result;
        try (LifOptions.LifEngine engine = LifOptions.open(cl, "cpu")) {
            result = engine.simulator().simulate(batch, rec);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double duration = params.duration(columns);
        for (int k = 0; k < trials; k++) {
            System.out.printf(Locale.ROOT, "trial %d (id %d, %s): %d spikes, mean rate %.2f Hz, out max %.3f min %.3f%s%n",
                    k + 1, lifTrials.get(k).trialId(), kinds.get(k), result.spikes()[k].count(),
                    result.spikeTotal(k) / duration / n, result.windowMax()[k], result.windowMin()[k],
                    task == null ? "" : " (from step " + window + ")");
        }
        System.err.printf(Locale.ROOT, "eirnn lif: %d trial(s) of %d steps at scaling factor %s in %.2f s%n", trials,
                batch.steps(), factor, seconds);
        if (cl.hasOption("out")) {
            Path out = Path.of(cl.getOptionValue("out"));
            Map<String, Object> v = variables(outputs, spikeTimes, net, params, batch, result);
            LifMatFile.putUnitTypes(v, model.network().inh);
            LifMatFile.write(out, v, precision);
            System.err.println("eirnn lif: wrote " + out);
        }
        return Main.EXIT_OK;
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

    private static Stimulation stimulation(CommandLine cl) {
        Stimulation.Mode mode = Stimulation.parseMode(cl.getOptionValue("stim-mode", "none"));
        if (mode == Stimulation.Mode.NONE) {
            return Stimulation.NONE;
        }
        String dur = cl.getOptionValue("stim-dur");
        String units = cl.getOptionValue("stim-units");
        InvalidInputException.require(dur != null && units != null,
                () -> "--stim-mode " + cl.getOptionValue("stim-mode") + " needs --stim-dur FROM,TO and --stim-units");
        String[] d = dur.split(",");
        InvalidInputException.require(d.length == 2, () -> "--stim-dur '" + dur + "' is not valid: expected FROM,TO");
        int from = (int) LifOptions.parseLong(d[0], "--stim-dur");
        int to = (int) LifOptions.parseLong(d[1], "--stim-dur");
        int[] u = Arrays.stream(units.split(",")).mapToInt(x -> (int) LifOptions.parseLong(x, "--stim-units") - 1)
                .toArray();
        return new Stimulation(mode, from, to, u);
    }
}
