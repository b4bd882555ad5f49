package org.eirnn.cli;

import org.apache.commons.cli.ParseException;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.ClPlatforms;

import java.io.PrintStream;

/** Lists the OpenCL devices (with the {@code --device} spelling that selects each) and the CPU engine. */
final class DevicesCommand implements Command {
    @Override
    public String name() {
        return "devices";
    }

    @Override
    public String summary() {
        return "list OpenCL platforms/devices and the CPU engine";
    }

    @Override
    public CliOptions options() {
        return CliOptions.of(name(), "eirnn devices   (lists the compute devices --device can select)");
    }

    @Override
    public int run(String[] args) throws ParseException {
        if (options().parse(args) == null) {
            return Main.EXIT_OK;
        }
        print(System.out, ClPlatforms.discover());
        return Main.EXIT_OK;
    }

    static void print(PrintStream out, ClPlatforms.Discovery found) {
        if (!found.found()) {
            out.println("OpenCL: none (" + found.problem() + ")");
        }
        for (ClDevice d : found.devices()) {
            out.println(d.spec() + "  " + d.name());
            out.println("    platform        " + d.platformName());
            out.println("    vendor          " + d.vendor());
            out.println("    type            " + d.type());
            out.println("    compute units   " + d.computeUnits());
            out.println("    global memory   " + mib(d.globalMemBytes()));
            out.println("    local memory    " + kib(d.localMemBytes()));
            out.println("    max allocation  " + mib(d.maxAllocBytes()));
            out.println("    fp64            " + (d.fp64() ? "yes" : "no"));
            out.println("    version         " + d.version());
        }
        out.println("cpu  " + new CpuEngine().description());
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1048576.0);
    }

    private static String kib(long bytes) {
        return String.format("%.0f KiB", bytes / 1024.0);
    }
}
