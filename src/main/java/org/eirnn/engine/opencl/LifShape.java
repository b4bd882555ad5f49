package org.eirnn.engine.opencl;

/**
 * How {@code kernels/lif.cl} maps trials onto a device: each work-item runs {@code lanes} trials of one
 * configuration in vector lanes through the whole time loop, and {@code itemsPerGroup} such work-items share a
 * work-group (the launch is padded to whole groups; the padding work-items return at once). The work-items are
 * independent, so a group needs no barrier: on a GPU a group fills warps or wavefronts with trials in lockstep.
 *
 * @param lanes         trials per work-item: 2, 4, 8 or 16 (the kernel's vector types)
 * @param itemsPerGroup work-items per work-group
 */
public record LifShape(int lanes, int itemsPerGroup) {
    /** The CPU shape: 16 trials per float16/double16, one-work-item groups (POCL spreads groups over cores). */
    public static final LifShape CPU = new LifShape(16, 1);
    /** Work-items per group the GPU shape asks for at least (two 32-wide warps, one 64-wide wavefront). */
    static final int GPU_GROUP_ITEMS = 64;

    public LifShape {
        if (lanes != 2 && lanes != 4 && lanes != 8 && lanes != 16 || itemsPerGroup < 1) {
            throw new IllegalArgumentException("LIF shape of " + lanes + " lanes × " + itemsPerGroup + " work-items");
        }
    }

    /**
     * The CPU shape, or the GPU shape: 4 trials per work-item (a float4/double4) and groups of
     * max({@value #GPU_GROUP_ITEMS}, the preferred work-group multiple) work-items, at most the device's maximum.
     */
    public static LifShape of(boolean gpu, KernelShape.DeviceLimits device) {
        if (!gpu) {
            return CPU;
        }
        long group = Math.min(device.maxWorkGroup(), Math.max(GPU_GROUP_ITEMS, device.preferredMultiple()));
        return new LifShape(4, (int) Math.max(1, group));
    }
}
