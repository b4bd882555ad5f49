package org.eirnn.cli;

import java.util.List;

/** {@code --trials}: how many trials a command runs (at least 1); each command says what they are and its default. */
final class TrialsOption {
    static final Flag TRIALS = Flag.value("trials", "n", "number of trials");

    private TrialsOption() {
    }

    /** The group with this command's detail, e.g. "fresh trials, default 100". */
    static OptionGroup described(String detail) {
        return () -> List.of(TRIALS.detail(detail));
    }

    static int read(Args a, int fallback) {
        return a.integer(TRIALS, fallback, 1);
    }
}
