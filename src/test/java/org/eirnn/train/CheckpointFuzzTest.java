package org.eirnn.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.eirnn.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fuzzes {@link Checkpoint#read}: every input is resumed or refused with an {@link InvalidInputException}. Inputs
 * whose first byte is odd are wrapped as format 1 (no checksum), so the fuzzer also reaches the payload parser
 * behind the CRC. Seeds: checkpoints of both formats. Every test run replays them; {@code JAZZER_FUZZ=1} fuzzes.
 */
class CheckpointFuzzTest {
    private static final Map<String, String> IDENTITY = new TreeMap<>(Map.of("task", "tiny", "seed", "3"));
    private static final byte[] FORMAT_ONE = {0, 16, 'e', 'i', 'r', 'n', 'n', '-', 'c', 'h', 'e', 'c', 'k', 'p',
            'o', 'i', 'n', 't', 0, 0, 0, 1};
    private static final Path FILE = temp();

    private static Path temp() {
        try {
            Path f = Files.createTempFile("eirnn-fuzz", ".checkpoint");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void checkpoint(byte[] data) throws IOException {
        byte[] bytes = data;
        if (data.length > 0 && (data[0] & 1) == 1) {
            bytes = ByteBuffer.allocate(FORMAT_ONE.length + data.length - 1).put(FORMAT_ONE)
                    .put(data, 1, data.length - 1).array();
        }
        Files.write(FILE, bytes);
        try {
            Checkpoint.read(FILE, IDENTITY, TrainerTest.SPEC);
        } catch (InvalidInputException refused) {
            if (refused.getMessage() == null || refused.getMessage().contains("\n")) {
                throw new AssertionError("not one line: " + refused.getMessage());
            }
        }
    }
}
