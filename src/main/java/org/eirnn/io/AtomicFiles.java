package org.eirnn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader never sees a half-written one: the content goes to a temporary file in the
 * target's folder (same file system, so the rename is atomic), is flushed to disk, and is then renamed over the
 * target. A failure leaves the previous target untouched and removes the temporary file.
 *
 * <p>A process killed during a write (kill -9, a node lost) cannot remove its temporary file. Temporaries are named
 * {@code .<target>.eirnn-tmp-<pid>-<host>-<random>.tmp} so that a later run recognises them: the first write into a
 * folder removes the eirnn temporaries there whose writer is gone, that is, written on this host by a process that
 * no longer runs, or not modified for {@link #STALE_AGE} (a writer on another host sharing the folder). No other
 * file is ever touched.
 */
public final class AtomicFiles {
    /** A temporary not modified for this long has no writer: writes stream their content, they do not pause. */
    static final Duration STALE_AGE = Duration.ofHours(1);
    private static final String MARK = ".eirnn-tmp-";
    private static final Pattern TEMPORARY = Pattern.compile("\\..+" + Pattern.quote(MARK)
            + "(\\d+)-([A-Za-z0-9.-]+)-[0-9a-f]{16}\\.tmp");
    /** Folders already cleaned by this process. */
    private static final Set<Path> CLEANED = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {
    }

    /** Produces the content of a file into a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Refuses, before any work, a place {@link #write} could not write: a folder named as the file, a folder that
     * cannot be made, or one where no temporary file can be created (read-only, /proc, no permission). One line naming
     * the path and the reason; nothing is left behind.
     */
    public static void requireWritable(Path target, String what) {
        Path absolute = target.toAbsolutePath();
        org.eirnn.InvalidInputException.require(!Files.isDirectory(absolute),
                () -> what + " " + target + " is a folder: expected a file name in it");
        Path dir = absolute.getParent();
        try {
            Files.createDirectories(dir);
            Files.delete(createTemp(dir, absolute.getFileName().toString()));
        } catch (IOException | SecurityException e) {
            throw new org.eirnn.InvalidInputException(what + " " + target + " cannot be written: " + reason(e), e);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied in " + ((java.nio.file.FileSystemException) e).getFile();
        }
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return "no such folder, or no file can be created in it (" + f.getFile() + ")";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName()) + " (" + f.getFile() + ")";
        }
        return e.getMessage();
    }

    /** Atomically replaces (or creates) {@code target} with the bytes {@code content} writes. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        if (CLEANED.add(dir)) {
            removeStaleTemporaries(dir);
        }
        Path temp = createTemp(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (e.g. certain network mounts) cannot rename atomically; a plain replace
                // in the same folder is the best they offer.
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * A new empty file next to the target. Not {@link Files#createTempFile}: that one is private to the owner
     * (0600), and the renamed model file should get the ordinary permissions the user's umask gives.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + MARK + Writers.PID + "-" + Writers.HOST + "-"
                    + String.format("%016x", RANDOM.nextLong()) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Removes the eirnn temporaries in {@code dir} whose writer is gone (see the class comment); returns how many.
     * Failures to list or remove are ignored: cleaning is a courtesy, never a reason to fail a write.
     */
    static int removeStaleTemporaries(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + "*" + MARK + "*.tmp")) {
            for (Path f : files) {
                if (isStale(f) && Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder we cannot list or a file we cannot remove: leave it
        }
        return removed;
    }

    private static boolean isStale(Path f) throws IOException {
        Matcher m = TEMPORARY.matcher(f.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Instant modified = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant();
        if (modified.isBefore(Instant.now().minus(STALE_AGE))) {
            return true;
        }
        try {
            return Writers.isGone(Long.parseLong(m.group(1)), m.group(2)); // another host's: only its age tells
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Atomically replaces (or creates) {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }
}
