package org.eirnn.engine.opencl;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClContextTest {

    @Test
    void discoveryListsDevicesWithUsableLimits() {
        ClDevice d = OpenClTestDevice.require();
        assertTrue(d.computeUnits() > 0);
        assertTrue(d.maxAllocBytes() > 0 && d.maxAllocBytes() <= d.globalMemBytes());
        assertEquals("opencl:" + d.platformIndex() + ":" + d.deviceIndex(), d.spec());
    }

    @Test
    void buffersRoundTripAndKernelsSeeBuildConstants() {
        try (ClContext cl = new ClContext(OpenClTestDevice.require());
             ClProgram program = cl.program(Map.of("SCALE", 2.5f), "host_check.cl");
             ClKernel kernel = program.kernel("scale_add");
             ClBuffer.Floats in = cl.floats(new float[] {1, 2, 3, 4, 5});
             ClBuffer.Floats out = cl.floats(5)) {
            kernel.arg(0, in).arg(1, out).arg(2, 10).launch(new long[] {5}, null);
            assertArrayEquals(new float[] {12.5f, 15f, 17.5f, 20f, 22.5f}, out.readAll());
        }
    }

    @Test
    void buildFailureNamesTheFileAndCarriesTheBuildLog() {
        try (ClContext cl = new ClContext(OpenClTestDevice.require())) {
            OpenClException e = assertThrows(OpenClException.class,
                    () -> cl.program(Map.of("SCALE", 1f), "host_check.cl", "broken_check.cl"));
            assertTrue(e.getMessage().contains("broken_check.cl"), e.getMessage());
            assertTrue(e.getMessage().contains("undeclared_identifier"), "build log missing: " + e.getMessage());
        }
    }

    @Test
    void missingKernelFileIsNamed() {
        OpenClException e = assertThrows(OpenClException.class, () -> KernelSources.read("nope.cl"));
        assertTrue(e.getMessage().contains("/kernels/nope.cl"));
    }

    @Test
    void oversizedBufferIsRefusedWithTheLimit() {
        try (ClContext cl = new ClContext(OpenClTestDevice.require())) {
            long tooMany = cl.device().maxAllocBytes() / Float.BYTES + 1;
            OpenClException e = assertThrows(OpenClException.class, () -> cl.floats(tooMany));
            assertTrue(e.getMessage().contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE"));
        }
    }

    @Test
    void chunksRespectTheAllocationAndGlobalLimits() {
        ClDevice small = new ClDevice(null, null, 0, 0, "p", "d", "v", "GPU", 1,
                1000, 64, 400, 256, false, "OpenCL 1.2");
        // 10 bytes/item in the largest buffer → 40 items by the allocation limit, in granules of 16 → 32.
        assertEquals(32, ClMemory.itemsPerChunk(small, 1000, 0, 10, 10, 16));
        // Global: 750 usable − 350 fixed = 400 → 20 items at 20 bytes → 16.
        assertEquals(16, ClMemory.itemsPerChunk(small, 1000, 350, 20, 1, 16));
        // Everything fits: the total, rounded up to a whole granule.
        assertEquals(16, ClMemory.itemsPerChunk(small, 7, 0, 1, 1, 16));
        assertThrows(OpenClException.class, () -> ClMemory.itemsPerChunk(small, 1000, 0, 100, 100, 16));
    }
}
