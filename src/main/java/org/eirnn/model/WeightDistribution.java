package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Locale;

/** Initial recurrent weight distribution (spec §2.1 item 3). */
public enum WeightDistribution {
    /** N(0,1)·gain/√(N·P_rec) on connected entries (spikeRNN's default). */
    GAUS,
    /** Gamma(shape 2, scale 0.003) on connected entries, no gain scaling. */
    GAMMA;

    public static WeightDistribution parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gaus":
                return GAUS;
            case "gamma":
                return GAMMA;
            default:
                throw new InvalidInputException("unknown weight distribution '" + name + "': expected gaus or gamma");
        }
    }
}
