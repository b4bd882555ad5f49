package org.eirnn.check;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.KernelShape;

import java.util.List;
import java.util.Locale;

/**
 * Which kernel shape the rate checks run in: the device's default ({@link KernelShape#forDevice}), or the CPU or
 * GPU shape forced on any device, so that both are checked on POCL before a GPU runs them.
 */
public enum ShapeChoice {
    AUTO, CPU, GPU;

    /** The shape for a session of {@code networks} × {@code trialsPerNetwork} trials of N units on {@code device}. */
    public KernelShape shape(ClDevice device, int n, int networks, int trialsPerNetwork) {
        return switch (this) {
            case AUTO -> KernelShape.forDevice(device, n, networks, trialsPerNetwork);
            case CPU -> KernelShape.cpuShape(device, n, networks, trialsPerNetwork);
            case GPU -> KernelShape.gpuShape(device, n);
        };
    }

    /** "cpu 16x2/104": the choice, then lanes × vectors per work-item / units per work-item. */
    public String label(KernelShape s) {
        return name().toLowerCase(Locale.ROOT) + " " + s.vectorWidth() + "x" + s.vectorsPerItem() + "/"
                + s.unitsPerItem();
    }

    /** {@code --shape auto|cpu|gpu|both}; both = cpu then gpu. */
    public static List<ShapeChoice> parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> List.of(AUTO);
            case "cpu" -> List.of(CPU);
            case "gpu" -> List.of(GPU);
            case "both" -> List.of(CPU, GPU);
            default -> throw new InvalidInputException("--shape '" + value
                    + "' is not valid: expected auto, cpu, gpu or both");
        };
    }
}
