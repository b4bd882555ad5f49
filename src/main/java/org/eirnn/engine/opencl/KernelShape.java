package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;

/**
 * How the rate kernels map work onto a device: {@code vectorWidth} trials share one work-group in vector lanes
 * (floatV), and each work-item owns {@code unitsPerItem} consecutive units (a multiple of 4, the units one
 * Philox call serves). Both are build-time constants of the kernels.
 */
public record KernelShape(int vectorWidth, int unitsPerItem) {

    public KernelShape {
        InvalidInputException.require(vectorWidth == 1 || vectorWidth == 2 || vectorWidth == 4 || vectorWidth == 8
                        || vectorWidth == 16,
                () -> "vector width " + vectorWidth + " is not valid: expected 1, 2, 4, 8 or 16");
        InvalidInputException.require(unitsPerItem > 0 && unitsPerItem % 4 == 0,
                () -> "units per work-item " + unitsPerItem + " is not valid: expected a positive multiple of 4");
    }

    /**
     * The default for a device. CPU devices (POCL): 16 trials in a float16 (one AVX-512 register) and the whole
     * network in one work-item, so a step needs no work-item switching at the barrier. GPUs: many work-items of
     * 4 units each and 4 trials per lane vector. Shrunk if the device's limits require.
     */
    public static KernelShape forDevice(ClDevice device, int n) {
        KernelShape preferred = device.type().equals("CPU")
                ? new KernelShape(16, roundUpTo4(n))
                : new KernelShape(4, 4);
        return preferred.fittedTo(device, n);
    }

    /** Work-items per work-group for {@code n} units. */
    public int itemsPerGroup(int n) {
        return (n + unitsPerItem - 1) / unitsPerItem;
    }

    /** Local memory of the forward kernel: r_{t−1} and r_t of the tile, and the per-item output partials. */
    public long localBytes(int n) {
        return 2L * (n + itemsPerGroup(n)) * vectorWidth * Float.BYTES;
    }

    /** This shape, with fewer lanes while local memory is short and more units per item while groups are too big. */
    public KernelShape fittedTo(ClDevice device, int n) {
        KernelShape s = this;
        while (s.itemsPerGroup(n) > device.maxWorkGroup()) {
            s = new KernelShape(s.vectorWidth, s.unitsPerItem * 2);
        }
        while (s.localBytes(n) > device.localMemBytes()) {
            if (s.vectorWidth == 1) {
                throw new OpenClException("N=" + n + " needs " + s.localBytes(n) + " bytes of local memory, more than "
                        + device.label() + " has (" + device.localMemBytes() + ")");
            }
            s = new KernelShape(s.vectorWidth / 2, s.unitsPerItem);
        }
        return s;
    }

    private static int roundUpTo4(int n) {
        return (n + 3) / 4 * 4;
    }
}
