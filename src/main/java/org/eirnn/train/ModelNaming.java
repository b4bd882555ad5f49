package org.eirnn.train;

import org.eirnn.model.NetworkSpec;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where spikeRNN saves a model (spec §2.6):
 * {@code <output_dir>/models/<task>/[NoDale/]P_rec_<P_rec>_Taus_<min>_<max>/Task_<task>_N_<N>_Taus_<min>_<max>_Act_<act>_<YYYY_MM_DD_HHMMSS>.mat}
 * (Tau_ with a single τ), numbers printed as Python's {@code str(float)} does. An ensemble of K &gt; 1 networks adds
 * {@code _net<k>} before the extension, one file per network.
 */
public final class ModelNaming {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HHmmss", Locale.ROOT);

    private ModelNaming() {
    }

    public static String stamp(LocalDateTime time) {
        return STAMP.format(time);
    }

    public static Path directory(Path outputDir, String task, NetworkSpec spec) {
        Path dir = outputDir.resolve("models").resolve(task.toLowerCase(Locale.ROOT));
        if (!spec.applyDale()) {
            dir = dir.resolve("NoDale");
        }
        return dir.resolve("P_rec_" + pyFloat(spec.pRec()) + "_" + tausPart(spec));
    }

    /** The file name of network k of K (no suffix when K = 1). */
    public static String fileName(String task, NetworkSpec spec, String stamp, int network, int networks) {
        return base(task, spec) + "_" + stamp + (networks > 1 ? "_net" + network : "") + ".mat";
    }

    /** The run's checkpoint: the model name with the seed in place of the time stamp, so --resume finds it. */
    public static String checkpointName(String task, NetworkSpec spec, long seed) {
        return base(task, spec) + "_seed_" + seed + ".checkpoint";
    }

    private static String base(String task, NetworkSpec spec) {
        return "Task_" + task.toLowerCase(Locale.ROOT) + "_N_" + spec.n() + "_" + tausPart(spec) + "_Act_"
                + spec.activation().spikeRnnName;
    }

    private static String tausPart(NetworkSpec spec) {
        return spec.taus().trainable()
                ? "Taus_" + pyFloat(spec.taus().min()) + "_" + pyFloat(spec.taus().max())
                : "Tau_" + pyFloat(spec.taus().min());
    }

    /** Python's str() of a float for the values that occur here: 4 → "4.0", 0.2 → "0.2". */
    static String pyFloat(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e16) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return Double.toString(v);
    }
}
