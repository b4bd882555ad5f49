package org.eirnn.check;

import java.util.function.Supplier;

/**
 * The outcome of one comparison: the difference figures and the first criterion that did not hold (null when all
 * held). Built with {@link #require}, which keeps the first failure and ignores later ones.
 */
final class Verdict {
    private Difference diff = new Difference(0, 0);
    private String failure;
    private String skipped;

    /** Widens the reported difference by {@code d}. */
    Verdict add(Difference d) {
        diff = diff.max(d);
        return this;
    }

    /** Records {@code what} as the failure unless {@code ok} (NaN comparisons are false, so NaN fails). */
    Verdict require(boolean ok, Supplier<String> what) {
        if (!ok && failure == null) {
            failure = what.get();
        }
        return this;
    }

    static Verdict skip(String why) {
        Verdict v = new Verdict();
        v.diff = Difference.NONE;
        v.skipped = why;
        return v;
    }

    Difference diff() {
        return diff;
    }

    String failure() {
        return failure;
    }

    String skipped() {
        return skipped;
    }
}
