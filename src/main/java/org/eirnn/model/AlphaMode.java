package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Locale;

/**
 * Where each unit's α = Δt/τ comes from (DESIGN "One model family"), stored per unit in the network's
 * {@code tausGaus} vector:
 * <ul>
 *   <li>{@link #TAUS}: spikeRNN's {@code --decay_taus} (spec kim2019 §2.2): one fixed τ (the vector is unused), or a
 *       range with trainable τ = sigmoid(taus_gaus)(τmax − τmin) + τmin;</li>
 *   <li>{@link #TRAINABLE_ALPHA}: nn4n's {@code learn_alpha} (spec peers §3.1): the vector holds α itself, initialised
 *       to Δt/τ, and is trained.</li>
 * </ul>
 */
public enum AlphaMode {
    TAUS("taus"),
    TRAINABLE_ALPHA("trainable");

    public final String flagName;

    AlphaMode(String flagName) {
        this.flagName = flagName;
    }

    public static AlphaMode parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "taus", "fixed" -> TAUS;
            case "trainable", "learn" -> TRAINABLE_ALPHA;
            default -> throw new InvalidInputException("unknown alpha mode '" + name
                    + "': expected taus (spikeRNN's --decay_taus) or trainable");
        };
    }
}
