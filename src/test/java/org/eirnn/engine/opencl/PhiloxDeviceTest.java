package org.eirnn.engine.opencl;

import org.eirnn.rng.Philox;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** kernels/philox.cl is the twin of org.eirnn.rng: same words, same uniforms and normals up to float rounding. */
class PhiloxDeviceTest {

    /** Runs philox_check on the device for {@code counters} (4 words each) under key (k0, k1). */
    private static Result run(int[] counters, int k0, int k1) {
        int calls = counters.length / 4;
        try (ClContext cl = new ClContext(OpenClTestDevice.require());
             ClProgram program = cl.program(Map.of(), "philox.cl", "philox_check.cl");
             ClKernel kernel = program.kernel("philox_check");
             ClBuffer.Ints ctr = cl.ints(counters);
             ClBuffer.Ints words = cl.ints(4L * calls);
             ClBuffer.Floats uniforms = cl.floats(4L * calls);
             ClBuffer.Floats normals = cl.floats(4L * calls)) {
            kernel.arg(0, ctr).arg(1, k0).arg(2, k1).arg(3, words).arg(4, uniforms).arg(5, normals)
                    .launch(new long[] {calls}, null);
            return new Result(words.readAll(), uniforms.readAll(), normals.readAll());
        }
    }

    private record Result(int[] words, float[] uniforms, float[] normals) {
    }

    /** Random123's published Philox4x32-10 known answers, computed on the device. */
    @Test
    void deviceMatchesPublishedKnownAnswers() {
        int[][] keys = {{0, 0}, {-1, -1}, {0xa4093822, 0x299f31d0}};
        int[][] ctrs = {{0, 0, 0, 0}, {-1, -1, -1, -1}, {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}};
        int[][] expected = {{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
                {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}};
        for (int v = 0; v < 3; v++) {
            assertArrayEquals(expected[v], run(ctrs[v], keys[v][0], keys[v][1]).words(), "vector " + v);
        }
    }

    /**
     * Every word equals Java's; uniforms and normals equal Java's double values within float rounding. Bound:
     * float log/sqrt/sincos are accurate to a few ulp, the uniform itself is rounded to 24 bits (relative 6e-8,
     * and up to 1.2e-7 absolute at u → 1), which moves a normal |z| ≤ 6.7 by well under 1e-5·(1 + |z|).
     */
    @Test
    void deviceDrawsEqualTheJavaStreams() {
        RandomKey key = new RandomKey(0x1234_5678_9abcL, 5, RandomStream.RATE_NOISE);
        int calls = 4096;
        int[] counters = new int[4 * calls];
        for (int c = 0; c < calls; c++) {
            counters[4 * c] = c % 200;          // step
            counters[4 * c + 1] = c / 200;      // unit group
            counters[4 * c + 2] = 3 * c + 1;    // trial
            counters[4 * c + 3] = key.stream().id;
        }
        Result device = run(counters, key.key0(), key.key1());
        int[] w = new int[4];
        for (int c = 0; c < calls; c++) {
            int step = counters[4 * c], group = counters[4 * c + 1], trial = counters[4 * c + 2];
            Philox.block(step, group, trial, key.stream().id, key.key0(), key.key1(), w);
            for (int lane = 0; lane < 4; lane++) {
                int at = 4 * c + lane;
                assertEquals(w[lane], device.words()[at], "word " + at);
                assertEquals(Philox.uniform(w[lane]), device.uniforms()[at], 1.2e-7, "uniform " + at);
                double z = key.normal(trial, step, 4 * group + lane);
                assertEquals(z, device.normals()[at], 1e-5 * (1 + Math.abs(z)), "normal " + at);
            }
        }
    }
}
