package org.eirnn.sweep;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out} and {@code System.err} per thread, so that commands run in this process on several worker
 * threads at once (one per device) write their progress and results into their own log and capture instead of one
 * interleaved stderr. A thread without a route writes to the original streams.
 */
public final class ThreadStreams {
    private static final ThreadLocal<PrintStream> OUT = new ThreadLocal<>();
    private static final ThreadLocal<PrintStream> ERR = new ThreadLocal<>();
    private static PrintStream originalOut;
    private static PrintStream originalErr;

    private ThreadStreams() {
    }

    /** Installs the routing streams (once per JVM; later calls do nothing). */
    public static synchronized void install() {
        if (originalOut != null) {
            return;
        }
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new Routed(OUT, originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Routed(ERR, originalErr), true, StandardCharsets.UTF_8));
    }

    /** The stderr this process had before routing (the sweep's own progress goes there). */
    public static synchronized PrintStream console() {
        return originalErr != null ? originalErr : System.err;
    }

    /** Work whose standard streams are routed. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} on this thread with System.out going to {@code out} and System.err to {@code err}. */
    public static <T> T with(PrintStream out, PrintStream err, Work<T> work) throws Exception {
        install();
        PrintStream oldOut = OUT.get();
        PrintStream oldErr = ERR.get();
        OUT.set(out);
        ERR.set(err);
        try {
            return work.run();
        } finally {
            out.flush();
            err.flush();
            OUT.set(oldOut);
            ERR.set(oldErr);
        }
    }

    private static final class Routed extends OutputStream {
        private final ThreadLocal<PrintStream> route;
        private final PrintStream fallback;

        Routed(ThreadLocal<PrintStream> route, PrintStream fallback) {
            this.route = route;
            this.fallback = fallback;
        }

        private PrintStream target() {
            PrintStream p = route.get();
            return p != null ? p : fallback;
        }

        @Override
        public void write(int b) {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target().write(b, off, len);
        }

        @Override
        public void flush() {
            target().flush();
        }
    }
}
