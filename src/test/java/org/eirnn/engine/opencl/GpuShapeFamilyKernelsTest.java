package org.eirnn.engine.opencl;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every test of {@link FamilyKernelsTest} with the GPU kernel shape forced ({@code --kernel-shape gpu}): W_rec tiled
 * through local memory and trial slices across work-items, on whatever OpenCL device the tests have (POCL here).
 */
class GpuShapeFamilyKernelsTest extends FamilyKernelsTest {
    /** Hides {@link FamilyKernelsTest#openDevice()}, so JUnit runs this one instead. */
    @BeforeAll
    static void openDevice() {
        opencl = new OpenClEngine(OpenClTestDevice.require(), KernelShape.Choice.GPU);
    }

    /**
     * Hides {@link FamilyKernelsTest#casesBatchesNetworks()}: every case at B = 7, K = 2 (two tiles of 4 per
     * network, one group) and, alternating, B = 1 or B = 64 with K = 1 (one lane; 16 tiles in groups), which
     * keeps the POCL run of the GPU shape's per-group-size kernel builds within minutes.
     */
    static Stream<Arguments> casesBatchesNetworks() {
        List<Arguments> out = new ArrayList<>();
        int index = 0;
        for (Case c : cases()) {
            out.add(Arguments.of(c, 7, 2));
            out.add(Arguments.of(c, index++ % 2 == 0 ? 1 : 64, 1));
        }
        return out.stream();
    }
}
