package org.eirnn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A training run's plain-text log next to its models (issue #11): every line train prints on stderr (header,
 * progress, evaluations, saved files, summary) is also appended to the log, so the run's history stays beside its
 * files. A resumed run appends to the same log.
 */
final class RunLog {
    private RunLog() {
    }

    /** {@code err} teed into {@code file} (created with its folder, appended to). */
    static PrintStream tee(Path file, PrintStream err) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        OutputStream log = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                err.write(b);
                log.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                err.write(b, off, len);
                log.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                err.flush();
                log.flush();
            }

            @Override
            public void close() throws IOException {
                log.close();
            }
        };
        return new PrintStream(both, true, StandardCharsets.UTF_8);
    }
}
