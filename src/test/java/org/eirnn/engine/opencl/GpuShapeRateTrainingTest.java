package org.eirnn.engine.opencl;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link RateTrainingTest} with the GPU kernel shape forced ({@code --kernel-shape gpu}): W_rec tiled through
 * local memory and trial slices across work-items, on whatever OpenCL device the tests have (POCL here).
 */
class GpuShapeRateTrainingTest extends RateTrainingTest {
    /** Hides {@link RateTrainingTest#openDevice()}, so JUnit runs this one instead. */
    @BeforeAll
    static void openDevice() {
        opencl = new OpenClEngine(OpenClTestDevice.require(), KernelShape.Choice.GPU);
    }
}
