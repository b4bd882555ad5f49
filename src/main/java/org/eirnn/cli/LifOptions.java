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
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Options shared by the spiking commands (lif, grid-search, spike-eval) and their parsing. */
final class LifOptions {
    /**
     * Trials per simulator call of grid-search and spike-eval: enough work-items (256 of 16 trials) to keep a device
     * busy, few enough that progress appears every few tens of seconds on two CPU cores and that the stimuli and
     * initial voltages of a large --trials stay small on the host.
     */
    static final int TRIALS_PER_LAUNCH = 4096;

    private LifOptions() {
    }

    /** One progress line on stderr: trials done of total, rate and ETA. */
    static void progress(String command, String what, long done, long total, long startNanos) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
        System.err.printf(Locale.ROOT, "eirnn %s: %s: %d/%d trials, %.0f trials/s, %.1f s, ETA %.1f s%n",
                command, what, done, total, done / elapsed, elapsed, eta);
    }

    static void addCommon(Options o, String defaultDevice) {
        o.addOption(Option.builder().longOpt("device").hasArg()
                .desc("auto, cpu, opencl or opencl:P:D (default " + defaultDevice + ")").get());
        o.addOption(Option.builder().longOpt("double")
                .desc("OpenCL in double precision (needs cl_khr_fp64); the cpu engine is always double").get());
        o.addOption(Option.builder().longOpt("seed").hasArg().desc("seed of stimuli, v0 and noise (default 1)").get());
        o.addOption(Option.builder().longOpt("noise-sd").hasArg()
                .desc("SD of the voltage noise per step in mV (default 0.1, spikeRNN's randn/10; 0 = none)").get());
        o.addOption(Option.builder().longOpt("initial-weights").desc("use w0 instead of w (use_initial_weights)").get());
        o.addOption(Option.builder().longOpt("task").hasArg()
                .desc("task of the stimuli and scoring (default: the model's task)").get());
        o.addOption(Option.builder().longOpt("help").desc("this help").get());
    }

    /** Parses a spiking command's arguments; null after printing the help when --help is given. */
    static CommandLine parseOrHelp(String[] args, Options options, String usage) throws ParseException {
        CommandLine cl = new DefaultParser().parse(options, args);
        if (cl.hasOption("help")) {
            new HelpFormatter().printHelp(usage, options);
            return null;
        }
        return cl;
    }

    /** --model (what it names: {@code desc}) and --trials (default 100) of the commands that score trials. */
    static void addModelAndTrials(Options o, String modelDesc, String trialsDesc) {
        o.addOption(Option.builder().longOpt("model").hasArg().desc(modelDesc).get());
        o.addOption(Option.builder().longOpt("trials").hasArg().desc(trialsDesc + " (default 100)").get());
    }

    /** --trials of {@link #addModelAndTrials}. */
    static int trials(CommandLine cl) {
        return parsePositiveInt(cl.getOptionValue("trials", "100"), "--trials");
    }

    static long seed(CommandLine cl) {
        return parseLong(cl.getOptionValue("seed", "1"), "--seed");
    }

    static LifParams params(CommandLine cl, int downsample) {
        return LifParams.spikeRnn(downsample).withNoiseSd(parseDouble(cl.getOptionValue("noise-sd", "0.1"), "--noise-sd"));
    }

    /** An engine and its LIF simulator, closed together. */
    record LifEngine(Engine engine, LifSimulator simulator) implements AutoCloseable {
        @Override
        public void close() {
            try {
                simulator.close();
            } finally {
                engine.close();
            }
        }
    }

    static LifEngine open(CommandLine cl, String defaultDevice) {
        Engine engine = EngineChoice.open(cl.getOptionValue("device", defaultDevice), System.err);
        try {
            return new LifEngine(engine, engine.openLif(cl.hasOption("double")));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    static ModelRecord model(Path file) throws IOException {
        return MatModelFile.read(file).record();
    }

    static Task task(CommandLine cl, ModelRecord model, Path file) {
        String name = cl.getOptionValue("task", model.task());
        InvalidInputException.require(name != null, () -> "the task of " + file
                + " is unknown (neither the file nor its path names it): give --task go-nogo|xor|mante|dms");
        return Tasks.byName(name);
    }

    /** The factor to simulate: --scaling-factor, else the file's opt_scaling_factor. */
    static double scalingFactor(CommandLine cl, ModelRecord model, Path file) {
        if (cl.hasOption("scaling-factor")) {
            return parseDouble(cl.getOptionValue("scaling-factor"), "--scaling-factor");
        }
        ModelRecord.GridSearchResult g = model.grid();
        InvalidInputException.require(g != null && Double.isFinite(g.optScalingFactor()), () -> file
                + " has no opt_scaling_factor: give --scaling-factor or run 'eirnn grid-search' first");
        return g.optScalingFactor();
    }

    static double parseDouble(String s, String flag) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException(flag + " '" + s + "' is not valid: expected a number");
    }

    static long parseLong(String s, String flag) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag + " '" + s + "' is not valid: expected an integer");
        }
    }

    static int parsePositiveInt(String s, String flag) {
        long v = parseLong(s, flag);
        InvalidInputException.require(v > 0 && v <= Integer.MAX_VALUE,
                () -> flag + " '" + s + "' is not valid: expected a positive integer");
        return (int) v;
    }
}
