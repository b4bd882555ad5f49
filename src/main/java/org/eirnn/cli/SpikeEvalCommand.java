package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.eirnn.InvalidInputException;
import org.eirnn.io.ModelRecord;
import org.eirnn.spiking.SpikingEvaluation;
import org.eirnn.task.Task;

import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code eirnn spike-eval}: the accuracy of a model's spiking network at one scaling factor on fresh trials, scored
 * as the grid search scores them (spec §5), beside the rate model's last evaluation accuracy.
 */
final class SpikeEvalCommand implements Command {
    /** Trial ids of the evaluation start here, away from the grid search's 0 … factors·trials. */
    static final long FIRST_TRIAL = 1_000_000_000L;

    @Override
    public String name() {
        return "spike-eval";
    }

    @Override
    public String summary() {
        return "accuracy of a model's LIF network at a scaling factor on fresh trials";
    }

    private static Options options() {
        Options o = new Options();
        LifOptions.addModelAndTrials(o, "model .mat file (required)", "number of trials");
        o.addOption(Option.builder().longOpt("scaling-factor").hasArg()
                .desc("scaling factor (default: the file's opt_scaling_factor)").get());
        LifOptions.addCommon(o, "auto");
        return o;
    }

    @Override
    public int run(String[] args) throws Exception {
        CommandLine cl = LifOptions.parseOrHelp(args, options(),
                "eirnn spike-eval --model FILE [--scaling-factor F] [--trials 100]");
        if (cl == null) {
            return Main.EXIT_OK;
        }
        InvalidInputException.require(cl.hasOption("model"), () -> "--model FILE is required");
        Path file = Path.of(cl.getOptionValue("model"));
        ModelRecord model = LifOptions.model(file);
        double factor = LifOptions.scalingFactor(cl, model, file);
        Task task = LifOptions.task(cl, model, file);
        int trials = LifOptions.trials(cl);
        SpikingEvaluation.Setup setup = new SpikingEvaluation.Setup(task, LifOptions.params(cl, 1), trials,
                LifOptions.seed(cl), FIRST_TRIAL, cl.hasOption("initial-weights"), 0, 1, LifOptions.TRIALS_PER_LAUNCH);
        long start = System.nanoTime();
        SpikingEvaluation.Outcome r;
        try (LifOptions.LifEngine engine = LifOptions.open(cl, "auto")) {
            r = SpikingEvaluation.evaluate(engine.simulator(), model.network(), model.initial(), new double[] {factor},
                    setup, done -> {
                        if (done < trials) {    // the summary line below reports the end
                            LifOptions.progress(name(), file.getFileName().toString(), done, trials, start);
                        }
                    });
        }
        System.out.printf(Locale.ROOT, "%s: task %s, scaling factor %s: spiking accuracy %.3f over %d trials "
                        + "(mean rate %.2f Hz, %.1f s); rate model eval_perf_mean %.3f%n", file, task.name(), factor,
                r.accuracy()[0], trials, r.meanRateHz()[0], (System.nanoTime() - start) / 1e9, model.evalPerfMean());
        return Main.EXIT_OK;
    }
}
