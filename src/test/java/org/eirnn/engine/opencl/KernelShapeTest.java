package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KernelShape's choice from given device limits (no device needed). */
class KernelShapeTest {
    private static KernelShape.DeviceLimits device(String type, int computeUnits, long localMem, long maxWorkGroup,
                                                   int preferredMultiple) {
        return new KernelShape.DeviceLimits(type, "test " + type, computeUnits, localMem, maxWorkGroup,
                preferredMultiple);
    }

    private static final KernelShape.DeviceLimits CPU = device("CPU", 2, 1 << 20, 4096, 1);
    /** 48 KiB of local memory, groups up to 1024, warps of 32. */
    private static final KernelShape.DeviceLimits GPU = device("GPU", 80, 48 << 10, 1024, 32);

    @Test
    void cpuTilesGrowWithTheBatchButKeepEveryComputeUnitBusy() {
        assertEquals(new KernelShape(16, 4, 200), KernelShape.forDevice(CPU, 200, 1, 256));
        assertEquals(new KernelShape(16, 4, 200), KernelShape.forDevice(CPU, 200, 4, 256));
        assertEquals(new KernelShape(16, 1, 200), KernelShape.forDevice(CPU, 200, 1, 64), "4 tiles for 2 units");
        assertEquals(new KernelShape(16, 2, 200), KernelShape.forDevice(CPU, 200, 8, 20), "20 trials fill 2 vectors");
        assertEquals(new KernelShape(16, 1, 104), KernelShape.forDevice(CPU, 102, 3, 7), "N rounded up to 4");
    }

    @Test
    void aGpuTypeDeviceGetsTheTiledShapeAndTheFlagForcesEitherShape() {
        // 50 quads × 4 trial slices = 200 work-items (256 at most); 32 columns would need 57.6 KB, 16 fit 48 KiB.
        assertEquals(new KernelShape(4, 1, 4, 4, 16), KernelShape.forDevice(GPU, 200, 1, 256));
        assertEquals(new KernelShape(4, 1, 4, 4, 32), KernelShape.forDevice(device("GPU", 60, 64 << 10, 1024, 64),
                200, 1, 256), "64 KiB holds 32-column tiles");
        assertEquals(new KernelShape(4, 1, 4, 4, 16), KernelShape.Choice.GPU.shape(
                device("CPU", 2, 48 << 10, 4096, 8), 200, 1, 256), "--kernel-shape gpu on a CPU device");
        assertEquals(KernelShape.cpuShape(GPU, 200, 1, 256), KernelShape.Choice.CPU.shape(GPU, 200, 1, 256));
        assertTrue(KernelShape.Choice.AUTO.shape(device("ACCELERATOR", 4, 64 << 10, 256, 16), 200, 1, 64).tiled());
        assertEquals(KernelShape.Choice.GPU, KernelShape.Choice.parse(" GPU ", "--kernel-shape"));
        assertThrows(InvalidInputException.class, () -> KernelShape.Choice.parse("warp", "--kernel-shape"));
    }

    @Test
    void gpuTrialSlicesFollowTheBatchAndFillAWarp() {
        assertEquals(2, KernelShape.forDevice(GPU, 200, 3, 5).vectorGroups(), "5 trials: 2 slices of 4");
        assertEquals(1, KernelShape.forDevice(GPU, 200, 3, 1).vectorGroups(), "50 quads fill a warp already");
        assertEquals(128, KernelShape.forDevice(GPU, 8, 1, 1024).vectorGroups(), "2 quads × 128 slices = 256");
        assertEquals(32, KernelShape.forDevice(device("GPU", 8, 64 << 10, 1024, 64), 8, 1, 4).vectorGroups(),
                "2 quads fill a 64-wide wavefront with 32 slices even when the trials do not need them");
    }

    @Test
    void gpuShapesShrinkToTheDeviceLimits() {
        // 16 KiB: tiles 32 → 4 columns, then 4 → 1 slices: 2·(200 + 50)·4 + 200·4 floats = 11.2 KB.
        assertEquals(new KernelShape(4, 1, 4, 1, 4), KernelShape.forDevice(device("GPU", 8, 16 << 10, 1024, 32),
                200, 1, 256));
        // Groups of at most 16 work-items: 4 units per item → 50 items, 8 → 25, 16 → 13; no room for slices.
        assertEquals(new KernelShape(4, 1, 16, 1, 32), KernelShape.forDevice(device("GPU", 8, 64 << 10, 16, 32),
                200, 1, 256));
        OpenClException e = assertThrows(OpenClException.class,
                () -> KernelShape.forDevice(device("GPU", 8, 1 << 10, 1024, 32), 200, 1, 256));
        assertTrue(e.getMessage().contains("local memory") && e.getMessage().contains("--kernel-shape cpu"),
                e.getMessage());
    }

    @Test
    void cpuShapesShrinkToTheDeviceLimits() {
        // 2·(N + items)·lanes·4 bytes of local memory: N=200, 64 lanes → 103 KB; only 16 KB available.
        KernelShape fitted = new KernelShape(16, 4, 200).fittedTo(device("CPU", 2, 16 << 10, 4096, 1), 200);
        assertEquals(new KernelShape(8, 1, 200), fitted);
        // 50 work-items of 4 units do not fit a 16-item group: 8 units each → 25, 16 units → 13.
        assertEquals(new KernelShape(4, 1, 16), new KernelShape(4, 1, 4).fittedTo(device("GPU", 8, 1 << 16, 16, 1),
                200));
    }

    @Test
    void lifShapes() {
        assertEquals(LifShape.CPU, LifShape.of(false, GPU));
        assertEquals(new LifShape(4, 64), LifShape.of(true, GPU));
        assertEquals(new LifShape(4, 16), LifShape.of(true, device("GPU", 8, 1 << 16, 16, 32)), "device maximum");
    }

    @Test
    void invalidShapesAreRefused() {
        assertThrows(InvalidInputException.class, () -> new KernelShape(3, 1, 4));
        assertThrows(InvalidInputException.class, () -> new KernelShape(16, 0, 4));
        assertThrows(InvalidInputException.class, () -> new KernelShape(16, 1, 6));
        assertThrows(InvalidInputException.class, () -> new KernelShape(4, 1, 4, 3, 32));
        assertThrows(InvalidInputException.class, () -> new KernelShape(4, 1, 4, 2, 6));
    }
}
