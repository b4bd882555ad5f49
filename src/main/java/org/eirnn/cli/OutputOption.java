package org.eirnn.cli;

import java.nio.file.Path;
import java.util.List;

/** {@code --out}: the .mat file a command writes its results to; each command says what they are. */
final class OutputOption {
    static final Flag OUT = Flag.value("out", "file.mat", "write the results to this .mat file");

    private OutputOption() {
    }

    static OptionGroup described(String detail) {
        return () -> List.of(OUT.detail(detail));
    }

    /** The file, or null when --out is not given. */
    static Path path(Args a) {
        if (!a.has(OUT)) {
            return null;
        }
        Path out = Path.of(a.string(OUT, null));
        org.eirnn.io.AtomicFiles.requireWritable(out, "--out");
        return out;
    }
}
