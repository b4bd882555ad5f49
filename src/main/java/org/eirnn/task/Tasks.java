package org.eirnn.task;

import org.eirnn.InvalidInputException;
import org.eirnn.model.Preset;
import org.eirnn.task.pycog.PycogTasks;

import java.util.List;
import java.util.Locale;

/**
 * The task registry: spikeRNN's names to implementations, and under the song2016 preset pycog's eleven tasks by
 * pycog's names ({@link PycogTasks}). The one name both use, {@code mante}, means pycog's context-dependent task
 * under song2016 and spikeRNN's under every other preset.
 */
public final class Tasks {
    private Tasks() {
    }

    public static final List<String> NAMES = List.of("go-nogo", "xor", "mante", "dms");

    /** True for a name of spikeRNN's tasks or of pycog's (which need --model song2016). */
    public static boolean isKnown(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT)) || name.equalsIgnoreCase("go_nogo")
                || PycogTasks.isPycog(name);
    }

    /** Every task name: spikeRNN's and pycog's. */
    public static String allNames() {
        return String.join(", ", NAMES) + ", " + String.join(", ", PycogTasks.NAMES);
    }

    /** spikeRNN's tasks; pycog's names are refused with a pointer to --model song2016. */
    public static Task byName(String name) {
        return byName(name, Preset.SPIKERNN);
    }

    /** The task {@code name} means under {@code preset}: pycog's first under song2016, spikeRNN's otherwise. */
    public static Task byName(String name, Preset preset) {
        if (preset == Preset.SONG2016 && PycogTasks.isPycog(name)) {
            return PycogTasks.byName(name);
        }
        InvalidInputException.require(!PycogTasks.isPycog(name) || Tasks.NAMES.contains(name.toLowerCase(Locale.ROOT)),
                () -> "task '" + name + "' is one of pycog's: train it with --model song2016");
        return spikeRnn(name);
    }

    private static Task spikeRnn(String name) {
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
                throw new InvalidInputException("unknown task '" + name + "': expected one of " + NAMES
                        + ", or with --model song2016 one of pycog's " + PycogTasks.NAMES);
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
