package org.eirnn.rng;

/**
 * Addresses draws of one stream for one network: {@code normal(trial, step, unit)} and
 * {@code uniform(trial, step, unit)} are pure functions of (seed, network, stream, trial, step, unit).
 * The OpenCL kernels compute exactly the same words (see {@code kernels/philox.cl}).
 *
 * @param seed    the run seed (its low 32 bits form key word 0)
 * @param network the ensemble member index (key word 1)
 * @param stream  which stream (counter word 3)
 */
public record RandomKey(long seed, int network, RandomStream stream) {

    public int key0() {
        return (int) seed;
    }

    public int key1() {
        return network;
    }

    /** Standard normal for (trial, step, unit): lane unit&3 of the call at unit group unit>>>2. */
    public double normal(long trial, int step, int unit) {
        int[] w = new int[4];
        Philox.block(step, unit >>> 2, (int) trial, stream.id, key0(), key1(), w);
        int lane = unit & 3;
        return lane < 2 ? Philox.boxMuller(w[0], w[1], lane) : Philox.boxMuller(w[2], w[3], lane - 2);
    }

    /** Uniform in (0,1) for (trial, step, unit): word unit&3 of the call at unit group unit>>>2. */
    public double uniform(long trial, int step, int unit) {
        int[] w = new int[4];
        Philox.block(step, unit >>> 2, (int) trial, stream.id, key0(), key1(), w);
        return Philox.uniform(w[unit & 3]);
    }

    /**
     * Fills {@code out[0..count)} with normal(trial, step, 0..count), four per Philox call: each pair of words gives
     * its cosine and sine branch from one radius and angle (the same values {@link Philox#boxMuller} computes).
     */
    public void normals(long trial, int step, double[] out, int offset, int count) {
        int[] w = new int[4];
        for (int group = 0; group * 4 < count; group++) {
            Philox.block(step, group, (int) trial, stream.id, key0(), key1(), w);
            int at = offset + group * 4;
            int left = Math.min(4, count - group * 4);
            Philox.boxMullerPair(w[0], w[1], out, at, Math.min(left, 2));
            if (left > 2) {
                Philox.boxMullerPair(w[2], w[3], out, at + 2, left - 2);
            }
        }
    }

    /** The same key on another stream. */
    public RandomKey with(RandomStream other) {
        return new RandomKey(seed, network, other);
    }
}
