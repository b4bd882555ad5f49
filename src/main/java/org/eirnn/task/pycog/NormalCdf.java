package org.eirnn.task.pycog;

/**
 * The standard normal distribution function Φ(z) = erfc(−z/√2)/2, from the Taylor series of erf for |x| &lt; 3 and
 * the continued fraction of erfc beyond (absolute error below 1e-12).
 */
public final class NormalCdf {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final int FRACTION_TERMS = 80;

    private NormalCdf() {
    }

    public static double phi(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    static double erfc(double x) {
        if (Math.abs(x) < 3) {
            return 1 - erf(x);
        }
        double tail = erfcFraction(Math.abs(x));
        return x > 0 ? tail : 2 - tail;
    }

    /** erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1)). */
    private static double erf(double x) {
        double term = x;       // (−1)^n x^(2n+1) / n!
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            double next = term / (2 * n + 1);
            sum += next;
            if (Math.abs(next) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc(x) for x ≥ 3: e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))). */
    private static double erfcFraction(double x) {
        double k = x;
        for (int n = FRACTION_TERMS; n >= 1; n--) {
            k = x + (n / 2.0) / k;
        }
        return Math.exp(-x * x) / (Math.sqrt(Math.PI) * k);
    }
}
