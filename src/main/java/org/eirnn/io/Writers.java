package org.eirnn.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who writes a file: this process's id and host, and whether another writer (named by pid and host) is gone. Used to
 * recognise what a killed process left behind (temporaries, grid-search claims) without touching a live one's.
 */
final class Writers {
    /** This machine's name, reduced to [A-Za-z0-9.-]; "unknown" if it cannot be read. */
    static final String HOST = host();
    static final long PID = ProcessHandle.current().pid();

    private Writers() {
    }

    /**
     * True when process {@code pid} of {@code host} certainly no longer runs: it is on this host and no live process
     * has that id. A process of another host (or of an unknown one) is never known to be gone.
     */
    static boolean isGone(long pid, String host) {
        if (!host.equals(HOST) || HOST.equals("unknown")) {
            return false;
        }
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String host() {
        String name = System.getenv("HOSTNAME");
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                name = Files.readString(kernel).trim();
            }
        } catch (IOException | RuntimeException e) {
            // fall back to the environment
        }
        String clean = name == null ? "" : name.replaceAll("[^A-Za-z0-9.-]", "");
        return clean.isEmpty() ? "unknown" : clean.substring(0, Math.min(clean.length(), 64));
    }
}
