package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.eirnn.InvalidInputException;
import org.eirnn.io.ModelRecord;
import org.eirnn.plot.ExampleTrial;
import org.eirnn.plot.FigureKind;
import org.eirnn.plot.Figures;
import org.eirnn.plot.ModelFigures;
import org.eirnn.task.Task;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code eirnn plot}: PNG figures of a model file (eirnn's, spikeRNN TensorFlow or PyTorch): the weight matrix, its
 * eigenvalues, the τ distribution, and, from one LIF trial, the output against the rate model's, the spike raster
 * and the firing-rate histogram, plus the grid search's curve.
 */
final class PlotCommand implements Command {
    @Override
    public String name() {
        return "plot";
    }

    @Override
    public String summary() {
        return "PNG figures of a model: weights, eigenvalues, taus, LIF output, raster, rates, grid search";
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("model").hasArg().desc("model .mat file (required)").get());
        o.addOption(Option.builder().longOpt("what").hasArg().desc("figures: comma list of " + FigureKind.names()
                + " or all (default all that the file allows)").get());
        o.addOption(Option.builder().longOpt("out").hasArg()
                .desc("folder of the PNG files (default: plots/ next to the model)").get());
        o.addOption(Option.builder().longOpt("scaling-factor").hasArg()
                .desc("scaling factor of the LIF figures (default: the file's opt_scaling_factor)").get());
        o.addOption(Option.builder().longOpt("trial").hasArg()
                .desc("trial kind of the LIF figures: go|nogo, same|diff, plus|minus or random (default)").get());
        LifOptions.addCommon(o, "cpu");
        return o;
    }

    @Override
    public int run(String[] args) throws Exception {
        CommandLine cl = LifOptions.parseOrHelp(args, options(), "eirnn plot --model FILE [--what "
                + "weights,eigen,taus,lif,raster,rates,grid] [--out DIR]");
        if (cl == null) {
            return Main.EXIT_OK;
        }
        InvalidInputException.require(cl.hasOption("model"), () -> "--model FILE is required");
        Path file = Path.of(cl.getOptionValue("model"));
        ModelRecord model = LifOptions.model(file);
        boolean asked = cl.hasOption("what");
        Set<FigureKind> kinds = asked ? FigureKind.parse(cl.getOptionValue("what")) : EnumSet.allOf(FigureKind.class);
        if (!asked) {
            dropWhatTheFileCannotGive(kinds, cl, model, file);
        }
        InvalidInputException.require(!kinds.contains(FigureKind.GRID) || ModelFigures.hasGridCurve(model),
                () -> file + " has no grid-search curve (all_perfs, scaling_factors): run 'eirnn grid-search' first");
        String name = file.getFileName().toString();
        String stem = name.endsWith(".mat") ? name.substring(0, name.length() - 4) : name;
        Figures.Source src = new Figures.Source(model.task() == null ? "unknown task" : model.task(), name);
        ExampleTrial trial = kinds.stream().anyMatch(k -> k.simulates) ? simulate(cl, model, file) : null;
        Path dir = cl.hasOption("out") ? Path.of(cl.getOptionValue("out"))
                : file.toAbsolutePath().getParent().resolve("plots");
        for (Path p : ModelFigures.write(kinds, model, trial, src, dir, stem)) {
            System.out.println(p);
        }
        return Main.EXIT_OK;
    }

    /** Without --what: the spiking figures need a task and a factor, the grid figure a grid search. */
    private static void dropWhatTheFileCannotGive(Set<FigureKind> kinds, CommandLine cl, ModelRecord model, Path f) {
        if (!ModelFigures.hasGridCurve(model)) {
            kinds.remove(FigureKind.GRID);
            System.err.println("eirnn plot: " + f + " has no grid-search curve: no grid figure");
        }
        boolean factor = cl.hasOption("scaling-factor")
                || model.grid() != null && Double.isFinite(model.grid().optScalingFactor());
        boolean task = cl.hasOption("task") || model.task() != null;
        if (!factor || !task) {
            kinds.removeIf(k -> k.simulates);
            System.err.println("eirnn plot: " + f + (task ? " has no opt_scaling_factor (give --scaling-factor)"
                    : "'s task is unknown (give --task)") + ": no lif, raster or rates figures");
        }
    }

    private static ExampleTrial simulate(CommandLine cl, ModelRecord model, Path file) {
        Task task = LifOptions.task(cl, model, file);
        double factor = LifOptions.scalingFactor(cl, model, file);
        try (LifOptions.LifEngine engine = LifOptions.open(cl, "cpu")) {
            return ExampleTrial.run(model, task, LifOptions.params(cl, 1), factor, cl.hasOption("initial-weights"),
                    LifOptions.seed(cl), cl.getOptionValue("trial", "random"), engine.simulator());
        }
    }
}
