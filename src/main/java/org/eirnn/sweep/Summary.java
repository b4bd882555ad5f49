package org.eirnn.sweep;

import org.eirnn.io.AtomicFiles;
import org.eirnn.io.MatResults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of all jobs: summary.csv (every column) and summary.mat (the numeric columns, one n×1 double each,
 * named as in the CSV with '-' spelled '_'; state as a code: 0 pending, 1 running, 2 done, 3 failed), with a
 * {@code kept} column from the --keep filter (1 for a done job that meets it). Columns: job, state, the grid's
 * flags (a flag with several values, such as decay_taus 4 20, as decay_taus_1, decay_taus_2), the ensemble it trained
 * in (launch, ensemble_seed, ensemble_networks, network), the result (tr, criterion_met, eval_perf_mean,
 * eval_loss_mean, opt_scaling_factor, grid_best_perf, spiking_accuracy, firing_rate_hz), the launch's training wall
 * time (shared by its networks), the post-training wall time, the engine that trained it (trained_on), the
 * --device it was given and the model file.
 */
public final class Summary {
    private static final List<String> STATES = List.of(JobStore.PENDING, JobStore.RUNNING, JobStore.DONE,
            JobStore.FAILED);

    private final List<String> columns;
    private final List<Map<String, Object>> rows;

    private Summary(List<String> columns, List<Map<String, Object>> rows) {
        this.columns = columns;
        this.rows = rows;
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** Builds the table from the jobs' status files and applies the filter. */
    public static Summary of(JobStore store, KeepFilter keep) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (Grid.Job j : store.plan().jobs()) {
            Map<String, Object> row = row(store.status(j.index()));
            rows.add(row);
            columns.addAll(row.keySet());
        }
        List<String> cols = new ArrayList<>(columns);
        keep.check(cols);
        for (Map<String, Object> row : rows) {
            boolean kept = JobStore.DONE.equals(row.get("state")) && keep.keeps(c -> number(row.get(c)));
            row.put("kept", kept ? 1 : 0);
        }
        cols.add("kept");
        return new Summary(cols, rows);
    }

    private static Map<String, Object> row(Map<String, Object> s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("job", s.get("job"));
        row.put("state", s.get("state"));
        @SuppressWarnings("unchecked")
        Map<String, List<Object>> flags = (Map<String, List<Object>>) s.get("flags");
        for (Map.Entry<String, List<Object>> f : flags.entrySet()) {
            List<Object> v = f.getValue();
            for (int i = 0; i < v.size(); i++) {
                row.put(v.size() == 1 ? f.getKey() : f.getKey() + "_" + (i + 1), v.get(i));
            }
        }
        for (String k : List.of("launch", "ensemble_seed", "ensemble_networks", "network")) {
            row.put(k, s.get(k));
        }
        Object result = s.get("result");
        for (String k : List.of("tr", "criterion_met", "eval_perf_mean", "eval_loss_mean", "opt_scaling_factor",
                "grid_best_perf", "spiking_accuracy", "firing_rate_hz", "trained_on")) {
            row.put(k, result instanceof Map<?, ?> m ? m.get(k) : null);
        }
        for (String k : List.of("train_wall_s", "post_wall_s", "device", "model", "error")) {
            row.put(k, s.get(k));
        }
        return row;
    }

    /** Columns whose every present value reads as a number (true/false as 1/0). */
    private static List<String> numericColumns(List<String> cols, List<Map<String, Object>> rows) {
        List<String> out = new ArrayList<>();
        for (String c : cols) {
            boolean numeric = rows.stream().allMatch(r -> r.get(c) == null || !Double.isNaN(number(r.get(c)))
                    || "NaN".equals(String.valueOf(r.get(c))));
            boolean any = rows.stream().anyMatch(r -> r.get(c) != null);
            if (numeric && any || c.equals("state")) {
                out.add(c);
            }
        }
        return out;
    }

    static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (v instanceof String s) {
            int state = STATES.indexOf(s);
            if (state >= 0) {
                return state;
            }
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** Writes summary.csv and summary.mat into {@code dir}. */
    public void write(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Object> row : rows) {
            for (int i = 0; i < columns.size(); i++) {
                Object v = row.get(columns.get(i));
                csv.append(i > 0 ? "," : "").append(v == null ? "" : csvField(v.toString()));
            }
            csv.append('\n');
        }
        AtomicFiles.write(dir.resolve("summary.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        List<MatResults.Variable> vars = new ArrayList<>();
        for (String c : numericColumns(columns, rows)) {
            double[] col = rows.stream().mapToDouble(r -> number(r.get(c))).toArray();
            vars.add(new MatResults.Variable(c.replace('-', '_'), new int[] {rows.size(), 1}, col));
        }
        MatResults.write(dir.resolve("summary.mat"), vars);
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
