package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.SessionContract;
import org.eirnn.model.Preset;
import org.eirnn.engine.Engine;
import org.eirnn.io.MatModelFile;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.eirnn.train.Checkpoint;
import org.eirnn.train.Evaluation;
import org.eirnn.train.ModelNaming;
import org.eirnn.train.TrainConfig;
import org.eirnn.train.TrainState;
import org.eirnn.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code eirnn train}: spikeRNN's rate/main.py (spec §2, §9) with its flags and defaults, so that
 * {@code eirnn train --task go-nogo} runs the README example; plus ensembles (--networks K), minibatches (--batch B),
 * a seed, the device, and checkpoints with --resume. {@code --mode eval} evaluates a model file (as {@code eirnn eval}).
 */
final class TrainCommand implements Command {
    static final Flag N_TRIALS = Flag.value("n_trials", "n", "maximum training trials per network")
            .detail("default 5000");
    static final Flag MODE = Flag.value("mode", "train|eval", "train, or eval a --model file").detail("default train");
    static final Flag OUTPUT_DIR = Flag.value("output_dir", "dir", "models go to <dir>/models/<task>/...")
            .detail("default .");
    static final Flag GPU = Flag.value("gpu", "id", "spikeRNN's CUDA device: accepted and ignored (use --device)");
    static final Flag GPU_FRAC = Flag.value("gpu_frac", "f", "spikeRNN's GPU memory fraction: accepted and ignored");
    static final Flag BATCH = Flag.value("batch", "B", "trials per update").detail("default 1, spikeRNN; pycog's "
            + "tasks: their minibatch, 20 (mante 50, sinewave and lee 1)");
    static final Flag NETWORKS = Flag.value("networks", "K", "independent networks trained at once")
            .detail("default 1");
    static final Flag LR = Flag.value("lr", "rate", "learning rate").detail("default: the preset's, 0.01 for "
            + "spikernn");
    static final Flag RESUME = Flag.toggle("resume",
            "continue the interrupted run with the same flags from its checkpoint");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train rate networks as spikeRNN does (its flags), K networks x B trials at once";
    }

    @Override
    public CliOptions options() {
        return CliOptions.of(name(), "eirnn train --task go-nogo [options]")
                .add(N_TRIALS, MODE, OUTPUT_DIR)
                .add(NetworkOptions.GROUP, TaskOption.REQUIRED)
                .add(RateOptions.shared().toArray(new OptionGroup[0]))
                .add(GPU, GPU_FRAC, BATCH, NETWORKS, LR, RESUME, TrainingPlots.NO_PLOTS)
                .add(ModelFamilyOptions.GROUP, StructureOptions.GROUP, ValidationOptions.GROUP)
                .add(ForecastTrain.FLAGS.toArray(new Flag[0]))
                .add(ModelLoader.MODEL.detail("train: the preset, default spikernn (ngc-eirnn for --task forecast); "
                                + "with --mode eval: the file"),
                        OutputOption.OUT.detail("with --mode eval: " + EvalCommand.OUT_DETAIL));
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        PrintStream err = System.err;
        if (a.has(GPU) || a.has(GPU_FRAC)) {
            err.println("eirnn train: note: --gpu/--gpu_frac are spikeRNN's CUDA settings and are ignored; "
                    + "choose the device with --device");
        }
        String mode = a.string(MODE, "train").toLowerCase(Locale.ROOT);
        if (mode.equals("eval")) {
            return EvalCommand.evaluate(a, err);
        }
        InvalidInputException.require(mode.equals("train"),
                () -> "--mode '" + a.string(MODE, null) + "' is not valid: expected train or eval");
        if (ForecastTrain.applies(a)) {
            return ForecastTrain.run(a, err);
        }
        ForecastTrain.requireNotGiven(a);
        Run run = Run.of(a);
        TrainState state = a.has(RESUME) ? Checkpoint.read(run.checkpoint(), run.identity(), run.spec())
                : Trainer.freshState(run.spec(), run.cfg(), ModelNaming.stamp(LocalDateTime.now()),
                        PycogTaskDefaults.source(a, run.task(), run.spec()));
        somNotes(run.spec(), state, err);
        if (!state.anyActive() || state.nextTrial() >= run.cfg().nTrials()) {
            err.println("eirnn train: the run in " + run.checkpoint() + " has already finished; nothing to do");
            return Main.EXIT_OK;
        }
        Path logFile = run.dir().resolve(ModelNaming.logName(run.task().name(), run.spec(), run.cfg().seed()));
        try (PrintStream log = RunLog.tee(logFile, err);
             Engine engine = DeviceOption.open(a, kernelDevice(run, a, log), log)) {
            log.println("eirnn train: " + String.join(" ", args) + " (log " + logFile + ")");
            header(run, state, SeedOption.given(a), log);
            TrainingPlots plots = a.has(TrainingPlots.NO_PLOTS) ? null : new TrainingPlots(run.task(), run.dir(),
                    ModelNaming.runName(run.task().name(), run.spec(), run.cfg().seed()), 5.0,
                    log);
            try {
                return train(engine, run, state, StructureOptions.areaOfUnits(a, run.spec()), plots, log);
            } finally {
                if (plots != null) {
                    plots.close();
                }
            }
        }
    }

    /** One training run as the command line defines it: what it trains, how, and where its files go. */
    record Run(Task task, NetworkSpec spec, LossFunction loss, TrainConfig cfg, Path dir, Path checkpoint,
               Map<String, String> identity) {

        static Run of(Args a) {
            Preset preset = Preset.parse(a.string(ModelLoader.MODEL, Preset.SPIKERNN.flagName));
            Task task = TaskOption.required(a, preset);
            NetworkSpec spec = PycogTaskDefaults.spec(a, task, NetworkOptions.spec(a, task, preset)
                    .withOptions(ModelFamilyOptions.options(a, preset)));
            LossFunction loss = ModelFamilyOptions.loss(a, preset);
            RateNoise noise = PycogTaskDefaults.noise(a, task, ModelFamilyOptions.noise(a, preset));
            long seed = SeedOption.read(a);
            Optimizer optimizer = ModelFamilyOptions.optimizer(a, preset, LR);
            int batch = ValidationOptions.batch(a, BATCH, preset, task);
            TrainConfig cfg = TrainConfig.spikeRnn(a.longAtLeast(N_TRIALS, ValidationOptions.validated(preset)
                    ? 100_000 : 5000, 1), batch, a.integer(NETWORKS, 1, 1), seed, noise, optimizer)
                    .withValidation(ValidationOptions.schedule(a, preset, task, batch));
            int checked = cfg.validation() == null ? cfg.evalTrials() : cfg.validation().validationTrials();
            // the training and evaluation sessions, and the networks, before anything is drawn
            SessionContract.requireHostMemory(spec, cfg.networks(), cfg.batch() + checked, task.steps());
            Path dir = ModelNaming.directory(Path.of(a.string(OUTPUT_DIR, ".")), task.name(), spec);
            Path checkpoint = dir.resolve(ModelNaming.checkpointName(task.name(), spec, seed));
            org.eirnn.io.AtomicFiles.requireWritable(checkpoint, "--output_dir");
            Map<String, String> identity = TrainCommand.identity(task, spec, loss, cfg);
            if (StructureOptions.given(a)) {
                identity.put("structure", StructureOptions.describe(a));
            }
            return new Run(task, spec, loss, cfg, dir, checkpoint, identity);
        }
    }

    /**
     * The default engine: auto, except for a model the OpenCL kernels do not implement yet (the family's other
     * options), which runs on the CPU engine with a note; --device opencl then gives the OpenCL engine's refusal.
     */
    private static String kernelDevice(Run run, Args a, PrintStream err) {
        boolean kernels = org.eirnn.engine.opencl.OpenClEngine.supports(run.spec(), run.loss(), run.cfg().noise(),
                run.cfg().optimizer());
        if (kernels || a.has(DeviceOption.DEVICE)) {
            return RateOptions.DEFAULT_DEVICE;
        }
        err.println("eirnn train: note: the OpenCL kernels do not implement all of this model's options yet; this "
                + "model (--model " + run.spec().options().preset().flagName + " and its options) trains on the CPU engine");
        return "cpu";
    }

    /** spikeRNN's som_N quirks, said once: no effect without Dale, all inhibitory units when there are fewer. */
    private static void somNotes(NetworkSpec spec, TrainState state, PrintStream err) {
        if (spec.somN() > 0 && !spec.applyDale()) {
            err.println("eirnn train: note: without Dale's principle there are no inhibitory units, so --som_N has no"
                    + " effect (as in spikeRNN)");
        }
        for (int k = 0; k < state.current().size() && spec.applyDale(); k++) {
            int inhibitory = state.current().get(k).inhibitoryCount();
            if (inhibitory < spec.somN()) {
                err.println("eirnn train: note: network " + k + " has " + inhibitory + " inhibitory units, fewer than"
                        + " --som_N " + spec.somN() + ": all of them are SOM units (as in spikeRNN)");
            }
        }
    }

    /** What is trained, with the seed it uses (the default one unless --seed was given), and the checkpoint. */
    private static void header(Run run, TrainState state, boolean seedGiven, PrintStream err) {
        TrainConfig cfg = run.cfg();
        err.printf(Locale.ROOT, "eirnn train: %s N=%d, %d network(s) x %d trial(s) per update, up to %d %s, "
                        + "seed %d%s%s%n", run.task().name(), run.spec().n(), cfg.networks(), cfg.batch(),
                cfg.nTrials(), cfg.validation() == null ? "trials" : "updates (pycog's schedule: " + cfg.validation()
                        + ")", cfg.seed(), seedGiven ? "" : " (the default; --seed S trains other networks)",
                state.nextTrial() > 0 ? ", resuming at trial " + state.nextTrial() : "");
        err.println("eirnn train: checkpoint " + run.checkpoint()
                + " (to resume after an interruption: the same flags with --resume)");
    }

    /** Trains to the end, saving each network's file as it finishes; exit 1 when the run diverges. */
    private static int train(Engine engine, Run run, TrainState state, double[] areas, TrainingPlots plots,
                             PrintStream err) throws IOException {
        Map<String, Object> extras = extras(run, engine);
        if (areas != null) {
            extras.put("area", areas);
        }
        Trainer trainer = new Trainer(engine, run.task(), run.spec(), run.loss(), run.cfg(), err, extras);
        if (plots != null) {
            trainer.onEvaluation(plots);
        }
        long start = System.nanoTime();
        TrainState end;
        Map<Integer, double[]> saved = new java.util.TreeMap<>();
        try {
            end = trainer.run(state, s -> Checkpoint.write(run.checkpoint(), run.identity(), s), (k, record) -> {
                Path file = run.dir().resolve(ModelNaming.fileName(run.task().name(), run.spec(), run.cfg().seed(),
                        state.stamp(), k, run.cfg().networks()));
                MatModelFile.write(file, record);
                saved.put(k, new double[] {record.evalLossMean(), record.evalPerfMean()});
                err.println("eirnn train: saved " + file);
            });
        } catch (Trainer.DivergedException e) {
            err.println("eirnn train: " + e.getMessage() + "; stopped, no model saved. " + (Files.exists(
                    run.checkpoint()) ? "The last good state is the checkpoint " + run.checkpoint()
                    : "No checkpoint was written yet") + " (try a smaller --lr or --gain)");
            return Main.EXIT_FAILURE;
        }
        summary(end, run.cfg(), run.task(), saved, (System.nanoTime() - start) / 1e9, err);
        return Main.EXIT_OK;
    }

    /** The run's settings saved in every model file beside spikeRNN's variables. */
    private static Map<String, Object> extras(Run run, Engine engine) {
        TrainConfig cfg = run.cfg();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("seed", cfg.seed());
        extras.put("networks", cfg.networks());
        extras.put("batch", cfg.batch());
        extras.put("loss_fn", run.loss().spikeRnnName);
        extras.put("lr", cfg.optimizer().learningRate());
        extras.put("noise_sd", cfg.noise().noiseSd());
        extras.put("x0_sd", cfg.noise().x0Sd());
        extras.put("device", engine.description());
        extras.put("optimizer", cfg.optimizer() instanceof org.eirnn.engine.AdamConfig ? "adam" : "sgd");
        extras.put("noise_form", cfg.noise().form().flagName);
        extras.put("post_noise_sd", cfg.noise().postSd());
        extras.put("input_noise_sd", cfg.noise().inputSd());
        extras.put("input_baseline", cfg.noise().inputBaseline());
        extras.put("rectify_inputs", cfg.noise().rectifyInputs() ? 1 : 0);
        extras.put("lambda_omega", run.spec().options().regularisers().omega());
        PycogRunExtras.extras(run.task(), cfg.noise(), extras);
        return extras;
    }

    /** What a checkpoint must agree on to be resumed by this command line. */
    static Map<String, String> identity(Task task, NetworkSpec spec, LossFunction loss, TrainConfig cfg) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("task", task.name());
        id.put("N", Integer.toString(spec.n()));
        id.put("P_inh", Double.toString(spec.pInh()));
        id.put("P_rec", Double.toString(spec.pRec()));
        id.put("som_N", Integer.toString(spec.somN()));
        id.put("gain", Double.toString(spec.gain()));
        id.put("apply_dale", Boolean.toString(spec.applyDale()));
        id.put("act", spec.activation().spikeRnnName);
        id.put("decay_taus", java.util.Arrays.toString(spec.taus().asArray()));
        id.put("loss_fn", loss.spikeRnnName);
        id.put("seed", Long.toString(cfg.seed()));
        id.put("n_trials", Long.toString(cfg.nTrials()));
        id.put("batch", Integer.toString(cfg.batch()));
        id.put("networks", Integer.toString(cfg.networks()));
        id.put("lr", Double.toString(cfg.optimizer().learningRate()));
        id.put("noise-sd", Double.toString(cfg.noise().noiseSd()));
        id.put("x0-sd", Double.toString(cfg.noise().x0Sd()));
        if (cfg.validation() != null) {
            id.put("validation", cfg.validation().toString());
        }
        if (!spec.options().equals(org.eirnn.model.ModelOptions.SPIKERNN) || !cfg.noise().isSpikeRnnForm()
                || !(cfg.optimizer() instanceof org.eirnn.engine.AdamConfig)) {
            id.put("model", spec.options() + " " + cfg.noise() + " " + cfg.optimizer());
        }
        return id;
    }

    /**
     * One line per network: how it stopped; under pycog's schedule its best validation (the saved parameters),
     * otherwise its last scheduled evaluation and the evaluation of the weights its file holds ({@code saved}: loss,
     * accuracy), which is what the file's eval_perf_mean and eval_loss_mean report.
     */
    private static void summary(TrainState end, TrainConfig cfg, Task task, Map<Integer, double[]> saved,
                                double seconds, PrintStream err) {
        for (int k = 0; k < end.networks() && end.validation() != null; k++) {
            err.printf(Locale.ROOT, "eirnn train: network %d: %s after update %d; best validation loss %.4f after "
                    + "update %d (the saved parameters)%n", k, end.validation().stopReason()[k], end.lastTrial()[k],
                    end.validation().bestLoss()[k], end.validation().bestUpdate()[k]);
        }
        for (int k = 0; k < end.networks() && end.validation() == null; k++) {
            long tr = end.lastTrial()[k];
            Evaluation e = end.lastEval()[k];
            boolean met = e != null && cfg.evaluatesAt(tr)
                    && cfg.meetsCriterion(task.name(), tr, e.meanLoss(), e.accuracy());
            double[] file = saved.getOrDefault(k, new double[] {Double.NaN, Double.NaN});
            err.printf(Locale.ROOT, "eirnn train: network %d: %s at trial %d (last evaluation: loss %.4f, accuracy "
                            + "%.2f); the saved weights evaluate at loss %.4f, accuracy %.2f%n", k,
                    met ? "criterion met" : "n_trials reached without the criterion", tr,
                    e == null ? Double.NaN : e.meanLoss(), e == null ? Double.NaN : e.accuracy(), file[0], file[1]);
        }
        err.printf(Locale.ROOT, "eirnn train: done in %.1f s%n", seconds);
    }
}
