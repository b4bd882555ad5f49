package org.eirnn.sweep;

import org.eirnn.InvalidInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's grid file: a JSON object whose keys are {@code train} flags without the dashes (each value a value or a
 * list of values; the jobs are their Cartesian product, the first key varying slowest) and a few sweep keys that
 * ask for work after training ({@link PostTraining}). {@code decay_taus} takes a number or a list of numbers as one
 * value, so several values are a list of lists. Without a {@code seed} key job i gets seed i.
 *
 * @param jobs the jobs, numbered from 1
 * @param post what runs after each job's training
 */
public record Grid(List<Job> jobs, PostTraining post) {

    /** Train flags a grid may not set: the sweep sets them itself. */
    public static final Set<String> RESERVED = Set.of("output_dir", "networks", "resume", "mode", "out",
            "help", "device", "gpu", "gpu_frac");

    /**
     * One job: its number and its train flags (flag → argument values, in grid order; seed always present).
     */
    public record Job(int index, Map<String, List<String>> flags) {
        /** The job's folder name: job_0001, … */
        public String folder() {
            return String.format("job_%04d", index);
        }

        public long seed() {
            return Long.parseLong(flags.get("seed").get(0));
        }

        /** Everything but the seed: jobs with the same shape can train as one ensemble. */
        public Map<String, List<String>> shape() {
            Map<String, List<String>> s = new LinkedHashMap<>(flags);
            s.remove("seed");
            return s;
        }

        /** The train arguments of these flags (--flag value ...), the seed replaced by {@code seed}. */
        public List<String> trainArgs(long seed) {
            List<String> args = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : flags.entrySet()) {
                args.add("--" + e.getKey());
                args.addAll(e.getKey().equals("seed") ? List.of(Long.toString(seed)) : e.getValue());
            }
            return args;
        }
    }

    /**
     * What runs after training: a λ grid search (grid-search, optionally with its trials and factors) and a spiking
     * evaluation at the chosen factor (spike-eval with its trials).
     */
    public record PostTraining(boolean gridSearch, Integer gridSearchTrials, String gridSearchFactors,
                               boolean spikeEval, Integer spikeEvalTrials) {
        static final Set<String> KEYS = Set.of("grid_search", "grid_search_trials", "grid_search_factors",
                "spike_eval", "spike_eval_trials");
    }

    /** Expands a parsed grid; {@code trainFlags} are the flags {@code train} accepts (without dashes). */
    public static Grid expand(Object parsed, Set<String> trainFlags, String source) {
        InvalidInputException.require(parsed instanceof Map, () -> source + ": expected a JSON object of train flags");
        @SuppressWarnings("unchecked")
        Map<String, Object> grid = (Map<String, Object>) parsed;
        Map<String, List<List<String>>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : grid.entrySet()) {
            String key = e.getKey();
            if (PostTraining.KEYS.contains(key)) {
                continue;
            }
            InvalidInputException.require(!RESERVED.contains(key), () -> source + ": key \"" + key
                    + "\" is set by the sweep itself (use the sweep's own options)");
            InvalidInputException.require(trainFlags.contains(key), () -> source + ": key \"" + key
                    + "\" is not a train flag nor a sweep key; expected one of " + new java.util.TreeSet<>(trainFlags)
                    + " or " + new java.util.TreeSet<>(PostTraining.KEYS));
            axes.put(key, values(key, e.getValue(), source));
        }
        InvalidInputException.require(axes.containsKey("task"), () -> source + ": key \"task\" is required");
        List<Job> jobs = new ArrayList<>();
        product(new ArrayList<>(axes.entrySet()), 0, new LinkedHashMap<>(), jobs);
        return new Grid(jobs, post(grid, source));
    }

    private static void product(List<Map.Entry<String, List<List<String>>>> axes, int at,
                                Map<String, List<String>> chosen, List<Job> out) {
        if (at == axes.size()) {
            Map<String, List<String>> flags = new LinkedHashMap<>(chosen);
            int index = out.size() + 1;
            flags.putIfAbsent("seed", List.of(Integer.toString(index)));
            out.add(new Job(index, flags));
            return;
        }
        Map.Entry<String, List<List<String>>> axis = axes.get(at);
        for (List<String> v : axis.getValue()) {
            chosen.put(axis.getKey(), v);
            product(axes, at + 1, chosen, out);
        }
        chosen.remove(axis.getKey());
    }

    /** The values of one key, each as its argument list. */
    private static List<List<String>> values(String key, Object v, String source) {
        List<List<String>> out = new ArrayList<>();
        boolean multiArg = key.equals("decay_taus");
        if (v instanceof List<?> list && !(multiArg && list.stream().noneMatch(x -> x instanceof List))) {
            InvalidInputException.require(!list.isEmpty(), () -> source + ": key \"" + key
                    + "\" has an empty list: expected at least one value");
            for (Object item : list) {
                out.add(value(key, item, multiArg, source));
            }
        } else {
            out.add(value(key, v, multiArg, source));
        }
        return out;
    }

    private static List<String> value(String key, Object v, boolean multiArg, String source) {
        if (multiArg && v instanceof List<?> l) {
            InvalidInputException.require(!l.isEmpty() && l.size() <= 2, () -> source + ": key \"" + key
                    + "\": expected one tau or [min, max]");
            List<String> args = new ArrayList<>();
            for (Object x : l) {
                args.add(scalar(key, x, source));
            }
            return args;
        }
        return List.of(scalar(key, v, source));
    }

    static String scalar(String key, Object v, String source) {
        if (v instanceof BigDecimal d) {
            BigDecimal plain = d.stripTrailingZeros();
            return plain.scale() <= 0 ? plain.toBigIntegerExact().toString() : plain.toPlainString();
        }
        if (v instanceof String || v instanceof Boolean) {
            return v.toString();
        }
        throw new InvalidInputException(source + ": key \"" + key + "\": expected a number, string or boolean"
                + (v instanceof List ? " (lists of lists only for decay_taus)" : "") + ", found "
                + (v == null ? "null" : v instanceof List ? "a list" : "an object"));
    }

    private static PostTraining post(Map<String, Object> grid, String source) {
        return new PostTraining(bool(grid, "grid_search", source), count(grid, "grid_search_trials", source),
                grid.containsKey("grid_search_factors") ? scalar("grid_search_factors",
                        grid.get("grid_search_factors"), source) : null,
                bool(grid, "spike_eval", source), count(grid, "spike_eval_trials", source));
    }

    private static boolean bool(Map<String, Object> grid, String key, String source) {
        Object v = grid.get(key);
        InvalidInputException.require(v == null || v instanceof Boolean, () -> source + ": key \"" + key
                + "\": expected true or false (one value, not swept)");
        return Boolean.TRUE.equals(v);
    }

    private static Integer count(Map<String, Object> grid, String key, String source) {
        Object v = grid.get(key);
        if (v == null) {
            return null;
        }
        boolean ok = v instanceof BigDecimal d && d.signum() > 0 && d.stripTrailingZeros().scale() <= 0
                && d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
        InvalidInputException.require(ok, () -> source + ": key \"" + key + "\": expected a positive integer "
                + "(one value, not swept)");
        return ((BigDecimal) v).intValueExact();
    }
}
