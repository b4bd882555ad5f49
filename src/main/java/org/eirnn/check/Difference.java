package org.eirnn.check;

/**
 * How far a device's numbers are from the reference's: the largest entry-wise |device − reference| and the relative
 * norm of the difference, ‖device − reference‖₂ / ‖reference‖₂.
 */
public record Difference(double maxAbs, double rel) {
    public static final Difference NONE = new Difference(Double.NaN, Double.NaN);

    public static Difference of(double[] reference, double[] device) {
        if (reference.length != device.length) {
            throw new IllegalArgumentException("lengths differ: " + reference.length + " vs " + device.length);
        }
        double max = 0;
        double diff2 = 0;
        double ref2 = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = Math.abs(device[i] - reference[i]);
            max = Double.isNaN(d) ? Double.NaN : Math.max(max, d);
            diff2 += d * d;
            ref2 += reference[i] * reference[i];
        }
        return new Difference(max, ref2 > 0 ? Math.sqrt(diff2 / ref2) : (diff2 > 0 ? Double.POSITIVE_INFINITY : 0));
    }

    /** The larger of both figures (NaN wins, so a NaN on the device is never hidden). */
    public Difference max(Difference other) {
        return new Difference(worse(maxAbs, other.maxAbs), worse(rel, other.rel));
    }

    private static double worse(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }

    /** Cosine of the angle between two vectors (1 for equal directions). */
    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
