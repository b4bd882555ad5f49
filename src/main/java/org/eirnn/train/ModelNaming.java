package org.eirnn.train;

import org.eirnn.model.NetworkSpec;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where spikeRNN saves a model (spec §2.6):
 * {@code <output_dir>/models/<task>/[NoDale/]P_rec_<P_rec>_Taus_<min>_<max>/Task_<task>_N_<N>_Taus_<min>_<max>_Act_<act>_<YYYY_MM_DD_HHMMSS>.mat}
 * (Tau_ with a single τ), numbers printed as Python's {@code str(float)} does; eirnn adds {@code _seed_<seed>} before
 * the time stamp, so a file names the seed that reproduces it (spikeRNN's globs {@code Task_*_Act_*.mat} still match).
 * An ensemble of K &gt; 1 networks adds {@code _net<k>} before the extension, one file per network.
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

    /** The file name of network k of K (no suffix when K = 1) trained from {@code seed}. */
    public static String fileName(String task, NetworkSpec spec, long seed, String stamp, int network, int networks) {
        return base(task, spec) + "_seed_" + seed + "_" + stamp + (networks > 1 ? "_net" + network : "") + ".mat";
    }

    /**
     * The run's own name, the model name with the seed in place of the time stamp: its checkpoint (so --resume finds
     * it), its log and its figures carry it.
     */
    public static String runName(String task, NetworkSpec spec, long seed) {
        return base(task, spec) + "_seed_" + seed;
    }

    public static String checkpointName(String task, NetworkSpec spec, long seed) {
        return runName(task, spec, seed) + ".checkpoint";
    }

    /** The run's plain-text log, next to its models: the checkpoint's name with .log. */
    public static String logName(String task, NetworkSpec spec, long seed) {
        return runName(task, spec, seed) + ".log";
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

    /**
     * Python's str() of a float (its repr): the shortest digits that round-trip, positional when the decimal exponent
     * is in [−4, 16) with ".0" for integral values (4 → "4.0", 0.2 → "0.2", 0.0001 → "0.0001"), else scientific with
     * a signed two-digit exponent (1e-05, 1e+16). Java's own spelling differs outside [1e−3, 1e7) ("1.0E-4").
     */
    static String pyFloat(double v) {
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = v < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return String.format(Locale.ROOT, "%s%se%s%02d", sign, mantissa, exponent < 0 ? "-" : "+",
                Math.abs(exponent));
    }
}
