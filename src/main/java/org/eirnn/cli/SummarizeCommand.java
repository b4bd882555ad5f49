package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.AdamConfig;
import org.eirnn.io.AtomicFiles;
import org.eirnn.io.LifMatFile;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.RateNoise;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.spiking.SpikingEvaluation;
import org.eirnn.train.TrainConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code eirnn summarize DIR}: one row per model file under DIR — task, seed, network, trials to criterion or
 * not, rate accuracy, optimal scaling factor, spiking accuracy and mean rate where known — as CSV and as .mat.
 */
final class SummarizeCommand implements Command {
    /** The columns, in order; the numeric ones are NaN (empty in the CSV) where a file does not tell. */
    static final List<String> COLUMNS = List.of("file", "task", "N", "seed", "network", "batch", "last_trial",
            "criterion_met", "trials_to_criterion", "rate_accuracy", "rate_loss", "opt_scaling_factor",
            "spiking_accuracy", "mean_rate_hz");

    @Override
    public String name() {
        return "summarize";
    }

    @Override
    public String summary() {
        return "one row per model file under a folder (criterion, accuracies, factor, rate) as CSV and .mat";
    }

    static final Flag SPIKE_TRIALS = Flag.value("spike-trials", "K", "also run K fresh spiking trials per file at "
            + "its opt_scaling_factor (as spike-eval does) for spiking accuracy and mean rate, K >= 1");

    @Override
    public CliOptions options() {
        return LifOptions.of(name(), "eirnn summarize DIR [--out FILE.mat] [--spike-trials K]", "auto",
                OutputOption.described("and the same rows as CSV next to it (FILE.csv); default DIR/summary.mat"),
                () -> List.of(SPIKE_TRIALS)).positionals("the folder of model files");
    }

    /**
     * One model file's row.
     *
     * @param file    path relative to DIR
     * @param numbers the numeric columns after file and task, in {@link #COLUMNS} order
     */
    record Row(String file, String task, double[] numbers) {
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        InvalidInputException.require(a.positional().size() == 1, () -> "give one folder: eirnn summarize DIR");
        Path dir = Path.of(a.positional().get(0));
        InvalidInputException.require(Files.isDirectory(dir), () -> "'" + dir + "' is not a folder");
        int spikeTrials = a.integer(SPIKE_TRIALS, 0, 1);
        Path mat = a.has(OutputOption.OUT) ? OutputOption.path(a) : dir.resolve("summary.mat");
        String name = mat.getFileName().toString();
        Path csvFile = mat.resolveSibling((name.endsWith(".mat") ? name.substring(0, name.length() - 4) : name)
                + ".csv");
        List<Row> rows = new ArrayList<>();
        try (LifOptions.LifEngine engine = spikeTrials > 0 ? LifOptions.open(a, "auto") : null) {
            for (Path f : modelFiles(dir)) {
                Row r = row(a, dir, f, engine == null ? null : engine.simulator(), spikeTrials);
                if (r != null) {
                    rows.add(r);
                }
            }
        }
        InvalidInputException.require(!rows.isEmpty(), () -> "'" + dir + "' holds no model files");
        String csv = csv(rows);
        AtomicFiles.write(csvFile, csv.getBytes(StandardCharsets.UTF_8));
        LifMatFile.write(mat, matVariables(rows));
        System.out.print(csv);
        System.err.println("eirnn summarize: " + rows.size() + " model file(s); wrote " + csvFile + " and " + mat);
        return Main.EXIT_OK;
    }

    /** Every .mat under {@code dir}, sorted, without hidden (temporary) files and earlier summaries. */
    static List<Path> modelFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".mat") && !n.startsWith(".") && !n.equals("summary.mat");
            }).sorted().toList();
        }
    }

    /** The row of one file, or null (with a note) when it is not a model file. */
    private static Row row(Args a, Path dir, Path f, LifSimulator sim, int spikeTrials) throws IOException {
        ModelRecord m;
        try {
            m = MatModelFile.read(f).record();
        } catch (InvalidInputException e) {
            System.err.println("eirnn summarize: skipped " + f + ": " + e.getMessage());
            return null;
        }
        String task = a.string(TaskOption.TASK, m.task());
        double batch = number(m.extras(), "batch", 1);
        double met = criterionMet(task, m, (int) batch);
        ModelRecord.GridSearchResult g = m.grid();
        double opt = g == null ? Double.NaN : g.optScalingFactor();
        double spiking = gridAccuracy(g);
        double rate = Double.NaN;
        if (sim != null && task != null && Double.isFinite(opt)) {
            SpikingEvaluation.Outcome o = SpikingEvaluation.evaluate(sim, m.network(), m.initial(), new double[] {opt},
                    new SpikingEvaluation.Setup(ModelLoader.task(a, m, f), LifOptions.params(a, 1), spikeTrials,
                            SeedOption.read(a), SpikeEvalCommand.FIRST_TRIAL, a.has(LifOptions.INITIAL_WEIGHTS), 0, 1,
                            LifOptions.TRIALS_PER_LAUNCH), done -> { });
            spiking = o.accuracy()[0];
            rate = o.meanRateHz()[0];
        }
        double[] numbers = {m.network().n(), number(m.extras(), "seed", Double.NaN),
                number(m.extras(), "network", Double.NaN), batch, m.lastTrial(), met,
                met == 1 ? m.lastTrial() * batch : Double.NaN, m.evalPerfMean(), m.evalLossMean(), opt, spiking, rate};
        return new Row(dir.relativize(f).toString(), task == null ? "" : task, numbers);
    }

    /** spikeRNN's stopping rule on the file's last evaluation (1 met, 0 not, NaN when the task is unknown). */
    static double criterionMet(String task, ModelRecord m, int batch) {
        if (task == null || !Double.isFinite(m.evalLossMean())) {
            return task == null ? Double.NaN : 0;
        }
        TrainConfig rule = TrainConfig.spikeRnn(Math.max(1, m.lastTrial()), batch, 1, 0, RateNoise.SPIKERNN,
                AdamConfig.SPIKERNN);
        return rule.meetsCriterion(task, m.lastTrial(), m.evalLossMean(), m.evalPerfMean()) ? 1 : 0;
    }

    /** all_perfs at opt_scaling_factor (the grid search's spiking accuracy), NaN without a grid search. */
    static double gridAccuracy(ModelRecord.GridSearchResult g) {
        if (g == null || g.allPerfs() == null || g.scalingFactors() == null) {
            return Double.NaN;
        }
        for (int k = 0; k < g.scalingFactors().length && k < g.allPerfs().length; k++) {
            if (g.scalingFactors()[k] == g.optScalingFactor()) {
                return g.allPerfs()[k];
            }
        }
        return Double.NaN;
    }

    static double number(Map<String, Object> extras, String key, double otherwise) {
        Object v = extras == null ? null : extras.get(key);
        return v instanceof Number n ? n.doubleValue() : otherwise;
    }

    static String csv(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (Row r : rows) {
            b.append(quote(r.file())).append(',').append(quote(r.task()));
            for (double v : r.numbers()) {
                b.append(',').append(Double.isNaN(v) ? "" : v == Math.rint(v) && Math.abs(v) < 1e15
                        ? Long.toString((long) v) : Double.toString(v));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** One variable per column: file and task as char matrices (a row per file), the rest k×1 doubles. */
    static Map<String, Object> matVariables(List<Row> rows) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("file", rows.stream().map(Row::file).toArray(String[]::new));
        v.put("task", rows.stream().map(Row::task).toArray(String[]::new));
        for (int c = 2; c < COLUMNS.size(); c++) {
            int col = c - 2;
            v.put(COLUMNS.get(c), LifMatFile.Matrix.column(rows.stream().mapToDouble(r -> r.numbers()[col]).toArray()));
        }
        return v;
    }
}
