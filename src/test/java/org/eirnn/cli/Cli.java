package org.eirnn.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a command line as {@code tools/eirnn} would, for tests. */
public final class Cli {
    private Cli() {
    }

    /** {exit status, what Main wrote to its error stream}. */
    public static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8)};
    }
}
