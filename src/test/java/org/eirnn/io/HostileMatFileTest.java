package org.eirnn.io;

import org.eirnn.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.eirnn.io.HostileMatFiles.CELL_CLASS;
import static org.eirnn.io.HostileMatFiles.DOUBLE_CLASS;
import static org.eirnn.io.HostileMatFiles.compressed;
import static org.eirnn.io.HostileMatFiles.file;
import static org.eirnn.io.HostileMatFiles.matrix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files built to exhaust memory or time (sizes claimed in headers, compression bombs, deep nesting) are refused in
 * one line naming the file and the variable, allocating a bounded amount: at most {@link #ALLOCATION_BOUND} bytes
 * on top of 64 times the file's length (the allocation is measured on the reading thread).
 */
class HostileMatFileTest {
    private static final long ALLOCATION_BOUND = 32L << 20;

    @TempDir
    Path dir;

    private Path write(byte[] bytes) throws Exception {
        Path file = dir.resolve("hostile.mat");
        Files.write(file, bytes);
        return file;
    }

    private static long allocatedBy(Executable action) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            action.execute();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /** Reads {@code bytes} as a model file: one-line refusal naming file and variable, bounded allocation. */
    private String refused(byte[] bytes, String variable) throws Exception {
        Path file = write(bytes);
        String[] message = new String[1];
        long allocated = allocatedBy(() -> message[0] = assertThrows(InvalidInputException.class,
                () -> MatModelFile.read(file)).getMessage());
        assertTrue(message[0].contains(file.toString()) && message[0].contains("'" + variable + "'"), message[0]);
        assertTrue(!message[0].contains("\n"), message[0]);
        assertTrue(allocated < ALLOCATION_BOUND + 64L * bytes.length, "allocated " + allocated + " bytes");
        return message[0];
    }

    @Test
    void shortFileClaimingGigabytesIsRefusedBeforeAllocating() throws Exception {
        byte[] bytes = HostileMatFiles.claimsGigabytes();
        assertTrue(bytes.length < 200, bytes.length + " bytes");
        String message = refused(bytes, "w");
        assertTrue(message.contains("claims 900000000 elements"), message);
    }

    @Test
    void uncompressedArrayClaimingMoreThanItHoldsIsRefused() throws Exception {
        String message = refused(file(matrix(DOUBLE_CLASS, new int[] {65536, 65536}, "w", new byte[0])), "w");
        assertTrue(message.contains("claims 4294967296 elements"), message);
    }

    @Test
    void dimensionsOverflowingLongAreRefused() throws Exception {
        int big = Integer.MAX_VALUE;
        String message = refused(file(compressed(matrix(DOUBLE_CLASS, new int[] {big, big, big, big}, "w",
                new byte[0]))), "w");
        assertTrue(message.contains("claims " + Long.MAX_VALUE + " elements"), message);
    }

    @Test
    void negativeDimensionIsRefused() throws Exception {
        assertTrue(refused(file(matrix(DOUBLE_CLASS, new int[] {-1, 3}, "w", new byte[0])), "w")
                .contains("negative dimension -1"));
    }

    /** The tag inside the zlib data claims 1 GiB (under the limit), the 30 compressed bytes cannot hold it. */
    @Test
    void compressedTagClaimingMoreThanZlibCanHoldIsRefused() throws Exception {
        String message = refused(HostileMatFiles.bomb(1L << 30, 0), "w");
        assertTrue(message.contains("more than its") && message.contains("compressed bytes can hold"), message);
    }

    /** 64 MiB of zeros behind a tag claiming 4 GiB − 256: beyond the documented limit, refused before inflating. */
    @Test
    void compressionBombBeyondTheLimitIsRefused() throws Exception {
        String message = refused(HostileMatFiles.bomb(0xFFFFFF00L, 64), "w");
        assertTrue(message.contains("more than eirnn reads in one variable (" + MatElements.MAX_VARIABLE_BYTES), message);
    }

    /** A valid 2×3 matrix followed, inside its zlib stream, by 256 MiB of zeros: only the matrix is inflated. */
    @Test
    void zerosBehindAValidMatrixAreNeverInflated() throws Exception {
        double[] u = {1, 2, 3, 4, 5, 6};
        byte[] inner = HostileMatFiles.doubles("u", 2, 3, u);
        byte[] zlib = HostileMatFiles.zlib(inner, 256 << 20, inner.length);
        Path file = write(file(HostileMatFiles.element(HostileMatFiles.MI_COMPRESSED, zlib)));
        LifMatFile.Matrix[] read = new LifMatFile.Matrix[1];
        long allocated = allocatedBy(() -> read[0] = LifMatFile.read(file, "u"));
        assertTrue(allocated < ALLOCATION_BOUND, "allocated " + allocated + " bytes");
        assertEquals(2, read[0].rows());
        assertArrayEquals(new double[] {1, 3, 5, 2, 4, 6}, read[0].rowMajor());
    }

    @Test
    void cellClaimingMoreMembersThanItHoldsIsRefused() throws Exception {
        assertTrue(refused(file(compressed(matrix(CELL_CLASS, new int[] {50000, 50000}, "w", new byte[0]))), "w")
                .contains("members"));
    }

    @Test
    void deeplyNestedCellsAreRefused() throws Exception {
        byte[] inner = matrix(DOUBLE_CLASS, new int[] {0, 0}, "", new byte[0]);
        for (int level = 0; level < 100; level++) {
            inner = matrix(CELL_CLASS, new int[] {1, 1}, level == 99 ? "w" : "", inner);
        }
        assertTrue(refused(file(compressed(inner)), "w").contains("deeper than " + MatElements.MAX_DEPTH));
    }

    @Test
    void nonFiniteStimulusIsRefusedWithItsPosition() throws Exception {
        double[] u = {1, 2, 3, Double.NaN, 5, 6}; // column-major 2×3: the NaN is at row 2, column 2
        Path file = write(file(compressed(HostileMatFiles.doubles("u", 2, 3, u))));
        String message = assertThrows(InvalidInputException.class, () -> LifMatFile.read(file, "u")).getMessage();
        assertTrue(message.contains(file + ": variable 'u' has NaN at (2,2)"), message);
    }

    @Test
    void infiniteV0IsRefused() throws Exception {
        Path file = write(file(HostileMatFiles.doubles("v0", 3, 1, new double[] {0, Double.NEGATIVE_INFINITY, 0})));
        String message = assertThrows(InvalidInputException.class, () -> LifMatFile.read(file, "v0")).getMessage();
        assertTrue(message.contains("'v0' has -Infinity at (2,1)"), message);
    }

    /** Found by the fuzzer: a zlib stream asking for a preset dictionary made the name lookup loop forever. */
    @Test
    void zlibStreamWithAPresetDictionaryIsRefused() throws Exception {
        byte[] inner = HostileMatFiles.doubles("w", 1, 1, new double[] {1});
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setDictionary(new byte[] {1, 2, 3});
        deflater.setInput(inner);
        deflater.finish();
        byte[] zlib = new byte[1024];
        int n = deflater.deflate(zlib);
        deflater.end();
        byte[] bytes = file(HostileMatFiles.element(HostileMatFiles.MI_COMPRESSED, java.util.Arrays.copyOf(zlib, n)));
        Path file = write(bytes);
        String message = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertThrows(InvalidInputException.class, () -> MatModelFile.read(file)).getMessage());
        assertTrue(message.contains(file.toString()), message);
    }

    /** Found by the fuzzer: a data tag claiming 64 MiB inside an 80-byte variable made MatFileRW allocate it. */
    @Test
    void dataTagClaimingMoreThanTheVariableIsRefused() throws Exception {
        byte[] data = HostileMatFiles.element(HostileMatFiles.MI_DOUBLE, 64L << 20, new byte[8]);
        String message = refused(file(compressed(matrix(DOUBLE_CLASS, new int[] {1, 1}, "w", data))), "w");
        assertTrue(message.contains("its data claim 67108864 bytes, more than the variable holds"), message);
    }
}
