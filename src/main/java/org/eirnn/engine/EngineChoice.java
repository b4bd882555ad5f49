package org.eirnn.engine;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.ClPlatforms;
import org.eirnn.engine.opencl.KernelShape;
import org.eirnn.engine.opencl.OpenClEngine;

import java.io.PrintStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code --device auto|cpu|opencl|opencl:P:D} to an engine. auto = the first GPU, else any OpenCL
 * device, else the CPU engine; opencl = the first GPU, else the first OpenCL device, else an error;
 * opencl:P:D = device D of platform P as {@code eirnn devices} lists them. One line on {@code log} says which.
 */
public final class EngineChoice {
    private static final Pattern EXPLICIT = Pattern.compile("opencl:(\\d{1,4}):(\\d{1,4})");

    private EngineChoice() {
    }

    public static Engine open(String device, PrintStream log) {
        return open(device, KernelShape.Choice.AUTO, log);
    }

    /** As {@link #open(String, PrintStream)}, OpenCL sessions in the kernel shape {@code shape} picks. */
    public static Engine open(String device, KernelShape.Choice shape, PrintStream log) {
        return open(device, shape, log, ClPlatforms.discover());
    }

    /** As {@link #open(String, PrintStream)} with a given device list (tests). */
    static Engine open(String device, PrintStream log, ClPlatforms.Discovery found) {
        return open(device, KernelShape.Choice.AUTO, log, found);
    }

    private static Engine open(String device, KernelShape.Choice shape, PrintStream log,
                               ClPlatforms.Discovery found) {
        String d = device == null ? "auto" : device.trim();
        Engine engine;
        if (d.equals("cpu")) {
            engine = new CpuEngine();
        } else if (d.equals("auto")) {
            ClDevice best = best(found.devices());
            if (best == null) {
                log.println("eirnn: no OpenCL device (" + found.problem() + "); using the CPU engine");
            }
            engine = best == null ? new CpuEngine() : new OpenClEngine(best, shape);
        } else if (d.equals("opencl")) {
            ClDevice best = best(found.devices());
            InvalidInputException.require(best != null, () -> "--device opencl: no OpenCL device found ("
                    + found.problem() + "); use --device cpu, or install an OpenCL driver (e.g. pocl-opencl-icd)");
            engine = new OpenClEngine(best, shape);
        } else {
            engine = new OpenClEngine(explicit(d, found), shape);
        }
        log.println("eirnn: device " + engine.description()
                + (shape == KernelShape.Choice.AUTO || engine instanceof CpuEngine ? ""
                : ", kernel shape " + shape.name().toLowerCase(java.util.Locale.ROOT)));
        return engine;
    }

    private static ClDevice best(List<ClDevice> devices) {
        return devices.stream().filter(ClDevice::isGpu).findFirst().orElse(devices.isEmpty() ? null : devices.get(0));
    }

    private static ClDevice explicit(String d, ClPlatforms.Discovery found) {
        Matcher m = EXPLICIT.matcher(d);
        if (!m.matches()) {
            throw new InvalidInputException("--device '" + d + "' is not valid: expected auto, cpu, opencl or "
                    + "opencl:P:D (platform and device numbers from 'eirnn devices')");
        }
        int p = Integer.parseInt(m.group(1));
        int dev = Integer.parseInt(m.group(2));
        return found.devices().stream().filter(x -> x.platformIndex() == p && x.deviceIndex() == dev).findFirst()
                .orElseThrow(() -> new InvalidInputException("--device '" + d + "': no such OpenCL device; "
                        + (found.found() ? "available: " + found.devices().stream().map(ClDevice::spec).toList()
                        : "none found (" + found.problem() + ")")));
    }
}
