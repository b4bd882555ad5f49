package org.eirnn.sweep;

import org.eirnn.engine.AdamConfig;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.RateNoise;
import org.eirnn.train.TrainConfig;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one launch of a sweep: {@code train} in this process with the pack's flags, {@code --seed S --networks K
 * --output_dir packs/pack_P} (with {@code --resume} when the launch left a checkpoint, so networks that had already
 * stopped are not trained again), then moves network k's model file into job k's folder under its spikeRNN name (the
 * {@code _net<k>} suffix dropped), runs the grid search and spike-eval on it when the grid asks, and marks the job
 * done with its result. The commands' output goes to {@code packs/pack_P/log.txt}.
 */
public final class LaunchRunner {
    /** Runs an eirnn command line in this process with the given standard streams; returns its exit status. */
    @FunctionalInterface
    public interface Commands {
        int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
    }

    private static final Pattern SPIKE_EVAL = Pattern.compile(
            "spiking accuracy ([0-9.eE+-]+|NaN)(?: \\[[^]]*])? over \\d+ trials \\(mean rate ([0-9.eE+-]+|NaN) Hz");

    private final JobStore store;
    private final Commands commands;

    public LaunchRunner(JobStore store, Commands commands) {
        this.store = store;
        this.commands = commands;
    }

    /** Runs a claimed launch on {@code device}; every job of it ends done or failed. */
    public void run(SweepPlan.Pack pack, String device) throws IOException {
        Path packDir = store.dir().resolve("packs").resolve(pack.folder());
        Files.createDirectories(packDir);
        try (PrintStream log = new PrintStream(new FileOutputStream(packDir.resolve("log.txt").toFile(), true), true,
                StandardCharsets.UTF_8)) {
            log.println("== " + Instant.now() + " launch " + pack.index() + " on " + device + " (pid "
                    + ProcessHandle.current().pid() + ")");
            List<Integer> todo = pack.jobs().stream()
                    .filter(j -> !JobStore.state(store.status(j)).equals(JobStore.DONE)).toList();
            long start = System.nanoTime();
            int rc = needsTraining(todo) ? train(pack, packDir, device, log) : 0;
            Optional<Path> checkpoint = find(packDir, ".checkpoint");
            if (rc == 0 && checkpoint.isPresent() && !missing(pack, todo, packDir).isEmpty()) {
                log.println("eirnn sweep: the launch's checkpoint says it finished, but the model files of jobs "
                        + missing(pack, todo, packDir) + " are gone: training the launch again from the start");
                Files.delete(checkpoint.get());
                rc = train(pack, packDir, device, log);
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            for (int job : todo) {
                finishJob(pack, job, packDir, device, rc, trainSeconds, log);
            }
        }
        store.locked(() -> {
            store.writeManifest();
            return null;
        });
    }

    private boolean needsTraining(List<Integer> jobs) throws IOException {
        for (int job : jobs) {
            if (collectedModel(job).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Jobs whose model file is neither in their folder nor in the launch's folder. */
    private List<Integer> missing(SweepPlan.Pack pack, List<Integer> jobs, Path packDir) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int job : jobs) {
            if (collectedModel(job).isEmpty() && find(packDir, suffix(pack, job)).isEmpty()) {
                out.add(job);
            }
        }
        return out;
    }

    private static String suffix(SweepPlan.Pack pack, int job) {
        return pack.jobs().size() > 1 ? "_net" + pack.networkOf(job) + ".mat" : ".mat";
    }

    private int train(SweepPlan.Pack pack, Path packDir, String device, PrintStream log) throws IOException {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(store.plan().job(pack.jobs().get(0)).trainArgs(pack.seed()));
        args.addAll(List.of("--networks", Integer.toString(pack.jobs().size()), "--output_dir", packDir.toString(),
                "--device", device));
        if (find(packDir, ".checkpoint").isPresent()) {
            args.add("--resume");
        }
        log.println("$ eirnn " + String.join(" ", args));
        return command(args, log, log);
    }

    private int command(List<String> args, PrintStream out, PrintStream err) {
        try {
            return commands.run(args, out, err);
        } catch (Exception e) {
            err.println("eirnn sweep: " + args.get(0) + " failed: " + e);
            return 1;
        }
    }

    private void finishJob(SweepPlan.Pack pack, int job, Path packDir, String device, int trainRc,
                           double trainSeconds, PrintStream log) throws IOException {
        Map<String, Object> s = store.status(job);
        s.put("train_wall_s", round(trainSeconds));
        try {
            Optional<Path> model = collect(pack, job, packDir);
            if (model.isEmpty()) {
                fail(job, s, "training failed (exit status " + trainRc + "); see " + store.dir().relativize(
                        packDir.resolve("log.txt")));
                return;
            }
            long postStart = System.nanoTime();
            Map<String, Object> result = result(job, model.get());
            String postError = postTraining(model.get(), device, result, log);
            s.put("post_wall_s", round((System.nanoTime() - postStart) / 1e9));
            s.put("model", store.dir().relativize(model.get()).toString());
            s.put("result", result);
            if (postError != null) {
                fail(job, s, postError);
                return;
            }
            s.put("state", JobStore.DONE);
            s.put("finished", Instant.now().toString());
            store.write(job, s);
        } catch (IOException | RuntimeException e) {
            fail(job, s, e.toString());
        }
    }

    private void fail(int job, Map<String, Object> s, String error) throws IOException {
        s.put("state", JobStore.FAILED);
        s.put("error", error);
        s.put("finished", Instant.now().toString());
        store.write(job, s);
    }

    /** The job's model file: already in its folder, or network k's file of the launch moved there. */
    private Optional<Path> collect(SweepPlan.Pack pack, int job, Path packDir) throws IOException {
        Optional<Path> done = collectedModel(job);
        if (done.isPresent()) {
            return done;
        }
        String suffix = suffix(pack, job);
        Optional<Path> made = find(packDir, suffix);
        if (made.isEmpty()) {
            return made;
        }
        Path rel = packDir.relativize(made.get());
        String name = rel.getFileName().toString();
        Path target = store.jobDir(job).resolve(rel).resolveSibling(pack.jobs().size() > 1
                ? name.substring(0, name.length() - suffix.length()) + ".mat" : name);
        Files.createDirectories(target.getParent());
        Files.move(made.get(), target, StandardCopyOption.ATOMIC_MOVE);
        return Optional.of(target);
    }

    private Optional<Path> collectedModel(int job) throws IOException {
        return find(store.jobDir(job).resolve("models"), ".mat");
    }

    private static Optional<Path> find(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)
                    && !p.getFileName().toString().startsWith(".")).sorted().findFirst();
        }
    }

    /** What the model file says: trials to the stop, whether the criterion was met, the rate evaluation. */
    private Map<String, Object> result(int job, Path model) throws IOException {
        ModelRecord r = MatModelFile.read(model).record();
        Map<String, List<String>> flags = store.plan().job(job).flags();
        long nTrials = Long.parseLong(flags.getOrDefault("n_trials", List.of("5000")).get(0));
        int batch = Integer.parseInt(flags.getOrDefault("batch", List.of("1")).get(0));
        TrainConfig cfg = TrainConfig.spikeRnn(nTrials, batch, 1, 0, RateNoise.SPIKERNN, AdamConfig.SPIKERNN);
        long tr = r.lastTrial();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tr", tr);
        m.put("criterion_met", cfg.evaluatesAt(tr) && cfg.meetsCriterion(r.task(), tr, r.evalLossMean(),
                r.evalPerfMean()));
        m.put("eval_perf_mean", r.evalPerfMean());
        m.put("eval_loss_mean", r.evalLossMean());
        m.put("trained_on", String.valueOf(r.extras().get("device")));
        return m;
    }

    /** Grid search and spike-eval as the grid asks; null on success, else what failed. */
    private String postTraining(Path model, String device, Map<String, Object> result, PrintStream log)
            throws IOException {
        Grid.PostTraining post = store.plan().post();
        if (post.gridSearch()) {
            List<String> args = new ArrayList<>(List.of("grid-search", "--model", model.toString(), "--device",
                    device));
            addIf(args, "--trials", post.gridSearchTrials());
            addIf(args, "--factors", post.gridSearchFactors());
            log.println("$ eirnn " + String.join(" ", args));
            int rc = command(args, log, log);
            ModelRecord.GridSearchResult g = MatModelFile.read(model).record().grid();
            if (rc != 0 || g == null) {
                return "grid-search failed (exit status " + rc + "); see the launch's log.txt";
            }
            result.put("opt_scaling_factor", g.optScalingFactor());
            result.put("grid_best_perf", max(g.allPerfs()));
        }
        if (post.spikeEval()) {
            List<String> args = new ArrayList<>(List.of("spike-eval", "--model", model.toString(), "--device",
                    device));
            addIf(args, "--trials", post.spikeEvalTrials());
            log.println("$ eirnn " + String.join(" ", args));
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int rc;
            try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
                rc = command(args, out, log);
            }
            String text = captured.toString(StandardCharsets.UTF_8);
            log.print(text);
            Matcher m = SPIKE_EVAL.matcher(text);
            if (rc != 0 || !m.find()) {
                return "spike-eval failed (exit status " + rc + "); see the launch's log.txt";
            }
            result.put("spiking_accuracy", Double.parseDouble(m.group(1)));
            result.put("firing_rate_hz", Double.parseDouble(m.group(2)));
        }
        return null;
    }

    private static void addIf(List<String> args, String flag, Object value) {
        if (value != null) {
            args.add(flag);
            args.add(value.toString());
        }
    }

    private static double max(double[] a) {
        double m = Double.NaN;
        for (double v : a) {
            m = Double.isNaN(m) ? v : Math.max(m, v);
        }
        return m;
    }

    private static double round(double seconds) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3f", seconds));
    }
}
