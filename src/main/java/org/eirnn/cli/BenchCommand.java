package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.Engine;
import org.eirnn.engine.EngineChoice;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code eirnn bench}: trials/s of forward, training and LIF work for go-nogo over network sizes and trials in
 * flight, per engine, with the achieved GFLOP/s beside the device's measured matrix-multiply peak.
 */
final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure trials/s (forward, train, lif) per engine, N and trials in flight";
    }

    static List<Benchmark> benchmarks() {
        return List.of(RateBenchmarks.forward(), RateBenchmarks.train(), new LifBenchmark(), new Song2016Benchmark());
    }

    static final Flag WORK = Flag.value("work", "list", "forward,train,lif,local,song2016").detail("default: "
            + "forward,train,lif; local: the ngc-eirnn local rule, N 10 and 1,1024 networks unless --N and --in-flight "
            + "are given; song2016: one update of pycog's recipe, rdm_dense at N 100 and romo at N 500");
    static final Flag IN_FLIGHT = Flag.value("in-flight", "list", "trials in flight").detail("default 1,64,256,1024");
    static final Flag SECONDS = Flag.value("seconds", "s", "time per configuration").detail("default 3");
    static final Flag CSV = Flag.toggle("csv", "print engine,work,task,N,in_flight,trials_per_s,gflops lines");

    @Override
    public CliOptions options() {
        return CliOptions.of(name(), "eirnn bench [options]")
                .add(DeviceOption.DEVICE.detail("comma separated to measure several; default cpu,opencl when a device "
                        + "exists"), DeviceOption.KERNEL_SHAPE, WORK, NetworkOptions.N.detail("comma list; default 200,500"),
                        IN_FLIGHT, SECONDS, CSV);
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        List<String> works = split(a.string(WORK, "forward,train,lif"));
        boolean local = works.remove(LocalBench.WORK);
        Plan plan = new Plan(selected(works),
                a.positiveInts(NetworkOptions.N, "200,500"), a.positiveInts(IN_FLIGHT, "1,64,256,1024"),
                a.positive(SECONDS, 3), a.has(CSV));
        List<String> devices = a.has(DeviceOption.DEVICE) ? split(a.string(DeviceOption.DEVICE, null))
                : defaultDevices();
        PrintStream out = System.out;
        if (plan.csv()) {
            out.println("engine,work,task,N,in_flight,trials_per_s,gflops");
        }
        for (String device : devices) {
            try (Engine engine = EngineChoice.open(device, DeviceOption.shape(a), System.err)) {
                measureAll(engine, plan, out);
                if (local) {
                    LocalBench.measure(engine, a.has(NetworkOptions.N) ? plan.sizes() : new int[] {10},
                            a.has(IN_FLIGHT) ? plan.inFlight() : LocalBench.defaultNetworks(engine), plan.seconds(),
                            plan.csv(), out);
                }
            }
        }
        return Main.EXIT_OK;
    }

    /** What to measure: the benchmarks, the sizes and trials in flight of each, the time per configuration. */
    private record Plan(List<Benchmark> selected, int[] sizes, int[] inFlight, double seconds, boolean csv) {
    }

    private static List<Benchmark> selected(List<String> works) {
        List<Benchmark> selected = new ArrayList<>();
        for (String w : works) {
            selected.add(benchmarks().stream().filter(b -> b.work().equals(w)).findFirst().orElseThrow(
                    () -> new InvalidInputException("--work '" + w + "' is not valid: expected forward, train, lif, local or song2016")));
        }
        return selected;
    }

    /** Every configuration of {@code plan} on one engine, one line each (a table, or csv). */
    private static void measureAll(Engine engine, Plan plan, PrintStream out) {
        if (plan.selected().isEmpty()) {
            return;
        }
        double peak = engine.matmulPeakGflops();
        if (!plan.csv()) {
            out.printf(Locale.ROOT, "%n%s%n  matrix-multiply peak: %.1f GFLOP/s%n", engine.description(), peak);
            out.printf(Locale.ROOT, "  (GFLOP/s counts the dense work, 2·N² per trial-step forward and 6·N² "
                    + "training, as the issue defines it; kernels that skip pruned weights can exceed the peak)%n");
            out.printf(Locale.ROOT, "  %-8s %6s %10s %14s %10s %8s%n", "work", "N", "in flight", "trials/s",
                    "GFLOP/s", "of peak");
        }
        for (Benchmark b : plan.selected()) {
            for (int n : plan.sizes()) {
                for (int k : plan.inFlight()) {
                    double rate = measure(b, engine, n, k, plan.seconds());
                    double gflops = rate * b.flopsPerTrial(n) / 1e9;
                    if (plan.csv()) {
                        out.printf(Locale.ROOT, "%s,%s,go-nogo,%d,%d,%.1f,%.2f%n", engine.kind(), b.work(), n, k,
                                rate, gflops);
                    } else {
                        out.printf(Locale.ROOT, "  %-8s %6d %10d %14.1f %10.2f %7.1f%%", b.work(), n, k, rate, gflops,
                                Double.isNaN(peak) ? Double.NaN : 100 * gflops / peak);
                        if (b.neuronStepsPerTrial(n) > 0) {
                            out.printf(Locale.ROOT, "   %.3g neuron-steps/s", rate * b.neuronStepsPerTrial(n));
                        }
                        out.println();
                    }
                    out.flush();
                }
            }
        }
    }

    /** Trials per second: one warm-up batch, then batches until {@code seconds} have passed (at least one). */
    static double measure(Benchmark b, Engine engine, int n, int inFlight, double seconds) {
        try (Benchmark.Run run = b.prepare(engine, n, inFlight)) {
            run.once();
            long start = System.nanoTime();
            long batches = 0;
            double elapsed;
            do {
                run.once();
                batches++;
                elapsed = (System.nanoTime() - start) / 1e9;
            } while (elapsed < seconds);
            return batches * (double) inFlight / elapsed;
        }
    }

    /** The CPU engine, and the best OpenCL device when one can be opened. */
    private static List<String> defaultDevices() {
        List<String> devices = new ArrayList<>(List.of("cpu"));
        try (Engine e = EngineChoice.open("opencl", new PrintStream(java.io.OutputStream.nullOutputStream()))) {
            devices.add("opencl");
        } catch (RuntimeException noOpenCl) {
            System.err.println("eirnn bench: no OpenCL device (" + noOpenCl.getMessage() + "); measuring the CPU engine only");
        }
        return devices;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }
}
