package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KernelShapeTest {
    private static ClDevice device(String type, int computeUnits, long localMem, long maxWorkGroup) {
        return new ClDevice(null, null, 0, 0, "p", "d", "v", type, computeUnits, 1L << 32, localMem, 1L << 30,
                maxWorkGroup, true, "OpenCL 3.0");
    }

    @Test
    void cpuTilesGrowWithTheBatchButKeepEveryComputeUnitBusy() {
        ClDevice cpu = device("CPU", 2, 1 << 20, 4096);
        assertEquals(new KernelShape(16, 4, 200), KernelShape.forDevice(cpu, 200, 1, 256));
        assertEquals(new KernelShape(16, 4, 200), KernelShape.forDevice(cpu, 200, 4, 256));
        assertEquals(new KernelShape(16, 1, 200), KernelShape.forDevice(cpu, 200, 1, 64), "4 tiles for 2 units");
        assertEquals(new KernelShape(16, 2, 200), KernelShape.forDevice(cpu, 200, 8, 20), "20 trials fill 2 vectors");
        assertEquals(new KernelShape(16, 1, 104), KernelShape.forDevice(cpu, 102, 3, 7), "N rounded up to 4");
    }

    @Test
    void shapesShrinkToTheDeviceLimits() {
        // 2·(N + items)·lanes·4 bytes of local memory: N=200, 64 lanes → 103 KB; only 16 KB available.
        KernelShape fitted = new KernelShape(16, 4, 200).fittedTo(device("CPU", 2, 16 << 10, 4096), 200);
        assertEquals(new KernelShape(8, 1, 200), fitted);
        // 50 work-items of 4 units do not fit a 16-item group: 8 units each → 25, 16 units → 13.
        assertEquals(new KernelShape(4, 1, 16), new KernelShape(4, 1, 4).fittedTo(device("GPU", 8, 1 << 16, 16), 200));
    }

    @Test
    void invalidShapesAreRefused() {
        assertThrows(InvalidInputException.class, () -> new KernelShape(3, 1, 4));
        assertThrows(InvalidInputException.class, () -> new KernelShape(16, 0, 4));
        assertThrows(InvalidInputException.class, () -> new KernelShape(16, 1, 6));
    }
}
