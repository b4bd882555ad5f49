package org.eirnn.plot;

import org.eirnn.InvalidInputException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The figures {@code eirnn plot} draws of a model file, by the names {@code --what} takes. */
public enum FigureKind {
    /** W_rec heat map with E/I blocks. */
    WEIGHTS(false),
    /** eigenvalues of W_rec with the unit circle. */
    EIGEN(false),
    /** τ histograms before and after training. */
    TAUS(false),
    /** LIF readout against the rate output of one trial. */
    LIF(true),
    /** spike raster of that trial. */
    RASTER(true),
    /** firing-rate histogram of that trial. */
    RATES(true),
    /** grid-search accuracy against the scaling factor (needs all_perfs in the file). */
    GRID(false),
    /** P(choice 1) against signed coherence with its fit (song2016 rdm tasks; the rate network runs). */
    PSYCHOMETRIC(false),
    /** mean decision time of correct trials against coherence (song2016 rdm_rt). */
    CHRONOMETRIC(false);

    /** Whether the figure needs a LIF simulation. */
    public final boolean simulates;

    FigureKind(boolean simulates) {
        this.simulates = simulates;
    }

    /** The behavioural figures of pycog's tasks, drawn from a run of the rate network (not from the file alone). */
    public boolean behavioural() {
        return this == PSYCHOMETRIC || this == CHRONOMETRIC;
    }

    /** The name in {@code --what} and in the file name. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A comma list of names, or "all". */
    public static Set<FigureKind> parse(String list) {
        if (list.trim().equals("all")) {
            return EnumSet.allOf(FigureKind.class);
        }
        Set<FigureKind> out = EnumSet.noneOf(FigureKind.class);
        for (String s : list.split(",")) {
            String w = s.trim().toLowerCase(Locale.ROOT);
            FigureKind k = Arrays.stream(values()).filter(v -> v.word().equals(w)).findFirst().orElseThrow(() ->
                    new InvalidInputException("--what '" + s.trim() + "' is not valid: expected a comma list of "
                            + names() + ", or all"));
            out.add(k);
        }
        return out;
    }

    public static String names() {
        return Arrays.stream(values()).map(FigureKind::word).collect(Collectors.joining(", "));
    }
}
