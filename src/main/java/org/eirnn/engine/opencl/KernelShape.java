package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;

import java.util.Locale;

/**
 * How the rate kernels map work onto a device. A work-group runs one tile of {@link #trialsPerTile()} trials of
 * one network. Its work-items form a grid of {@code itemsPerGroup(N)} × {@code vectorGroups}: along the first
 * axis each work-item owns {@code unitsPerItem} consecutive units (a multiple of 4, the units one Philox call
 * serves), along the second the tile's trials are split into {@code vectorGroups} slices of {@code vectorsPerItem}
 * vectors of {@code vectorWidth} trials (floatV lanes). With {@code columnTile} > 0 (the GPU shape) the recurrent
 * products (forward, and the training kernels' forward and backward) bring the network's W_rec through
 * {@code __local} memory {@code columnTile} columns at a time, one load shared by every work-item of the group;
 * with 0 (the CPU shape) each work-item reads its rows from global memory (sparse rows in the forward kernel).
 * All five are build-time constants of the kernels (VW, VPI, UPI, VPG, WTILE).
 */
public record KernelShape(int vectorWidth, int vectorsPerItem, int unitsPerItem, int vectorGroups, int columnTile) {

    /** Columns of W_rec per local-memory tile the GPU shape starts from. */
    static final int GPU_COLUMN_TILE = 32;
    /** Work-items per group the GPU shape grows to at most (where the device allows that many). */
    static final int GPU_GROUP_ITEMS = 256;

    public KernelShape {
        InvalidInputException.require(vectorWidth == 1 || vectorWidth == 2 || vectorWidth == 4 || vectorWidth == 8
                        || vectorWidth == 16,
                () -> "vector width " + vectorWidth + " is not valid: expected 1, 2, 4, 8 or 16");
        InvalidInputException.require(vectorsPerItem >= 1 && vectorsPerItem <= 8,
                () -> "vectors per work-item " + vectorsPerItem + " is not valid: expected 1 to 8");
        InvalidInputException.require(unitsPerItem > 0 && unitsPerItem % 4 == 0,
                () -> "units per work-item " + unitsPerItem + " is not valid: expected a positive multiple of 4");
        InvalidInputException.require(vectorGroups >= 1 && Integer.bitCount(vectorGroups) == 1,
                () -> "vector groups " + vectorGroups + " is not valid: expected a power of two");
        InvalidInputException.require(columnTile == 0 || columnTile >= 4 && columnTile % 4 == 0,
                () -> "column tile " + columnTile + " is not valid: expected 0 or a multiple of 4");
    }

    /** An untiled shape with one trial slice per group (the CPU shape's form; tests and tuning). */
    public KernelShape(int vectorWidth, int vectorsPerItem, int unitsPerItem) {
        this(vectorWidth, vectorsPerItem, unitsPerItem, 1, 0);
    }

    /**
     * What chooses a shape: {@code --kernel-shape auto} (from the device's type), or the CPU or GPU shape forced on
     * any device, so that both can run on POCL before a GPU runs them.
     */
    public enum Choice {
        AUTO, CPU, GPU;

        /** The shape for {@code networks} × {@code trialsPerNetwork} trials of N units on a device with these limits. */
        public KernelShape shape(DeviceLimits device, int n, int networks, int trialsPerNetwork) {
            return gpu(device.type()) ? gpuShape(device, n, trialsPerNetwork)
                    : cpuShape(device, n, networks, trialsPerNetwork);
        }

        /** Whether this choice means the GPU shape on a device of CL_DEVICE_TYPE {@code type} (auto: all but CPU). */
        public boolean gpu(String type) {
            return this == GPU || this == AUTO && !type.equals("CPU");
        }

        /** {@code auto}, {@code cpu} or {@code gpu}; anything else is refused naming {@code flag}. */
        public static Choice parse(String value, String flag) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "cpu" -> CPU;
                case "gpu" -> GPU;
                default -> throw new InvalidInputException(flag + " '" + value
                        + "' is not valid: expected auto, cpu or gpu");
            };
        }
    }

    /**
     * What a shape is chosen from: CL_DEVICE_TYPE, CL_DEVICE_MAX_COMPUTE_UNITS, CL_DEVICE_LOCAL_MEM_SIZE,
     * CL_DEVICE_MAX_WORK_GROUP_SIZE and CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE (the warp or wavefront; 1 when
     * unknown).
     */
    public record DeviceLimits(String type, String label, int computeUnits, long localMemBytes, long maxWorkGroup,
                               int preferredMultiple) {

        /** The limits of an open context's device (the preferred multiple from a probe kernel). */
        public static DeviceLimits of(ClContext cl) {
            ClDevice d = cl.device();
            return new DeviceLimits(d.type(), d.label(), d.computeUnits(), d.localMemBytes(), d.maxWorkGroup(),
                    cl.preferredWorkGroupMultiple());
        }
    }

    /** The default for a device: {@link Choice#AUTO}. */
    public static KernelShape forDevice(DeviceLimits device, int n, int networks, int trialsPerNetwork) {
        return Choice.AUTO.shape(device, n, networks, trialsPerNetwork);
    }

    /**
     * The CPU shape (CPU devices, POCL): 16 trials per float16 and the whole network in one work-item (no
     * work-item switching at the barrier), W_rec read from global memory. Each weight loaded in the recurrent sum
     * serves every vector of the item, so more vectors per item are cheaper per trial (measured on 2 AVX-512 cores,
     * N=200 go-nogo: 1 vector 13.7k, 2 vectors 15.8k, 4 vectors 18.3k trials per CPU-second pair), but a tile only
     * pays off when it is full and there must be enough tiles to keep every compute unit busy: the most vectors (up
     * to 4) that still give two tiles per compute unit and do not exceed the network's trials.
     */
    public static KernelShape cpuShape(DeviceLimits device, int n, int networks, int trialsPerNetwork) {
        int vectors = 4;
        while (vectors > 1 && (16 * (vectors / 2) >= trialsPerNetwork
                || tiles(networks, trialsPerNetwork, 16 * vectors) < 2L * device.computeUnits())) {
            vectors /= 2;
        }
        return new KernelShape(16, vectors, roundUpTo4(n)).fittedTo(device, n);
    }

    /**
     * The GPU shape (GPUs and accelerators; untested on a GPU so far). The rule:
     * <ol>
     * <li>4 trials per float4 vector, one vector per work-item, one quad of 4 units per work-item: ⌈N/4⌉ work-items
     *     across the units (units per item doubled while that exceeds CL_DEVICE_MAX_WORK_GROUP_SIZE).</li>
     * <li>Trial slices per group (vector groups, a power of two) doubled while the group stays within
     *     min(CL_DEVICE_MAX_WORK_GROUP_SIZE, {@value #GPU_GROUP_ITEMS}) work-items and the slices do not pass the
     *     network's trials (rounded up to a power of two); doubled further, up to the device maximum, while the group
     *     is smaller than CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE (one warp or wavefront at least).</li>
     * <li>W_rec tiles of {@value #GPU_COLUMN_TILE} columns in local memory ({@link #fittedTo} halves them, then the
     *     slices, then the vector width, while CL_DEVICE_LOCAL_MEM_SIZE is short, and refuses when nothing fits).</li>
     * </ol>
     */
    public static KernelShape gpuShape(DeviceLimits device, int n, int trialsPerNetwork) {
        int units = 4;
        while ((n + units - 1) / units > device.maxWorkGroup()) {
            units *= 2;
        }
        long items = (n + units - 1) / units;
        int slicesNeeded = (TrialLayout.lanesFor(trialsPerNetwork) + 3) / 4;
        long cap = Math.min(device.maxWorkGroup(), GPU_GROUP_ITEMS);
        int groups = 1;
        while (items * 2 * groups <= cap && 2 * groups <= slicesNeeded
                || items * groups < device.preferredMultiple() && items * 2 * groups <= device.maxWorkGroup()) {
            groups *= 2;
        }
        return new KernelShape(4, 1, units, groups, GPU_COLUMN_TILE).fittedTo(device, n);
    }

    private static long tiles(int networks, int trialsPerNetwork, int perTile) {
        return (long) networks * ((trialsPerNetwork + perTile - 1) / perTile);
    }

    /** Whether W_rec goes through local memory (the GPU shape). */
    public boolean tiled() {
        return columnTile > 0;
    }

    /** Trials per work-group (the lanes of one tile). */
    public int trialsPerTile() {
        return vectorWidth * vectorsPerItem * vectorGroups;
    }

    /** Work-items per work-group along the units for {@code n} units. */
    public int itemsPerGroup(int n) {
        return (n + unitsPerItem - 1) / unitsPerItem;
    }

    /** Work-items per work-group of the forward kernel: units × trial slices. */
    public long groupSize(int n) {
        return (long) itemsPerGroup(n) * vectorGroups;
    }

    /**
     * Local memory of the forward kernel for one output: r_{t−1} and r_t of the tile, the per-item output partials
     * (both double-buffered) and, tiled, one W_rec tile of N × columnTile floats.
     */
    public long localBytes(int n) {
        return (2L * (n + itemsPerGroup(n)) * trialsPerTile() + (long) n * columnTile) * Float.BYTES;
    }

    /**
     * This shape within the device's limits: more units per item while groups are too big; then, while local
     * memory is short, fewer vectors per item, narrower W_rec tiles, fewer trial slices, narrower vectors; a clear
     * refusal when even the smallest does not fit.
     */
    public KernelShape fittedTo(DeviceLimits device, int n) {
        KernelShape s = this;
        while (s.groupSize(n) > device.maxWorkGroup()) {
            s = s.vectorGroups > 1 ? s.with(s.vectorsPerItem, s.vectorWidth, s.vectorGroups / 2, s.columnTile)
                    : new KernelShape(s.vectorWidth, s.vectorsPerItem, s.unitsPerItem * 2, 1, s.columnTile);
        }
        while (s.localBytes(n) > device.localMemBytes()) {
            if (s.vectorsPerItem > 1) {
                s = s.with(s.vectorsPerItem / 2, s.vectorWidth, s.vectorGroups, s.columnTile);
            } else if (s.columnTile > 4) {
                s = s.with(1, s.vectorWidth, s.vectorGroups, s.columnTile / 2);
            } else if (s.vectorGroups > 1) {
                s = s.with(1, s.vectorWidth, s.vectorGroups / 2, s.columnTile);
            } else if (s.vectorWidth > 1) {
                s = s.with(1, s.vectorWidth / 2, 1, s.columnTile);
            } else {
                throw new OpenClException("N=" + n + " needs " + s.localBytes(n) + " bytes of local memory in the "
                        + (tiled() ? "GPU" : "CPU") + " kernel shape, more than " + device.label() + " has ("
                        + device.localMemBytes() + ")" + (tiled() ? "; try --kernel-shape cpu" : ""));
            }
        }
        return s;
    }

    private KernelShape with(int vectors, int width, int groups, int tile) {
        return new KernelShape(width, vectors, unitsPerItem, groups, tile);
    }

    /** "16x2/104" (CPU shape: lanes × vectors per work-item / units per work-item), "4x1/4 x8 w32" tiled. */
    public String label() {
        String base = vectorWidth + "x" + vectorsPerItem + "/" + unitsPerItem;
        return tiled() ? base + " x" + vectorGroups + " w" + columnTile : base;
    }

    private static int roundUpTo4(int n) {
        return (n + 3) / 4 * 4;
    }
}
