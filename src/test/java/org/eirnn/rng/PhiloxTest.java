package org.eirnn.rng;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhiloxTest {

    /** Known-answer vectors of Philox4x32-10 published with Random123 (kat_vectors). */
    @Test
    void matchesPublishedKnownAnswers() {
        int[] out = new int[4];
        Philox.block(0, 0, 0, 0, 0, 0, out);
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
        Philox.block(-1, -1, -1, -1, -1, -1, out);
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, out);
        Philox.block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
    }

    @Test
    void uniformsStayInsideTheOpenInterval() {
        assertTrue(Philox.uniform(0) > 0);
        assertTrue(Philox.uniform(-1) < 1);
    }

    @Test
    void normalsHaveUnitMomentsAndBulkEqualsSingle() {
        RandomKey key = new RandomKey(42, 3, RandomStream.RATE_NOISE);
        int n = 200_000;
        double[] z = new double[n];
        key.normals(7, 11, z, 0, n);
        double mean = 0, sq = 0;
        for (double v : z) {
            mean += v;
            sq += v * v;
        }
        mean /= n;
        double var = sq / n - mean * mean;
        assertEquals(0, mean, 5 * Math.sqrt(1.0 / n));
        assertEquals(1, var, 0.02);
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 199_999}) {
            assertEquals(key.normal(7, 11, i), z[i], 0.0);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 13, 200})
    void bulkNormalsOfEveryLengthEqualSingleDrawsBitForBit(int count) {
        RandomKey key = new RandomKey(9, 1, RandomStream.RATE_POST_NOISE);
        double[] z = new double[count + 3];
        java.util.Arrays.fill(z, -7.0);
        key.normals(5, 2, z, 3, count);
        for (int i = 0; i < 3; i++) {
            assertEquals(-7.0, z[i], 0.0, "before the offset");
        }
        for (int i = 0; i < count; i++) {
            assertEquals(key.normal(5, 2, i), z[3 + i], 0.0, "unit " + i);
        }
    }
}
