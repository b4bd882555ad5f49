package org.eirnn.engine.opencl;

/**
 * Splits work into chunks that fit the device: no single buffer above CL_DEVICE_MAX_MEM_ALLOC_SIZE and all
 * buffers together within a safe share of CL_DEVICE_GLOBAL_MEM_SIZE. A batch that does not fit at once runs
 * as several launches instead of failing.
 */
public final class ClMemory {
    /** Share of global memory we plan to use; the rest is left to the driver and other programs. */
    static final double GLOBAL_SHARE = 0.75;

    private ClMemory() {
    }

    /**
     * The largest number of items that fits at once: a multiple of {@code granule}, at most {@code total}
     * rounded up to a whole granule.
     *
     * @param fixedBytes        memory needed regardless of the chunk size (weights, ...)
     * @param bytesPerItem      all per-item memory together
     * @param largestPerItem    per-item bytes of the largest single buffer
     * @param granule           items come in groups of this size (e.g. trials per work-group)
     */
    public static int itemsPerChunk(ClDevice device, int total, long fixedBytes, long bytesPerItem,
                                    long largestPerItem, int granule) {
        long budget = (long) (device.globalMemBytes() * GLOBAL_SHARE) - fixedBytes;
        long byTotal = bytesPerItem > 0 ? budget / bytesPerItem : Long.MAX_VALUE;
        long byAlloc = largestPerItem > 0 ? device.maxAllocBytes() / largestPerItem : Long.MAX_VALUE;
        long padded = (total + (long) granule - 1) / granule * granule;
        long items = Math.min(Math.min(byTotal, byAlloc), padded);
        items -= items % granule;
        if (items < granule) {
            throw new OpenClException("one work-group of " + granule + " items needs "
                    + (fixedBytes + granule * bytesPerItem) + " bytes, more than " + device.label()
                    + " offers (global " + device.globalMemBytes() + ", max allocation " + device.maxAllocBytes() + ")");
        }
        return (int) items;
    }
}
