package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.eirnn.InvalidInputException;
import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Engine;
import org.eirnn.engine.EngineChoice;
import org.eirnn.io.MatModelFile;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;
import org.eirnn.train.Checkpoint;
import org.eirnn.train.Evaluation;
import org.eirnn.train.ModelNaming;
import org.eirnn.train.TrainConfig;
import org.eirnn.train.TrainState;
import org.eirnn.train.Trainer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code eirnn train}: spikeRNN's rate/main.py (spec §2, §9) with its flags and defaults, so that
 * {@code eirnn train --task go-nogo} runs the README example; plus ensembles (--networks K), minibatches (--batch B),
 * a seed, the device, and checkpoints with --resume. {@code --mode eval} evaluates a model file (as {@code eirnn eval}).
 */
final class TrainCommand implements Command {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train rate networks as spikeRNN does (its flags), K networks x B trials at once";
    }

    static Options options() {
        Options o = new Options();
        o.addOption(SpikeRnnFlags.opt("n_trials", "n", "maximum training trials per network (default 5000)"));
        o.addOption(SpikeRnnFlags.opt("mode", "train|eval", "train (default), or eval a --model file"));
        o.addOption(SpikeRnnFlags.opt("output_dir", "dir", "models go to <dir>/models/<task>/... (default .)"));
        SpikeRnnFlags.addNetworkOptions(o);
        SpikeRnnFlags.addRunOptions(o);
        o.addOption(SpikeRnnFlags.opt("gpu", "id", "spikeRNN's CUDA device: accepted and ignored (use --device)"));
        o.addOption(SpikeRnnFlags.opt("gpu_frac", "f", "spikeRNN's GPU memory fraction: accepted and ignored"));
        o.addOption(SpikeRnnFlags.opt("batch", "B", "trials per update (default 1, spikeRNN)"));
        o.addOption(SpikeRnnFlags.opt("networks", "K", "independent networks trained at once (default 1)"));
        o.addOption(SpikeRnnFlags.opt("lr", "rate", "Adam learning rate (default 0.01)"));
        o.addOption(SpikeRnnFlags.opt("resume", null, "continue the interrupted run with the same flags from its checkpoint"));
        o.addOption(SpikeRnnFlags.opt("model", "file", "with --mode eval: the model file to evaluate"));
        o.addOption(SpikeRnnFlags.opt("out", "file.mat", "with --mode eval: write every trial to this file"));
        return o;
    }

    @Override
    public int run(String[] args) throws Exception {
        CommandLine cl = SpikeRnnFlags.parseOrHelp(args, options(), "eirnn train --task go-nogo [options]");
        if (cl == null) {
            return Main.EXIT_OK;
        }
        PrintStream err = System.err;
        InvalidInputException.require(cl.getArgs().length == 0,
                () -> "unexpected argument '" + cl.getArgs()[0] + "': every option starts with --");
        if (cl.hasOption("gpu") || cl.hasOption("gpu_frac")) {
            err.println("eirnn train: note: --gpu/--gpu_frac are spikeRNN's CUDA settings and are ignored; "
                    + "choose the device with --device");
        }
        String mode = cl.getOptionValue("mode", "train").toLowerCase(Locale.ROOT);
        if (mode.equals("eval")) {
            return EvalCommand.evaluate(cl, err);
        }
        InvalidInputException.require(mode.equals("train"),
                () -> "--mode '" + cl.getOptionValue("mode") + "' is not valid: expected train or eval");
        InvalidInputException.require(cl.hasOption("task"), () -> "--task is required: one of " + Tasks.NAMES);
        Task task = Tasks.byName(cl.getOptionValue("task"));
        NetworkSpec spec = SpikeRnnFlags.spec(cl, task);
        LossFunction loss = LossFunction.parse(cl.getOptionValue("loss_fn", "l2"));
        RateNoise noise = SpikeRnnFlags.noise(cl);
        long seed = cl.hasOption("seed") ? SpikeRnnFlags.longValue(cl, "seed", 0)
                : System.currentTimeMillis() % 1_000_000;
        AdamConfig adam = AdamConfig.SPIKERNN.withLearningRate(SpikeRnnFlags.number(cl, "lr", 0.01));
        TrainConfig cfg = TrainConfig.spikeRnn(SpikeRnnFlags.longValue(cl, "n_trials", 5000),
                SpikeRnnFlags.integer(cl, "batch", 1), SpikeRnnFlags.integer(cl, "networks", 1), seed, noise, adam);
        Path dir = ModelNaming.directory(Path.of(cl.getOptionValue("output_dir", ".")), task.name(), spec);
        Path checkpoint = dir.resolve(ModelNaming.checkpointName(task.name(), spec, seed));
        Map<String, String> identity = identity(task, spec, loss, cfg);

        TrainState state = cl.hasOption("resume") ? Checkpoint.read(checkpoint, identity, spec)
                : Trainer.freshState(spec, cfg, ModelNaming.stamp(LocalDateTime.now()));
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
        if (!state.anyActive() || state.nextTrial() >= cfg.nTrials()) {
            err.println("eirnn train: the run in " + checkpoint + " has already finished; nothing to do");
            return Main.EXIT_OK;
        }
        try (Engine engine = EngineChoice.open(cl.getOptionValue("device", "auto"), err)) {
            err.printf(Locale.ROOT, "eirnn train: %s N=%d, %d network(s) x %d trial(s) per update, up to %d trials, "
                            + "seed %d%s%n", task.name(), spec.n(), cfg.networks(), cfg.batch(), cfg.nTrials(), seed,
                    cl.hasOption("resume") ? ", resuming at trial " + state.nextTrial() : "");
            err.println("eirnn train: checkpoint " + checkpoint + (cl.hasOption("seed") ? ""
                    : " (to resume after an interruption: the same flags with --seed " + seed + " --resume)"));
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("seed", seed);
            extras.put("networks", cfg.networks());
            extras.put("batch", cfg.batch());
            extras.put("loss_fn", loss.spikeRnnName);
            extras.put("lr", adam.learningRate());
            extras.put("noise_sd", noise.noiseSd());
            extras.put("x0_sd", noise.x0Sd());
            extras.put("device", engine.description());
            Trainer trainer = new Trainer(engine, task, spec, loss, cfg, err, extras);
            long start = System.nanoTime();
            TrainState end;
            try {
                end = trainer.run(state, s -> Checkpoint.write(checkpoint, identity, s), (k, record) -> {
                    Path file = dir.resolve(ModelNaming.fileName(task.name(), spec, state.stamp(), k,
                            cfg.networks()));
                    MatModelFile.write(file, record);
                    err.println("eirnn train: saved " + file);
                });
            } catch (Trainer.DivergedException e) {
                err.println("eirnn train: " + e.getMessage() + "; stopped. The last good state is the checkpoint "
                        + checkpoint + " (try a smaller --lr)");
                return Main.EXIT_FAILURE;
            }
            summary(end, cfg, task, (System.nanoTime() - start) / 1e9, err);
        }
        return Main.EXIT_OK;
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
        id.put("lr", Double.toString(cfg.adam().learningRate()));
        id.put("noise-sd", Double.toString(cfg.noise().noiseSd()));
        id.put("x0-sd", Double.toString(cfg.noise().x0Sd()));
        return id;
    }

    private static void summary(TrainState end, TrainConfig cfg, Task task, double seconds, PrintStream err) {
        for (int k = 0; k < end.networks(); k++) {
            long tr = end.lastTrial()[k];
            Evaluation e = end.lastEval()[k];
            boolean met = e != null && cfg.evaluatesAt(tr)
                    && cfg.meetsCriterion(task.name(), tr, e.meanLoss(), e.accuracy());
            err.printf(Locale.ROOT, "eirnn train: network %d: %s at trial %d, eval loss %.4f, accuracy %.2f%n", k,
                    met ? "criterion met" : "n_trials reached without the criterion", tr,
                    e == null ? Double.NaN : e.meanLoss(), e == null ? Double.NaN : e.accuracy());
        }
        err.printf(Locale.ROOT, "eirnn train: done in %.1f s%n", seconds);
    }
}
