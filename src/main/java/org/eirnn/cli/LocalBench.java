package org.eirnn.cli;

import org.eirnn.engine.Engine;
import org.eirnn.engine.opencl.OpenClEngine;
import org.eirnn.local.CpuLocalRule;
import org.eirnn.local.LocalEngine;
import org.eirnn.local.LocalEnsemble;
import org.eirnn.local.NgcSpec;
import org.eirnn.local.OpenClLocalRule;
import org.eirnn.task.ForecastTask;

import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code eirnn bench --work local}: the ngc-learn EI-RNN's local rule on the forecast task (the sine, 999 steps),
 * 40 training passes of K independent networks (own seeds) in one call, which on OpenCL is one kernel launch.
 * Reports the seconds of one call, networks/s, and the speed-up over running the K networks one at a time
 * (K × the time of one network on the same engine). The kernel is built and run once before timing.
 */
final class LocalBench {
    static final String WORK = "local";
    static final int PASSES = 40;
    private static final long SEED = 1;

    private LocalBench() {
    }

    /** Default networks per call: 1 and 1024 on OpenCL, 1 and 64 on the CPU reference (about 0.4 s a network). */
    static int[] defaultNetworks(Engine engine) {
        return engine instanceof OpenClEngine ? new int[] {1, 1024} : new int[] {1, 64};
    }

    static void measure(Engine engine, int[] sizes, int[] networks, double seconds, boolean csv, PrintStream out) {
        ForecastTask task = ForecastTask.sine();
        try (LocalEngine rule = engine instanceof OpenClEngine cl ? new OpenClLocalRule(cl.device(), false)
                : new CpuLocalRule()) {
            if (!csv) {
                out.printf(Locale.ROOT, "%n%s: local rule, forecast sine, %d passes x %d steps per call%n",
                        rule.description(), PASSES, task.steps());
                out.printf(Locale.ROOT, "  %-6s %6s %9s %12s %12s %12s %14s%n", "work", "N", "networks",
                        "s per call", "cpu s/call", "networks/s", "vs one-by-one");
            }
            for (int n : sizes) {
                double[] one = time(rule, n, 1, task, seconds);
                for (int k : networks) {
                    double[] t = k == 1 ? one : time(rule, n, k, task, 0);
                    double speedUp = k * one[0] / t[0];
                    if (csv) {
                        out.printf(Locale.ROOT, "%s,%s,forecast,%d,%d,%.3f,%.2f%n", engine.kind(), WORK, n, k,
                                k / t[0], speedUp);
                    } else {
                        out.printf(Locale.ROOT, "  %-6s %6d %9d %12.3f %12.3f %12.1f %13.1fx%n", WORK, n, k, t[0], t[1],
                                k / t[0], speedUp);
                    }
                    out.flush();
                }
            }
        }
    }

    /**
     * Wall and process CPU seconds of one call of {@code k} networks: after a warm-up, the mean of calls until
     * {@code seconds} passed (the CPU time shows what a loaded machine hides; it includes POCL's threads).
     */
    private static double[] time(LocalEngine rule, int n, int k, ForecastTask task, double seconds) {
        NgcSpec spec = NgcSpec.of(n, Math.round(n * 0.2f), 1, 0.1, 0.1, org.eirnn.local.LocalNoise.CONTINUOUS, 0.1,
                40, 2e-4);
        LocalEnsemble start = LocalEnsemble.initial(spec, k, SEED);
        rule.run(start.copy(), task, SEED, 0, 1, true);
        long begin = System.nanoTime();
        long cpu = processCpuNanos();
        int calls = 0;
        double elapsed;
        do {
            rule.run(start.copy(), task, SEED, 0, PASSES, true);
            calls++;
            elapsed = (System.nanoTime() - begin) / 1e9;
        } while (elapsed < seconds);
        return new double[] {elapsed / calls, (processCpuNanos() - cpu) / 1e9 / calls};
    }

    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
