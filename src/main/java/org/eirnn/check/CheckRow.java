package org.eirnn.check;

/**
 * One line of a device's check table.
 *
 * @param kernel    what ran, e.g. "forward (x, r, o, loss)"
 * @param shape     the kernel shape it ran in ("cpu 16x1/104": lanes × vectors per work-item / units per work-item),
 *                  or "-" where the kernel has no shape choice
 * @param diff      device against the CPU reference (NaN when nothing was compared, e.g. a failed build)
 * @param tolerance the pass criterion in words
 * @param result    PASS when every criterion held, SKIP when the device cannot run it (e.g. no fp64), else FAIL
 * @param seconds   wall time of the device side (program build included)
 * @param detail    why it failed (the first violated criterion, or the error with the build log) or was skipped;
 *                  empty when it passed
 */
public record CheckRow(String kernel, String shape, Difference diff, String tolerance, Result result, double seconds,
                       String detail) {

    public enum Result { PASS, FAIL, SKIP }

    public boolean failed() {
        return result == Result.FAIL;
    }
}
