package org.eirnn.spiking;

import org.eirnn.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/** The scaling-factor grid of spec §5: MATLAB range syntax start:step:stop (stop included) or a comma list. */
public final class ScalingFactors {
    /** lambda_grid_search.m's 20:5:75. */
    public static final String SPIKERNN = "20:5:75";
    /** The most factors one search takes (each is 100 or more LIF trials of 20 000 steps). */
    public static final int MAX_FACTORS = 10_000;

    private ScalingFactors() {
    }

    public static double[] parse(String text) {
        String s = text.trim();
        try {
            if (s.contains(":")) {
                String[] p = s.split(":");
                InvalidInputException.require(p.length == 3, () -> bad(text));
                double start = Double.parseDouble(p[0]), step = Double.parseDouble(p[1]), stop = Double.parseDouble(p[2]);
                InvalidInputException.require(step > 0 && stop >= start, () -> bad(text));
                List<Double> out = new ArrayList<>();
                // MATLAB's colon: start + k·step for k = 0 … floor((stop − start)/step), with a little tolerance.
                double count = Math.floor((stop - start) / step + 1e-10) + 1;
                InvalidInputException.require(count <= MAX_FACTORS, () -> "--factors " + text + " gives "
                        + String.format(java.util.Locale.ROOT, "%.3g", count) + " factors: expected at most "
                        + MAX_FACTORS + " (a coarser step)");
                for (long k = 0; k < (long) count; k++) {
                    out.add(start + k * step);
                }
                return check(out.stream().mapToDouble(Double::doubleValue).toArray(), text);
            }
            List<Double> out = new ArrayList<>();
            for (String part : s.split(",")) {
                out.add(Double.parseDouble(part.trim()));
            }
            return check(out.stream().mapToDouble(Double::doubleValue).toArray(), text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(bad(text));
        }
    }

    private static double[] check(double[] f, String text) {
        InvalidInputException.require(f.length > 0, () -> bad(text));
        for (double v : f) {
            InvalidInputException.require(v > 0 && Double.isFinite(v), () -> bad(text));
        }
        return f;
    }

    private static String bad(String text) {
        return "--factors '" + text + "' is not valid: expected start:step:stop (e.g. 20:5:75) or a list of positive "
                + "numbers (e.g. 20,25,30)";
    }
}
