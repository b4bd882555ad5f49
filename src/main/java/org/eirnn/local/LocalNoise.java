package org.eirnn.local;

import org.eirnn.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the pre-activation noise σ_pre ξ_t enters the hidden state of the ngc-learn EI-RNN (spec peers §2.1):
 * x_t = x_{t−1} + α(−x_{t−1} + j_t) + s·σ_pre·ξ_t.
 * <ul>
 *   <li>{@link #CONTINUOUS} (default): s = √(2α), the Euler discretisation of τ dx/dt = … + √(2τσ²) ξ(t)
 *       (pycog, Song et al. 2016);</li>
 *   <li>{@link #NGC}: s = α·√(2τ) with τ in milliseconds, as ngc-learn's {@code LeakyNoiseCell} codes it; at
 *       Δt = 10 ms this is √(Δt/ms) ≈ 3.16 times the continuous form (a 1/√Δt is missing there), kept for
 *       comparison with the published exhibit.</li>
 * </ul>
 */
public enum LocalNoise {
    CONTINUOUS("continuous"),
    NGC("ngc");

    public final String flagName;

    LocalNoise(String flagName) {
        this.flagName = flagName;
    }

    /** s for α = Δt/τ and a step of {@code dtMs} milliseconds. */
    public double scale(double alpha, double dtMs) {
        return switch (this) {
            case CONTINUOUS -> Math.sqrt(2 * alpha);
            case NGC -> alpha * Math.sqrt(2 * dtMs / alpha);
        };
    }

    public static LocalNoise parse(String name) {
        for (LocalNoise f : values()) {
            if (f.flagName.equals(name.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new InvalidInputException("--noise-form '" + name + "' is not valid for --model ngc-eirnn --task "
                + "forecast: expected one of " + Arrays.stream(values()).map(f -> f.flagName).toList());
    }
}
