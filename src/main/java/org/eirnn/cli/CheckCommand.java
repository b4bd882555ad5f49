package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.check.CheckRow;
import org.eirnn.check.DeviceCheck;
import org.eirnn.check.ShapeChoice;
import org.eirnn.engine.Engine;
import org.eirnn.engine.EngineChoice;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.ClPlatforms;
import org.eirnn.engine.opencl.KernelSources;
import org.eirnn.engine.opencl.OpenClEngine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code eirnn check}: builds every kernel on each OpenCL device and compares small seeded problems (forward and
 * training with noise on, LIF with the noise off) with the CPU reference, one table per device. Exit status 1 when
 * any row fails or no OpenCL device exists.
 */
final class CheckCommand implements Command {
    private static final String ROW = "  %-26s %-15s %9s %9s  %-33s %-6s %7s%n";

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "check the OpenCL kernels on each device against the CPU reference";
    }

    private static final Flag DEVICE = DeviceOption.DEVICE.detail("here all OpenCL devices, opencl or opencl:P:D; "
            + "default all");
    private static final Flag SHAPE = Flag.value("shape", "S",
            "kernel shapes: both, auto, cpu or gpu").detail("default both");
    private static final Flag KERNEL_SHAPE = DeviceOption.KERNEL_SHAPE.detail("here the same as --shape (one "
            + "shape; --shape also takes both)");

    @Override
    public CliOptions options() {
        return CliOptions.of(name(), "eirnn check [--device all|opencl|opencl:P:D] [--shape both|auto|cpu|gpu]")
                .add(DEVICE, SHAPE, KERNEL_SHAPE).add(SeedOption.GROUP);
    }

    @Override
    public int run(String[] args) throws Exception {
        return run(args, System.out, System.err);
    }

    int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        InvalidInputException.require(!(a.has(SHAPE) && a.has(KERNEL_SHAPE)),
                () -> "--shape and --kernel-shape name the same thing here: give one");
        List<ShapeChoice> shapes = a.has(KERNEL_SHAPE) ? List.of(ShapeChoice.valueOf(DeviceOption.shape(a).name()))
                : ShapeChoice.parse(a.string(SHAPE, "both"));
        long seed = SeedOption.read(a);
        List<ClDevice> devices = devices(a.string(DEVICE, "all"));
        if (devices.isEmpty()) {
            err.println("eirnn check: no OpenCL device (" + ClPlatforms.discover().problem() + "); nothing to check");
            return Main.EXIT_FAILURE;
        }
        String override = System.getProperty(KernelSources.OVERRIDE_PROPERTY);
        if (override != null) {
            err.println("eirnn check: note: kernel files in " + override + " replace the packaged ones of the same name");
        }
        DeviceCheck check = new DeviceCheck(seed);
        int failedDevices = 0;
        for (ClDevice d : devices) {
            header(out, d);
            List<CheckRow> rows = check.run(d, shapes, row -> printRow(out, row));
            failedDevices += footer(out, d, rows.stream().filter(CheckRow::failed).toList()) ? 0 : 1;
        }
        out.println(failedDevices == 0 ? "check: every kernel passed on " + devices.size() + " device(s)"
                : "check: FAILED on " + failedDevices + " of " + devices.size() + " device(s)");
        return failedDevices == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** all: every device found; otherwise the one device --device names (opencl, opencl:P:D). */
    private static List<ClDevice> devices(String spec) {
        if (spec.trim().equals("all")) {
            return ClPlatforms.discover().devices();
        }
        InvalidInputException.require(!spec.trim().equals("cpu") && !spec.trim().equals("auto"), () -> "--device '"
                + spec + "' is not valid here: expected all, opencl or opencl:P:D (check compares OpenCL devices "
                + "with the CPU reference)");
        try (Engine engine = EngineChoice.open(spec, new PrintStream(OutputStream.nullOutputStream()))) {
            return List.of(((OpenClEngine) engine).device());
        }
    }

    /** After a device's rows: each failure's detail (a build log in full), then a verdict; true when none failed. */
    private static boolean footer(PrintStream out, ClDevice d, List<CheckRow> failures) {
        for (CheckRow f : failures) {
            out.println("  FAIL " + f.kernel() + " [" + f.shape() + "]: " + f.detail().replace("\n", "\n      "));
        }
        out.println(failures.isEmpty() ? "  " + d.spec() + ": all passed" : "  " + d.spec() + ": " + failures.size()
                + " FAILED");
        out.println();
        return failures.isEmpty();
    }

    private static void header(PrintStream out, ClDevice d) {
        out.println(d.label() + "  (" + d.version() + ", fp64 " + (d.fp64() ? "yes" : "no") + ")");
        out.printf(Locale.ROOT, ROW, "kernel", "shape", "max abs", "rel", "tolerance", "result", "time s");
    }

    private static void printRow(PrintStream out, CheckRow r) {
        out.printf(Locale.ROOT, ROW, r.kernel(), r.shape(), number(r.diff().maxAbs()), number(r.diff().rel()),
                r.tolerance(), r.result().name().toLowerCase(Locale.ROOT).replace("fail", "FAIL"),
                String.format(Locale.ROOT, "%.2f", r.seconds()));
        out.flush();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }
}
