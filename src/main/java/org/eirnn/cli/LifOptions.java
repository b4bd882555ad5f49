package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.Engine;
import org.eirnn.io.ModelRecord;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifSimulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What the spiking commands (lif, grid-search, spike-eval) share: their option groups, engine and progress line. */
final class LifOptions {
    /**
     * Trials per simulator call of grid-search and spike-eval: enough work-items (256 of 16 trials) to keep a device
     * busy, few enough that progress appears every few tens of seconds on two CPU cores and that the stimuli and
     * initial voltages of a large --trials stay small on the host.
     */
    static final int TRIALS_PER_LAUNCH = 4096;

    static final Flag DOUBLE = Flag.toggle("double",
            "OpenCL in double precision (needs cl_khr_fp64); the cpu engine is always double");
    static final Flag INITIAL_WEIGHTS = Flag.toggle("initial-weights", "use w0 instead of w (use_initial_weights)");
    static final Flag SCALING_FACTOR = Flag.value("scaling-factor", "F", "scaling factor (1/lambda), > 0")
            .detail("default: the file's opt_scaling_factor");

    static final Flag CRITERION = Flag.value("criterion", "rule", "spiking criterion: reference "
            + "(lambda_grid_search.m's) or strict (a +-1 task's output must also stay clear of the other label's "
            + "threshold)").detail("default reference");

    private LifOptions() {
    }

    /** --criterion: false for the reference rule, true for the strict one. */
    static boolean strict(Args a) {
        String rule = a.string(CRITERION, "reference");
        if (!rule.equals("reference") && !rule.equals("strict")) {
            throw Args.invalid(CRITERION, rule, "reference or strict");
        }
        return rule.equals("strict");
    }

    /** The groups of every spiking command, with {@code defaultDevice} as its engine, after {@code first}. */
    static CliOptions of(String command, String usage, String defaultDevice, OptionGroup... first) {
        List<OptionGroup> groups = new ArrayList<>(List.of(first));
        groups.addAll(List.of(DeviceOption.defaultingTo(defaultDevice), () -> List.of(DOUBLE), SeedOption.GROUP,
                NoiseOptions.LIF, () -> List.of(INITIAL_WEIGHTS), TaskOption.OF_MODEL));
        return CliOptions.of(command, usage).add(groups.toArray(new OptionGroup[0]));
    }

    /** One progress line on stderr: trials done of total, rate and ETA. */
    static void progress(String command, String what, long done, long total, long startNanos) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
        System.err.printf(Locale.ROOT, "eirnn %s: %s: %d/%d trials, %.0f trials/s, %.1f s, ETA %.1f s%n",
                command, what, done, total, done / elapsed, elapsed, eta);
    }

    static LifParams params(Args a, int downsample) {
        return LifParams.spikeRnn(downsample).withNoiseSd(NoiseOptions.lifNoiseSd(a));
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

    static LifEngine open(Args a, String defaultDevice) {
        Engine engine = DeviceOption.open(a, defaultDevice, System.err);
        try {
            return new LifEngine(engine, engine.openLif(a.has(DOUBLE)));
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** --scaling-factor (> 0), NaN when not given: read before the model file, like every flag value. */
    static double givenScalingFactor(Args a) {
        return a.positive(SCALING_FACTOR, Double.NaN);
    }

    /** The factor to simulate: {@code given} (from {@link #givenScalingFactor}), else the file's opt_scaling_factor. */
    static double scalingFactor(double given, ModelRecord model, Path file) {
        if (!Double.isNaN(given)) {
            return given;
        }
        ModelRecord.GridSearchResult g = model.grid();
        InvalidInputException.require(g != null && Double.isFinite(g.optScalingFactor()), () -> file
                + " has no opt_scaling_factor: give --scaling-factor or run 'eirnn grid-search' first");
        return g.optScalingFactor();
    }
}
