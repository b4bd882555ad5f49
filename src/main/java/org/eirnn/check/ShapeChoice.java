package org.eirnn.check;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.opencl.KernelShape;

import java.util.List;
import java.util.Locale;

/**
 * Which kernel shape the checks run in: the device's default ({@link KernelShape#forDevice}), or the CPU or GPU
 * shape forced on any device ({@link KernelShape.Choice}), so that both are checked on POCL before a GPU runs them.
 */
public enum ShapeChoice {
    AUTO, CPU, GPU;

    /** The engine's choice this stands for. */
    public KernelShape.Choice kernelChoice() {
        return KernelShape.Choice.valueOf(name());
    }

    /** "cpu 16x2/104", "gpu 4x1/4 x2 w32": the choice, then {@link KernelShape#label()}. */
    public String label(KernelShape s) {
        return name().toLowerCase(Locale.ROOT) + " " + s.label();
    }

    /** {@code --shape auto|cpu|gpu|both}; both = cpu then gpu. */
    public static List<ShapeChoice> parse(String value) {
        if (value.trim().equalsIgnoreCase("both")) {
            return List.of(CPU, GPU);
        }
        try {
            return List.of(valueOf(KernelShape.Choice.parse(value, "--shape").name()));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--shape '" + value + "' is not valid: expected auto, cpu, gpu or both");
        }
    }
}
