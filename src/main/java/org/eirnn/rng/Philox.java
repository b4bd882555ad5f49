package org.eirnn.rng;

/**
 * Philox4x32-10 counter-based generator (Salmon et al., SC'11), the single source of randomness of
 * eirnn. The OpenCL twin is {@code kernels/philox.cl}; both must give the same bits.
 *
 * <p>Every draw is addressed, not sequenced: key = (seed, network), counter = (step, unit group,
 * trial, stream). One call yields four 32-bit words, hence four uniforms or two Box–Muller pairs,
 * so the normal for unit {@code i} is lane {@code i & 3} of the call at unit group {@code i >>> 2}.
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    /** 2^-32: maps a 32-bit word w to (w + 0.5)·2^-32, strictly inside (0, 1). */
    private static final double TWO_POW_M32 = 1.0 / 4294967296.0;

    private Philox() {
    }

    /**
     * Ten Philox rounds on {@code ctr} under {@code key}; writes the four output words into {@code out}.
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            if (round > 0) {
                k0 += W0;
                k1 += W1;
            }
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            c0 = hi1 ^ c1 ^ k0;
            c1 = lo1;
            c2 = hi0 ^ c3 ^ k1;
            c3 = lo0;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** A 32-bit word as a uniform in (0, 1), never 0 or 1 so that log() is safe. */
    public static double uniform(int word) {
        return ((word & 0xFFFFFFFFL) + 0.5) * TWO_POW_M32;
    }

    /**
     * Box–Muller on a pair of words: lane 0 gives the cosine branch, lane 1 the sine branch.
     * The OpenCL twin uses the same formula in float.
     */
    public static double boxMuller(int wordA, int wordB, int lane) {
        double radius = Math.sqrt(-2.0 * Math.log(uniform(wordA)));
        double angle = 2.0 * Math.PI * uniform(wordB);
        return lane == 0 ? radius * Math.cos(angle) : radius * Math.sin(angle);
    }

    /**
     * Both branches of {@link #boxMuller} for one pair of words, written to {@code out[at]} (cosine) and
     * {@code out[at+1]} (sine) when {@code lanes} is 2, the cosine alone when it is 1: the radius and angle are
     * computed once, with the same expressions, so the values equal boxMuller's bit for bit.
     */
    public static void boxMullerPair(int wordA, int wordB, double[] out, int at, int lanes) {
        double radius = Math.sqrt(-2.0 * Math.log(uniform(wordA)));
        double angle = 2.0 * Math.PI * uniform(wordB);
        out[at] = radius * Math.cos(angle);
        if (lanes > 1) {
            out[at + 1] = radius * Math.sin(angle);
        }
    }
}
