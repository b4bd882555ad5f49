package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.io.GridSearchClaims;
import org.eirnn.io.ModelRecord;
import org.eirnn.io.ModelRecord.GridSearchResult;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.spiking.ScalingFactors;
import org.eirnn.spiking.SpikingEvaluation;
import org.eirnn.task.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code eirnn grid-search}: lambda_grid_search.m (spec §5) — for each model file, the spiking accuracy over the
 * scaling-factor grid (100 trials each by default), the first maximum as opt_scaling_factor, appended to the file
 * as MATLAB's {@code save -append} does.
 */
final class GridSearchCommand implements Command {

    @Override
    public String name() {
        return "grid-search";
    }

    @Override
    public String summary() {
        return "choose the LIF scaling factor of rate models (lambda_grid_search.m) and append it";
    }

    static final Flag FACTORS = Flag.value("factors", "list",
            "scaling factors: start:step:stop or a comma list").detail("default " + ScalingFactors.SPIKERNN);
    static final Flag FORCE = Flag.toggle("force", "search again files that already have a result");
    static final Flag ALL = Flag.toggle("all", "in a folder, also search networks whose last rate evaluation missed "
            + "spikeRNN's criterion (as summarize judges it: eval loss < 7, accuracy > 0.95, go-nogo past trial 1500)");

    @Override
    public CliOptions options() {
        return LifOptions.of(name(), "eirnn grid-search --model FILE|DIR [--factors 20:5:75] [--trials 100]", "auto",
                () -> List.of(ModelLoader.MODEL.detail("or a folder of them; required")),
                TrialsOption.described("trials per factor, default 100"), () -> List.of(FACTORS, FORCE, ALL,
                        LifOptions.CRITERION));
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        double[] factors = ScalingFactors.parse(a.string(FACTORS, ScalingFactors.SPIKERNN));
        int trials = TrialsOption.read(a, 100);
        LifParams params = LifOptions.params(a, 1);
        long seed = SeedOption.read(a);
        boolean strict = LifOptions.strict(a);
        Path given = Path.of(a.required(ModelLoader.MODEL, "FILE|DIR"));
        List<Path> files = modelFiles(given);
        boolean folder = Files.isDirectory(given);
        // Models of the same task and size share launches (all their factors and trials at once), a few at a time.
        Map<String, List<Pending>> groups = new LinkedHashMap<>();
        for (Path file : files) {
            ModelRecord model = ModelLoader.read(file, name()).record();
            GridSearchResult previous = model.grid();
            if (previous != null && !Double.isNaN(previous.optScalingFactor()) && !a.has(FORCE)) {
                System.err.println("eirnn grid-search: " + file + ": skipped, it already has opt_scaling_factor = "
                        + previous.optScalingFactor() + "; --force searches again");
                continue; // a NaN claim is judged (live or stale) when the file's turn comes
            }
            if (folder && !a.has(ALL) && !metCriterion(model)) {
                System.err.printf(Locale.ROOT, "eirnn grid-search: %s: skipped, its last rate evaluation (loss %.3f, "
                        + "accuracy %.3f) missed the criterion; --all searches it too%n", file, model.evalLossMean(),
                        model.evalPerfMean());
                continue;
            }
            Task task = ModelLoader.task(a, model, file);
            String key = task.name() + "/" + model.network().n();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Pending(file, model, task));
        }
        if (groups.isEmpty()) {
            return Main.EXIT_OK;
        }
        try (LifOptions.LifEngine engine = LifOptions.open(a, "auto")) {
            for (List<Pending> group : groups.values()) {
                for (int first = 0; first < group.size(); first += MODELS_PER_LAUNCH) {
                    List<Pending> some = new ArrayList<>();
                    for (Pending p : group.subList(first, Math.min(group.size(), first + MODELS_PER_LAUNCH))) {
                        if (GridSearchClaims.claim(p.file(), a.has(FORCE),
                                m -> System.err.println("eirnn grid-search: " + m))) {
                            some.add(p); // claimed: searches running at the same time skip it
                        }
                    }
                    if (some.isEmpty()) {
                        continue;
                    }
                    search(engine.simulator(), some, factors, new SpikingEvaluation.Setup(some.get(0).task(), params,
                            trials, seed, 0, a.has(LifOptions.INITIAL_WEIGHTS), 0, Math.max(1, (factors.length + 2) / 3),
                            LifOptions.TRIALS_PER_LAUNCH, strict, false));
                }
            }
        }
        return Main.EXIT_OK;
    }

    /** How many models of one shape share a launch (bounds device memory: factors × N² weights each). */
    private static final int MODELS_PER_LAUNCH = 8;

    private record Pending(Path file, ModelRecord model, Task task) {
    }

    private static void search(LifSimulator sim, List<Pending> models, double[] factors,
                               SpikingEvaluation.Setup setup) throws IOException {
        Task task = setup.task();
        int trials = setup.trials();
        List<SpikingEvaluation.Model> nets = new ArrayList<>();
        for (Pending p : models) {
            nets.add(new SpikingEvaluation.Model(p.model().network(), p.model().initial()));
        }
        String what = models.size() == 1 ? models.get(0).file().getFileName().toString()
                : models.size() + " " + task.name() + " models";
        long start = System.nanoTime();
        List<SpikingEvaluation.Outcome> outcomes = SpikingEvaluation.evaluate(sim, nets, factors, setup,
                done -> LifOptions.progress("grid-search", what, done, (long) factors.length * trials * models.size(), start));
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int k = 0; k < models.size(); k++) {
            Path file = models.get(k).file();
            double[] accuracy = outcomes.get(k).accuracy();
            int best = SpikingEvaluation.bestIndex(accuracy);
            GridSearchClaims.complete(file, new GridSearchResult(factors[best], accuracy, factors));
            System.out.printf(Locale.ROOT, "%s: task %s, best accuracy %.2f at scaling factor %s (%d factors x %d "
                            + "trials in %.1f s)%n  all_perfs: %s%n", file, task.name(), accuracy[best],
                    fmt(factors[best]), factors.length, trials, seconds, perfs(factors, accuracy));
        }
    }

    private static String perfs(double[] factors, double[] acc) {
        StringBuilder s = new StringBuilder();
        for (int f = 0; f < factors.length; f++) {
            s.append(String.format(Locale.ROOT, "%s%s:%.2f", f == 0 ? "" : " ", fmt(factors[f]), acc[f]));
        }
        return s.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A .mat file, or every .mat file directly in a folder (sorted, as MATLAB's dir lists them). */
    /** spikeRNN's stopping rule on the file's last evaluation, as summarize judges it (unknown task: not judged). */
    static boolean metCriterion(ModelRecord model) {
        int batch = (int) SummarizeCommand.number(model.extras(), "batch", 1);
        return SummarizeCommand.criterionMet(model.task(), model, batch) != 0;
    }

    static List<Path> modelFiles(Path model) throws IOException {
        InvalidInputException.require(Files.exists(model), () -> "--model " + model + " does not exist");
        if (!Files.isDirectory(model)) {
            return List.of(model);
        }
        try (var s = Files.list(model)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".mat") && Files.isRegularFile(p))
                    .sorted().collect(Collectors.toList());
            InvalidInputException.require(!files.isEmpty(), () -> "--model " + model + " holds no .mat files");
            return files;
        }
    }
}
