package org.eirnn.train;

import org.eirnn.InvalidInputException;
import org.eirnn.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpoints carry a version and a CRC-32C: any damage is refused in one line naming the file. */
class CheckpointTest {
    private static final Map<String, String> IDENTITY = new TreeMap<>(Map.of("task", "tiny", "seed", "3"));

    @TempDir
    Path dir;

    private Path written() throws Exception {
        Path file = dir.resolve("run.checkpoint");
        TrainConfig cfg = TrainerTest.config(10, 1, 2);
        Checkpoint.write(file, IDENTITY, Trainer.freshState(TrainerTest.SPEC, cfg, "stamp"));
        return file;
    }

    private static String refused(Path file) {
        String message = assertThrows(InvalidInputException.class,
                () -> Checkpoint.read(file, IDENTITY, TrainerTest.SPEC)).getMessage();
        assertTrue(message.contains(file.toString()) && !message.contains("\n"), message);
        return message;
    }

    @Test
    void roundTripKeepsTheState() throws Exception {
        Path file = written();
        TrainState back = Checkpoint.read(file, IDENTITY, TrainerTest.SPEC);
        TrainState fresh = Trainer.freshState(TrainerTest.SPEC, TrainerTest.config(10, 1, 2), "stamp");
        assertEquals(2, back.networks());
        for (int k = 0; k < 2; k++) {
            assertTrue(fresh.current().get(k).sameParameters(back.current().get(k)));
            assertArrayEquals(fresh.adam().v()[k], back.adam().v()[k], 0.0);
        }
    }

    /** Every single flipped byte, header or content, is refused (none reaches the trainer as other weights). */
    @Test
    void everyFlippedByteIsRefused() throws Exception {
        Path file = written();
        byte[] good = Files.readAllBytes(file);
        for (int k = 0; k < good.length; k++) {
            byte[] bad = good.clone();
            bad[k] ^= (byte) (1 << (k % 8));
            Files.write(file, bad);
            String message = refused(file);
            if (k >= 34) { // past the header (magic, version, length, CRC): the checksum catches it
                assertTrue(message.contains("is damaged: its CRC-32C is"), k + ": " + message);
            }
        }
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        Path file = written();
        byte[] good = Files.readAllBytes(file);
        for (int length = 0; length < good.length; length += 7) {
            Files.write(file, Arrays.copyOf(good, length));
            refused(file);
        }
    }

    /** Random bytes, also behind a valid magic and format 1 (no checksum), give one clear line, never a crash. */
    @Test
    void randomBytesAreRefused() throws Exception {
        Path file = dir.resolve("random.checkpoint");
        Random random = new Random(12);
        byte[] magic = {0, 16, 'e', 'i', 'r', 'n', 'n', '-', 'c', 'h', 'e', 'c', 'k', 'p', 'o', 'i', 'n', 't'};
        for (int trial = 0; trial < 300; trial++) {
            byte[] b = new byte[random.nextInt(4000)];
            random.nextBytes(b);
            if (trial % 3 > 0 && b.length >= 22) {
                System.arraycopy(magic, 0, b, 0, magic.length);
                ByteBuffer.wrap(b).putInt(18, trial % 3); // formats 1 and 2
            }
            Files.write(file, b);
            refused(file);
        }
        Files.write(file, "not a checkpoint".getBytes(StandardCharsets.US_ASCII));
        assertTrue(refused(file).contains("is not an eirnn checkpoint"));
    }

    /** Checkpoints of the format before checksums (1: magic, version, content) are still resumed. */
    @Test
    void formatOneIsStillRead() throws Exception {
        Path file = written();
        byte[] two = Files.readAllBytes(file);
        ByteBuffer one = ByteBuffer.allocate(two.length - 12);
        one.put(two, 0, 18).putInt(1).put(two, 34, two.length - 34);
        Files.write(file, one.array());
        TrainState back = Checkpoint.read(file, IDENTITY, TrainerTest.SPEC);
        assertEquals("stamp", back.stamp());
    }

    /** {@code train --resume} refuses a damaged checkpoint with exit status 2 and one line naming it. */
    @Test
    void resumeRefusesADamagedCheckpoint() throws Exception {
        String[] train = {"train", "--task", "go-nogo", "--N", "8", "--n_trials", "2", "--seed", "5", "--device", "cpu",
                "--output_dir", dir.toString()};
        assertEquals(0, Main.run(train, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        Path checkpoint;
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> found = s.filter(p -> p.toString().endsWith(".checkpoint")).toList();
            assertEquals(1, found.size(), found.toString());
            checkpoint = found.get(0);
        }
        byte[] bytes = Files.readAllBytes(checkpoint);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(checkpoint, bytes);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] resume = Arrays.copyOf(train, train.length + 1);
        resume[train.length] = "--resume";
        assertEquals(2, Main.run(resume, new PrintStream(err, true, StandardCharsets.UTF_8)));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.lines().findFirst().orElse("").contains("checkpoint " + checkpoint + " is damaged"), text);
    }
}
