package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.io.ModelRecord;
import org.eirnn.plot.ExampleTrial;
import org.eirnn.plot.FigureKind;
import org.eirnn.plot.Figures;
import org.eirnn.plot.ModelFigures;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code eirnn plot}: PNG figures of a model file (eirnn's, spikeRNN TensorFlow or PyTorch): the weight matrix, its
 * eigenvalues, the τ distribution, and, from one LIF trial, the output against the rate model's, the spike raster
 * and the firing-rate histogram, plus the grid search's curve.
 */
final class PlotCommand implements Command {
    static final Flag WHAT = Flag.value("what", "list", "figures: comma list of " + FigureKind.names() + " or all")
            .detail("default: all that the file allows");
    /** Not --out, which names a .mat file in every command. */
    static final Flag OUT_DIR = Flag.value("out-dir", "dir", "folder of the PNG files")
            .detail("default: plots/ next to the model");

    @Override
    public String name() {
        return "plot";
    }

    @Override
    public String summary() {
        return "PNG figures of a model: weights, eigenvalues, taus, LIF output, raster, rates, grid search";
    }

    @Override
    public CliOptions options() {
        return LifOptions.of(name(), "eirnn plot --model FILE [--what weights,eigen,taus,lif,raster,rates,grid] "
                + "[--out-dir DIR]", "cpu", ModelLoader.REQUIRED, () -> List.of(WHAT, OUT_DIR, LifOptions.SCALING_FACTOR,
                LifCommand.TRIAL));
    }

    @Override
    public int run(String[] args) throws Exception {
        try {
            return draw(args);
        } catch (NoClassDefFoundError e) {
            if (ModuleLayer.boot().findModule("java.desktop").isEmpty()) {
                throw new InvalidInputException("this Java runtime has no java.desktop module, which figures need "
                        + "(the GPU bundle leaves it out to stay small); run plot with tools/eirnn and a full JDK");
            }
            throw e;
        }
    }

    private int draw(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        boolean asked = a.has(WHAT);
        Set<FigureKind> kinds = asked ? FigureKind.parse(a.string(WHAT, "all")) : EnumSet.allOf(FigureKind.class);
        double givenFactor = LifOptions.givenScalingFactor(a);
        ModelLoader.Loaded loaded = ModelLoader.loadWithoutTask(a);
        Path file = loaded.path();
        ModelRecord model = loaded.record();
        if (!asked) {
            dropWhatTheFileCannotGive(kinds, a, model, file, givenFactor);
        }
        InvalidInputException.require(!kinds.contains(FigureKind.GRID) || ModelFigures.hasGridCurve(model),
                () -> file + " has no grid-search curve (all_perfs, scaling_factors): run 'eirnn grid-search' first");
        String name = file.getFileName().toString();
        String stem = name.endsWith(".mat") ? name.substring(0, name.length() - 4) : name;
        Figures.Source src = new Figures.Source(model.task() == null ? "unknown task" : model.task(), name);
        ExampleTrial trial = kinds.stream().anyMatch(k -> k.simulates) ? simulate(a, loaded, givenFactor) : null;
        Path dir = a.has(OUT_DIR) ? Path.of(a.string(OUT_DIR, ".")) : file.toAbsolutePath().getParent().resolve("plots");
        Set<FigureKind> behaviour = EnumSet.noneOf(FigureKind.class);
        kinds.stream().filter(FigureKind::behavioural).forEach(behaviour::add);
        kinds.removeAll(behaviour);
        List<Path> written = new java.util.ArrayList<>(ModelFigures.write(kinds, model, trial, src, dir, stem));
        if (!behaviour.isEmpty()) {
            written.addAll(BehaviourPlots.write(a, model, ModelLoader.task(a, model, file), behaviour, src, dir,
                    stem));
        }
        written.forEach(System.out::println);
        return Main.EXIT_OK;
    }

    /** Without --what: the spiking figures need a task and a factor, the grid figure a grid search. */
    private static void dropWhatTheFileCannotGive(Set<FigureKind> kinds, Args a, ModelRecord model, Path f,
                                                  double givenFactor) {
        org.eirnn.task.Task known = model.task() == null && !a.has(TaskOption.TASK) ? null
                : ModelLoader.task(a, model, f);
        kinds.removeIf(k -> k.behavioural() && (known == null || !BehaviourPlots.applies(k, known)));
        if (!ModelFigures.hasGridCurve(model)) {
            kinds.remove(FigureKind.GRID);
            System.err.println("eirnn plot: " + f + " has no grid-search curve: no grid figure");
        }
        boolean factor = !Double.isNaN(givenFactor)
                || model.grid() != null && Double.isFinite(model.grid().optScalingFactor());
        boolean task = a.has(TaskOption.TASK) || model.task() != null;
        if (!factor || !task) {
            kinds.removeIf(k -> k.simulates);
            System.err.println("eirnn plot: " + f + (task ? " has no opt_scaling_factor (give --scaling-factor)"
                    : "'s task is unknown (give --task)") + ": no lif, raster or rates figures");
        }
    }

    private static ExampleTrial simulate(Args a, ModelLoader.Loaded loaded, double givenFactor) {
        ModelRecord model = loaded.record();
        double factor = LifOptions.scalingFactor(givenFactor, model, loaded.path());
        try (LifOptions.LifEngine engine = LifOptions.open(a, "cpu")) {
            return ExampleTrial.run(model, ModelLoader.task(a, model, loaded.path()), LifOptions.params(a, 1), factor,
                    a.has(LifOptions.INITIAL_WEIGHTS), SeedOption.read(a), a.string(LifCommand.TRIAL, "random"),
                    engine.simulator());
        }
    }
}
