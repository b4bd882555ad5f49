package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.eirnn.InvalidInputException;
import org.eirnn.engine.Engine;
import org.eirnn.engine.EngineChoice;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
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
        return List.of(RateBenchmarks.forward(), RateBenchmarks.train(), new LifBenchmark());
    }

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("device").hasArg()
                .desc("engines to measure, comma separated: cpu, opencl, opencl:P:D (default: cpu,opencl when a device exists)").get());
        o.addOption(Option.builder().longOpt("work").hasArg().desc("forward,train,lif (default: all)").get());
        o.addOption(Option.builder().longOpt("N").hasArg().desc("network sizes (default 200,500)").get());
        o.addOption(Option.builder().longOpt("in-flight").hasArg().desc("trials in flight (default 1,64,256,1024)").get());
        o.addOption(Option.builder().longOpt("seconds").hasArg().desc("time per configuration (default 3)").get());
        o.addOption(Option.builder().longOpt("csv").desc("print engine,work,task,N,in_flight,trials_per_s,gflops lines").get());
        o.addOption(Option.builder().longOpt("help").desc("this help").get());
        return o;
    }

    @Override
    public int run(String[] args) throws Exception {
        CommandLine cl = new DefaultParser().parse(options(), args);
        if (cl.hasOption("help")) {
            new HelpFormatter().printHelp("eirnn bench", options());
            return Main.EXIT_OK;
        }
        List<String> devices = cl.hasOption("device") ? split(cl.getOptionValue("device")) : defaultDevices();
        List<String> works = split(cl.getOptionValue("work", "forward,train,lif"));
        int[] sizes = ints(cl.getOptionValue("N", "200,500"), "--N");
        int[] inFlight = ints(cl.getOptionValue("in-flight", "1,64,256,1024"), "--in-flight");
        double seconds = parsePositive(cl.getOptionValue("seconds", "3"), "--seconds");
        boolean csv = cl.hasOption("csv");
        List<Benchmark> selected = new ArrayList<>();
        for (String w : works) {
            selected.add(benchmarks().stream().filter(b -> b.work().equals(w)).findFirst().orElseThrow(
                    () -> new InvalidInputException("--work '" + w + "' is not valid: expected forward, train or lif")));
        }
        PrintStream out = System.out;
        if (csv) {
            out.println("engine,work,task,N,in_flight,trials_per_s,gflops");
        }
        for (String device : devices) {
            try (Engine engine = EngineChoice.open(device, System.err)) {
                double peak = engine.matmulPeakGflops();
                if (!csv) {
                    out.printf(Locale.ROOT, "%n%s%n  matrix-multiply peak: %.1f GFLOP/s%n", engine.description(), peak);
                    out.printf(Locale.ROOT, "  (GFLOP/s counts the dense work, 2·N² per trial-step forward and 6·N² "
                            + "training, as the issue defines it; kernels that skip pruned weights can exceed the peak)%n");
                    out.printf(Locale.ROOT, "  %-8s %6s %10s %14s %10s %8s%n", "work", "N", "in flight", "trials/s",
                            "GFLOP/s", "of peak");
                }
                for (Benchmark b : selected) {
                    for (int n : sizes) {
                        for (int k : inFlight) {
                            double rate = measure(b, engine, n, k, seconds);
                            double gflops = rate * b.flopsPerTrial(n) / 1e9;
                            if (csv) {
                                out.printf(Locale.ROOT, "%s,%s,go-nogo,%d,%d,%.1f,%.2f%n", engine.kind(), b.work(), n,
                                        k, rate, gflops);
                            } else {
                                out.printf(Locale.ROOT, "  %-8s %6d %10d %14.1f %10.2f %7.1f%%", b.work(), n, k,
                                        rate, gflops, Double.isNaN(peak) ? Double.NaN : 100 * gflops / peak);
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
        }
        return Main.EXIT_OK;
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

    private static int[] ints(String s, String flag) {
        try {
            int[] v = Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            for (int x : v) {
                if (x <= 0) {
                    throw new NumberFormatException();
                }
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag + " '" + s + "' is not valid: expected positive integers separated by commas");
        }
    }

    private static double parsePositive(String s, String flag) {
        try {
            double v = Double.parseDouble(s);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException(flag + " '" + s + "' is not valid: expected a positive number");
    }
}
