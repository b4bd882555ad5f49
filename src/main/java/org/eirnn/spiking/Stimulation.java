package org.eirnn.spiking;

import org.eirnn.InvalidInputException;

import java.util.Locale;

/**
 * The artificial stimulation of {@code LIF_network_fnc.m} (spec §4.4 step 4): during MATLAB steps
 * {@code from ≤ i < to}, one fair coin per step (stream LIF_STIM) decides whether all listed units get
 * +0.5 mV ('exc') or −0.5 mV ('inh') after the noise.
 *
 * @param mode  none, exc or inh
 * @param from  first MATLAB step (stims.dur(1))
 * @param to    end MATLAB step, exclusive (stims.dur(2))
 * @param units 0-based unit indices (MATLAB stims.units − 1)
 */
public record Stimulation(Mode mode, int from, int to, int[] units) {

    public enum Mode { NONE, EXC, INH }

    /** The kick in mV. */
    public static final double KICK = 0.5;

    public static final Stimulation NONE = new Stimulation(Mode.NONE, 0, 0, new int[0]);

    public static Mode parseMode(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "none":
                return Mode.NONE;
            case "exc":
                return Mode.EXC;
            case "inh":
                return Mode.INH;
            default:
                throw new InvalidInputException("--stim-mode '" + s + "' is not valid: expected none, exc or inh");
        }
    }

    /** True when a coin is tossed at MATLAB step i. */
    public boolean active(int step) {
        return mode != Mode.NONE && step >= from && step < to;
    }

    /** The voltage added to the listed units when the coin falls (coin < 0.5). */
    public double kick() {
        return mode == Mode.EXC ? KICK : mode == Mode.INH ? -KICK : 0.0;
    }

    /** The listed units as a per-unit mask; throws if a unit is outside 0..n−1. */
    public boolean[] mask(int n) {
        boolean[] m = new boolean[n];
        for (int u : units) {
            InvalidInputException.require(u >= 0 && u < n,
                    () -> "stimulated unit " + (u + 1) + " is not valid: expected 1.." + n + " (MATLAB indices)");
            m[u] = true;
        }
        return m;
    }
}
