package org.eirnn.task.pycog;

import org.eirnn.InvalidInputException;

import java.util.List;
import java.util.Locale;

/**
 * pycog's eleven example tasks by their pycog names (spec peers §1.7). Each is drawn at a step Δt and time constant τ
 * in ms: by default the task's τ (100 ms; lee 50 ms) and pycog's training step Δt = τ/5 (the runner of §1.8 uses
 * 0.5 ms).
 */
public final class PycogTasks {
    public static final List<String> NAMES = List.of("sinewave", "rdm_fixed", "rdm_dense", "rdm_nodale",
            "rdm_varstim", "rdm_rt", "mante", "mante_areas", "multisensory", "romo", "lee");

    private PycogTasks() {
    }

    public static boolean isPycog(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The task's own τ in ms: 100, lee 50. */
    public static double defaultTauMs(String name) {
        return name.toLowerCase(Locale.ROOT).equals("lee") ? 50 : 100;
    }

    /** The task at its τ and Δt = τ/5. */
    public static PycogTask byName(String name) {
        double tau = defaultTauMs(name);
        return byName(name, tau / 5, tau);
    }

    public static PycogTask byName(String name, double dtMs, double tauMs) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "sinewave" -> new SinewaveTask(dtMs, tauMs);
            case "rdm_fixed" -> new RdmTask(RdmTask.Variant.FIXED, dtMs, tauMs);
            case "rdm_dense" -> new RdmTask(RdmTask.Variant.DENSE, dtMs, tauMs);
            case "rdm_nodale" -> new RdmTask(RdmTask.Variant.NODALE, dtMs, tauMs);
            case "rdm_varstim" -> new RdmTask(RdmTask.Variant.VARSTIM, dtMs, tauMs);
            case "rdm_rt" -> new RdmTask(RdmTask.Variant.RT, dtMs, tauMs);
            case "mante" -> new ContextTask(false, dtMs, tauMs);
            case "mante_areas" -> new ContextTask(true, dtMs, tauMs);
            case "multisensory" -> new MultisensoryTask(dtMs, tauMs);
            case "romo" -> new RomoTask(dtMs, tauMs);
            case "lee" -> new LeeTask(dtMs, tauMs);
            default -> throw new InvalidInputException("unknown pycog task '" + name + "': expected one of " + NAMES);
        };
    }
}
