package org.eirnn.task;

import org.eirnn.InvalidInputException;

import java.util.List;
import java.util.Locale;

/** The task registry: spikeRNN's names to implementations. */
public final class Tasks {
    private Tasks() {
    }

    public static final List<String> NAMES = List.of("go-nogo", "xor", "mante", "dms");

    public static Task byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "go-nogo":
            case "go_nogo":
                return new GoNogoTask();
            case "xor":
                return XorTask.spikeRnn();
            case "dms":
                return XorTask.dms();
            case "mante":
                return new ManteTask();
            default:
                throw new InvalidInputException("unknown task '" + name + "': expected one of " + NAMES);
        }
    }

    /** Maximum of o over [from, to). */
    static double max(double[] o, int from, int to) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            m = Math.max(m, o[i]);
        }
        return m;
    }

    /** Minimum of o over [from, to). */
    static double min(double[] o, int from, int to) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            m = Math.min(m, o[i]);
        }
        return m;
    }
}
