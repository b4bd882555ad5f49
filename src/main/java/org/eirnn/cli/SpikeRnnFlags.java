package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.eirnn.InvalidInputException;
import org.eirnn.engine.Engine;
import org.eirnn.engine.EngineChoice;
import org.eirnn.engine.RateSession;
import org.eirnn.model.LossFunction;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNoise;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.WeightDistribution;
import org.eirnn.io.MatModelFile;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The flags of spikeRNN's rate/main.py (spec §9), spelled as there, with its defaults (README example: N 200,
 * P_inh 0.2, P_rec 0.2, som_N 0, Dale on, gain 1.5, sigmoid, l2, taus 4 20), plus eirnn's noise, device and seed
 * flags. Shared by the commands that build or run rate networks.
 */
final class SpikeRnnFlags {
    private SpikeRnnFlags() {
    }

    static Option opt(String name, String arg, String desc) {
        Option.Builder b = Option.builder().longOpt(name).desc(desc);
        return arg == null ? b.get() : b.hasArg().argName(arg).get();
    }

    static void addNetworkOptions(Options o) {
        o.addOption(opt("N", "n", "number of units (default 200)"));
        o.addOption(opt("gain", "g", "initial weight gain (default 1.5)"));
        o.addOption(opt("P_inh", "p", "probability of an inhibitory unit (default 0.2)"));
        o.addOption(opt("P_rec", "p", "recurrent connection probability (default 0.2)"));
        o.addOption(opt("som_N", "n", "number of SOM units (default 0)"));
        o.addOption(opt("apply_dale", "bool", "Dale's principle, yes/true/t/y/1 or no/false/f/n/0 (default true)"));
        o.addOption(opt("act", "name", "sigmoid, clipped_relu or softplus (default sigmoid)"));
        o.addOption(Option.builder().longOpt("decay_taus").hasArgs().argName("tau [tau_max]")
                .desc("one fixed tau, or min and max of trainable per-unit taus, in 5 ms steps (default 4 20)").get());
    }

    static void addRunOptions(Options o) {
        o.addOption(opt("task", "name", "go-nogo, xor, mante or dms"));
        o.addOption(opt("loss_fn", "name", "l2 or l1 (default l2)"));
        o.addOption(opt("device", "dev", "auto, cpu, opencl or opencl:P:D (default auto)"));
        o.addOption(opt("seed", "s", "run seed (keys initialisation, trials and noise)"));
        o.addOption(opt("noise-sd", "sd", "recurrent noise standard deviation (default 0.1, spikeRNN)"));
        o.addOption(opt("x0-sd", "sd", "initial state standard deviation (default 0.01, spikeRNN)"));
        o.addOption(opt("help", null, "this help"));
    }

    static NetworkSpec spec(CommandLine cl, Task task) {
        return new NetworkSpec(integer(cl, "N", 200), task.inputs(), number(cl, "P_inh", 0.2),
                number(cl, "P_rec", 0.2), integer(cl, "som_N", 0), number(cl, "gain", 1.5), WeightDistribution.GAUS,
                bool("apply_dale", cl.getOptionValue("apply_dale", "true")),
                Activation.parse(cl.getOptionValue("act", "sigmoid")), taus(cl));
    }

    static DecayTaus taus(CommandLine cl) {
        String[] values = cl.hasOption("decay_taus") ? cl.getOptionValues("decay_taus") : new String[] {"4", "20"};
        double[] taus = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            taus[i] = parseNumber("decay_taus", values[i]);
        }
        return DecayTaus.of(taus);
    }

    static RateNoise noise(CommandLine cl) {
        return new RateNoise(number(cl, "noise-sd", 0.1), number(cl, "x0-sd", 0.01));
    }

    /** spikeRNN's str2bool. */
    static boolean bool(String flag, String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "yes": case "true": case "t": case "y": case "1":
                return true;
            case "no": case "false": case "f": case "n": case "0":
                return false;
            default:
                throw new InvalidInputException("--" + flag + " '" + value
                        + "' is not valid: expected yes/true/t/y/1 or no/false/f/n/0");
        }
    }

    static double number(CommandLine cl, String flag, double fallback) {
        return cl.hasOption(flag) ? parseNumber(flag, cl.getOptionValue(flag)) : fallback;
    }

    static int integer(CommandLine cl, String flag, int fallback) {
        long v = longValue(cl, flag, fallback);
        InvalidInputException.require(v == (int) v, () -> "--" + flag + " " + v + " is too large");
        return (int) v;
    }

    static long longValue(CommandLine cl, String flag, long fallback) {
        if (!cl.hasOption(flag)) {
            return fallback;
        }
        String v = cl.getOptionValue(flag);
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + flag + " '" + v + "' is not valid: expected an integer");
        }
    }

    private static double parseNumber(String flag, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            InvalidInputException.require(Double.isFinite(d), () -> "--" + flag + " '" + v
                    + "' is not valid: expected a finite number");
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + flag + " '" + v + "' is not valid: expected a number");
        }
    }

    /**
     * Parses the arguments of a rate command, every flag spelled out in full as spikeRNN's are; null after printing
     * the help when --help is given.
     */
    static CommandLine parseOrHelp(String[] args, Options options, String usage) throws ParseException {
        CommandLine cl = DefaultParser.builder().setAllowPartialMatching(false).build().parse(options, args);
        if (cl.hasOption("help")) {
            new HelpFormatter().printHelp(usage, options);
            return null;
        }
        return cl;
    }

    /** A model file run on fresh trials (eval, gradcheck): its network and task, loss, noise, seed, trial count. */
    record ModelRun(ModelAndTask model, LossFunction loss, RateNoise noise, long seed, int trials) {
    }

    /**
     * --model, --task, --loss_fn (default from {@code defaultLoss}, which may read the file), --noise-sd, --x0-sd,
     * --seed and --trials (at least 1).
     */
    static ModelRun modelRun(CommandLine cl, PrintStream err, String command, Function<ModelAndTask, String> defaultLoss,
                             int defaultTrials) throws IOException {
        ModelAndTask mt = modelAndTask(cl, err, command);
        LossFunction loss = LossFunction.parse(cl.getOptionValue("loss_fn", defaultLoss.apply(mt)));
        RateNoise noise = noise(cl);
        long seed = longValue(cl, "seed", 0);
        int trials = integer(cl, "trials", defaultTrials);
        InvalidInputException.require(trials > 0, () -> "--trials " + trials + " is not valid: expected >= 1");
        return new ModelRun(mt, loss, noise, seed, trials);
    }

    /** What a command does with an open session of one uploaded network. */
    interface SessionWork<T> {
        T run(Engine engine, RateSession session) throws Exception;
    }

    /** Opens the --device engine and a session of {@code run}'s network for its trials, uploads it, runs work. */
    static <T> T withSession(CommandLine cl, PrintStream err, ModelRun run, SessionWork<T> work) throws Exception {
        RateNetwork net = run.model().network();
        try (Engine engine = EngineChoice.open(cl.getOptionValue("device", "auto"), err);
             RateSession session = engine.openRate(net.spec, 1, run.trials(), run.model().task().steps(),
                     run.loss())) {
            session.upload(List.of(net));
            return work.run(engine, session);
        }
    }

    /** A model file named by --model and the task it is run on (--task, else the one the file names). */
    record ModelAndTask(Path path, MatModelFile.ImportedModel imported, RateNetwork network, Task task) {
    }

    static ModelAndTask modelAndTask(CommandLine cl, PrintStream err, String command) throws IOException {
        InvalidInputException.require(cl.hasOption("model"), () -> "--model FILE is required");
        Path path = Path.of(cl.getOptionValue("model"));
        MatModelFile.ImportedModel imported = MatModelFile.read(path);
        for (String note : imported.notes()) {
            err.println("eirnn " + command + ": note: " + note);
        }
        RateNetwork net = imported.record().network();
        String taskName = cl.getOptionValue("task", imported.record().task());
        InvalidInputException.require(taskName != null,
                () -> path + " does not name its task: pass --task (one of " + Tasks.NAMES + ")");
        Task task = Tasks.byName(taskName);
        InvalidInputException.require(task.inputs() == net.spec.inputs(), () -> "task " + task.name() + " has "
                + task.inputs() + " inputs but " + path + " has w_in for " + net.spec.inputs());
        return new ModelAndTask(path, imported, net, task);
    }
}
