package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;

/**
 * How the rate kernels map work onto a device. A work-group runs one tile of {@link #trialsPerTile()} trials of
 * one network; each work-item holds {@code vectorsPerItem} vectors of {@code vectorWidth} trials (floatV lanes)
 * for {@code unitsPerItem} consecutive units (a multiple of 4, the units one Philox call serves). All three are
 * build-time constants of the kernels.
 */
public record KernelShape(int vectorWidth, int vectorsPerItem, int unitsPerItem) {

    public KernelShape {
        InvalidInputException.require(vectorWidth == 1 || vectorWidth == 2 || vectorWidth == 4 || vectorWidth == 8
                        || vectorWidth == 16,
                () -> "vector width " + vectorWidth + " is not valid: expected 1, 2, 4, 8 or 16");
        InvalidInputException.require(vectorsPerItem >= 1 && vectorsPerItem <= 8,
                () -> "vectors per work-item " + vectorsPerItem + " is not valid: expected 1 to 8");
        InvalidInputException.require(unitsPerItem > 0 && unitsPerItem % 4 == 0,
                () -> "units per work-item " + unitsPerItem + " is not valid: expected a positive multiple of 4");
    }

    /**
     * The default for a device and a batch of {@code networks} × {@code trialsPerNetwork} trials of N units.
     *
     * <p>CPU devices (POCL): 16 trials per float16 and the whole network in one work-item (no work-item switching
     * at the barrier). Each weight loaded in the recurrent sum serves every vector of the item, so more vectors per
     * item are cheaper per trial (measured on 2 AVX-512 cores, N=200 go-nogo: 1 vector 13.7k, 2 vectors 15.8k,
     * 4 vectors 18.3k trials per CPU-second pair), but a tile only pays off when it is full and there must be
     * enough tiles to keep every compute unit busy: the most vectors (up to 4) that still give two tiles per
     * compute unit and do not exceed the network's trials.
     *
     * <p>GPUs (untested so far): many work-items of 4 units each and 4 trials per vector. Shrunk if the device's
     * limits require.
     */
    public static KernelShape forDevice(ClDevice device, int n, int networks, int trialsPerNetwork) {
        return device.type().equals("CPU") ? cpuShape(device, n, networks, trialsPerNetwork) : gpuShape(device, n);
    }

    /** The GPU shape of {@link #forDevice}, on any device ({@code eirnn check --shape gpu} forces it). */
    public static KernelShape gpuShape(ClDevice device, int n) {
        return new KernelShape(4, 1, 4).fittedTo(device, n);
    }

    /** The CPU shape of {@link #forDevice}, on any device ({@code eirnn check --shape cpu} forces it). */
    public static KernelShape cpuShape(ClDevice device, int n, int networks, int trialsPerNetwork) {
        int vectors = 4;
        while (vectors > 1 && (16 * (vectors / 2) >= trialsPerNetwork
                || tiles(networks, trialsPerNetwork, 16 * vectors) < 2L * device.computeUnits())) {
            vectors /= 2;
        }
        return new KernelShape(16, vectors, roundUpTo4(n)).fittedTo(device, n);
    }

    private static long tiles(int networks, int trialsPerNetwork, int perTile) {
        return (long) networks * ((trialsPerNetwork + perTile - 1) / perTile);
    }

    /** Trials per work-group (the lanes of one tile). */
    public int trialsPerTile() {
        return vectorWidth * vectorsPerItem;
    }

    /** Work-items per work-group for {@code n} units. */
    public int itemsPerGroup(int n) {
        return (n + unitsPerItem - 1) / unitsPerItem;
    }

    /** Local memory of the forward kernel: r_{t−1} and r_t of the tile, and the per-item output partials. */
    public long localBytes(int n) {
        return 2L * (n + itemsPerGroup(n)) * trialsPerTile() * Float.BYTES;
    }

    /** This shape, with fewer lanes while local memory is short and more units per item while groups are too big. */
    public KernelShape fittedTo(ClDevice device, int n) {
        KernelShape s = this;
        while (s.itemsPerGroup(n) > device.maxWorkGroup()) {
            s = new KernelShape(s.vectorWidth, s.vectorsPerItem, s.unitsPerItem * 2);
        }
        while (s.localBytes(n) > device.localMemBytes()) {
            if (s.vectorsPerItem > 1) {
                s = new KernelShape(s.vectorWidth, s.vectorsPerItem / 2, s.unitsPerItem);
            } else if (s.vectorWidth > 1) {
                s = new KernelShape(s.vectorWidth / 2, 1, s.unitsPerItem);
            } else {
                throw new OpenClException("N=" + n + " needs " + s.localBytes(n) + " bytes of local memory, more than "
                        + device.label() + " has (" + device.localMemBytes() + ")");
            }
        }
        return s;
    }

    private static int roundUpTo4(int n) {
        return (n + 3) / 4 * 4;
    }
}
