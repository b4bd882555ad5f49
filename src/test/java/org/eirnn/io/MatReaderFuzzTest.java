package org.eirnn.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.eirnn.InvalidInputException;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the model-file reader (layout scan, bounded inflation, MatFileRW, the model checks) on raw bytes: every
 * input is read or refused with an {@link InvalidInputException}; any other exception, a hang or an allocation
 * beyond {@link #bound(int)} is a finding. Seeds (src/test/resources/.../MatReaderFuzzTestInputs/modelFile): eirnn's
 * own file, spikeRNN TensorFlow and PyTorch layouts, the hostile files of {@link HostileMatFiles}. Every test run
 * replays the seeds; {@code JAZZER_FUZZ=1} fuzzes (5 s by default, see .ci/run and the README).
 */
class MatReaderFuzzTest {
    private static final Path FILE = Path.of("fuzz.mat");
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Fuzzing instruments every class on first use, allocating on the first calls' thread; replaying seeds does not. */
    private static final int WARM_UP = System.getenv("JAZZER_FUZZ") == null ? 0 : 20;
    private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

    /** What a file of {@code length} bytes may make the reader allocate: a fixed multiple of it, plus a constant. */
    static long bound(int length) {
        return 64L * length + (64L << 20);
    }

    @FuzzTest(maxDuration = "5s")
    void modelFile(byte[] data) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            List<String> skipped = new ArrayList<>();
            ModelFileReader.read(new MatVariables(FILE, MatDecoder.read(FILE, data, name -> true, skipped)), FILE);
        } catch (InvalidInputException refused) {
            if (refused.getMessage() == null || refused.getMessage().contains("\n")) {
                throw new AssertionError("not one line: " + refused.getMessage());
            }
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (CALLS.incrementAndGet() > WARM_UP && allocated > bound(data.length)) {
            throw new AssertionError(data.length + " bytes made the reader allocate " + allocated);
        }
    }
}
