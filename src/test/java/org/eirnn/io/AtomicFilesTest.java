package org.eirnn.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void failedWriteKeepsTheOldFileAndLeavesNoTemporary() throws Exception {
        Path file = dir.resolve("model.mat");
        Files.writeString(file, "previous");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("previous", Files.readString(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void writeCreatesFoldersAndReplaces() throws Exception {
        Path file = dir.resolve("models/go-nogo/model.mat");
        AtomicFiles.write(file, "one".getBytes());
        AtomicFiles.write(file, "two".getBytes());
        assertEquals("two", Files.readString(file));
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    private List<Path> temporaries() throws IOException {
        try (var listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().contains(".eirnn-tmp-")).toList();
        }
    }

    @Test
    void temporaryNamesTheTargetThePidAndTheHost() throws Exception {
        Path file = dir.resolve("model.mat");
        List<List<Path>> during = new java.util.ArrayList<>();
        AtomicFiles.write(file, out -> during.add(temporaries()));
        assertEquals(1, during.get(0).size());
        String name = during.get(0).get(0).getFileName().toString();
        assertTrue(name.matches("\\.model\\.mat\\.eirnn-tmp-" + ProcessHandle.current().pid()
                + "-[A-Za-z0-9.-]+-[0-9a-f]{16}\\.tmp"), name);
        assertTrue(temporaries().isEmpty());
    }

    /**
     * The first write into a folder removes eirnn temporaries of dead writers on this host and those untouched for
     * an hour; a live writer's, another host's recent one and every other file stay.
     */
    @Test
    void staleTemporariesAreRemovedAndNothingElse() throws Exception {
        String host = hostPart();
        long dead = deadPid();
        long self = ProcessHandle.current().pid();
        Path deadWriter = touch(".a.mat.eirnn-tmp-" + dead + "-" + host + "-0123456789abcdef.tmp");
        Path liveWriter = touch(".b.mat.eirnn-tmp-" + self + "-" + host + "-0123456789abcdef.tmp");
        Path otherHost = touch(".c.mat.eirnn-tmp-" + dead + "-elsewhere-0123456789abcdef.tmp");
        Path otherHostOld = touch(".d.mat.eirnn-tmp-" + dead + "-elsewhere-0123456789abcdef.tmp");
        Files.setLastModifiedTime(otherHostOld, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(AtomicFiles.STALE_AGE).minusSeconds(60)));
        List<Path> others = List.of(touch(".e.mat.0123456789abcdef.tmp"), touch("notes.tmp"), touch("f.mat"),
                touch(".g.mat.eirnn-tmp-" + dead + "-" + host + "-xyz.tmp"));
        for (Path p : others) {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(0));
        }
        AtomicFiles.write(dir.resolve("new.mat"), "x".getBytes());
        assertFalse(Files.exists(deadWriter));
        assertFalse(Files.exists(otherHostOld));
        assertTrue(Files.exists(liveWriter) && Files.exists(otherHost));
        for (Path p : others) {
            assertTrue(Files.exists(p), p.toString());
        }
    }

    /** A writer killed with SIGKILL mid-write leaves its temporary; the next run's first write removes it. */
    @Test
    void temporaryOfAKilledWriterIsRemovedByTheNextRun() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowWriter.class.getName(), dir.resolve("model.mat").toString()).inheritIO().start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (temporaries().isEmpty() && writer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, temporaries().size(), "the writer started writing");
        } finally {
            writer.destroyForcibly(); // SIGKILL: no finally block of the writer runs
            writer.waitFor();
        }
        Path orphan = temporaries().get(0);
        assertTrue(Files.exists(orphan));
        AtomicFiles.write(dir.resolve("other.mat"), "next run".getBytes());
        assertTrue(temporaries().isEmpty(), temporaries().toString());
        assertFalse(Files.exists(dir.resolve("model.mat")));
    }

    /** Starts an atomic write and never finishes it. */
    public static final class SlowWriter {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write(new byte[1000]);
                out.flush();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    private Path touch(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "partial");
    }

    /** The host part of this process's temporaries, as AtomicFiles writes it. */
    private String hostPart() throws IOException {
        String[] host = new String[1];
        Path probe = dir.resolve("probe/probe.mat"); // its own folder: the cleaning of dir is still to come
        AtomicFiles.write(probe, out -> {
            String name;
            try (var listing = Files.list(probe.getParent())) {
                name = listing.findFirst().orElseThrow().getFileName().toString();
            }
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("-tmp-\\d+-(.+)-[0-9a-f]{16}\\.tmp").matcher(name);
            assertTrue(m.find(), name);
            host[0] = m.group(1);
        });
        return host[0];
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
