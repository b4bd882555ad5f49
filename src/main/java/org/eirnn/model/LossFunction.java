package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Locale;

/**
 * spikeRNN's per-trial loss (spec §2.3), pairing output index i (time i+1) with target index i, i = 0…T−2:
 * l2 = sqrt(Σ (o_i − z_i)²) (root of the sum, no division by T); l1 = Σ |o_i − z_i|.
 */
public enum LossFunction {
    L2("l2"),
    L1("l1");

    public final String spikeRnnName;

    LossFunction(String spikeRnnName) {
        this.spikeRnnName = spikeRnnName;
    }

    /** Loss of one trial: {@code o[oOff … oOff+len)} against {@code z[zOff … zOff+len)}. */
    public double loss(double[] o, int oOff, double[] z, int zOff, int len) {
        double acc = 0;
        for (int i = 0; i < len; i++) {
            double e = o[oOff + i] - z[zOff + i];
            acc += this == L2 ? e * e : Math.abs(e);
        }
        return this == L2 ? Math.sqrt(acc) : acc;
    }

    public static LossFunction parse(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "l2":
                return L2;
            case "l1":
                return L1;
            default:
                throw new InvalidInputException("unknown loss function '" + name + "': expected l1 or l2");
        }
    }
}
