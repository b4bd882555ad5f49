package org.eirnn.local;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;

/**
 * K independent networks of one {@link NgcSpec} and the state of their local rule, in double, network-major
 * ({@code theta[k*P + p]}): parameters θ, eligibility traces Ē, Adam's moments m and v, and the number of Adam steps
 * taken (the same for every network, as they learn in lockstep). Engines read and write it; the state persists
 * between calls, so a run can go pass by pass.
 */
public final class LocalEnsemble {
    public final NgcSpec spec;
    public final int networks;
    public final double[] theta;
    public final double[] trace;
    public final double[] m;
    public final double[] v;
    private long adamSteps;

    public LocalEnsemble(NgcSpec spec, int networks) {
        InvalidInputException.require(networks >= 1, () -> "--networks " + networks + " is not valid: expected >= 1");
        long values = (long) networks * spec.parameters();
        requireMemory(networks, values);
        this.spec = spec;
        this.networks = networks;
        this.theta = new double[(int) values];
        this.trace = new double[(int) values];
        this.m = new double[(int) values];
        this.v = new double[(int) values];
    }

    /** Refuses, before allocating, an ensemble whose four state arrays (and an OpenCL copy) cannot fit. */
    private static void requireMemory(int networks, long values) {
        long bytes = values * 8 * 6;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        InvalidInputException.require(values <= Integer.MAX_VALUE - 8 && bytes <= free, () -> String.format(
                java.util.Locale.ROOT, "%d network(s) of %d parameters need about %.1f GiB; this JVM has %.1f GiB "
                        + "free (raise it with EIRNN_JAVA_OPTS=-Xmx...)", networks, values / networks,
                bytes / 1073741824.0, free / 1073741824.0));
    }

    /**
     * ngc-learn's initialisation (spec peers §2.2): W1, V1, W1o ~ U(0, initMax), biases 0; network k draws from
     * stream INIT of (seed, k), one uniform per entry (W1 at step 0, V1 at step 1, W1o at step 2, unit = entry).
     */
    public static LocalEnsemble initial(NgcSpec spec, int networks, long seed) {
        LocalEnsemble e = new LocalEnsemble(spec, networks);
        int n = spec.n();
        int c = spec.channels();
        for (int k = 0; k < networks; k++) {
            RandomKey key = new RandomKey(seed, k, RandomStream.INIT);
            int base = k * spec.parameters();
            for (int q = 0; q < c * n; q++) {
                e.theta[base + spec.w1(0, 0) + q] = spec.initMax() * key.uniform(0, 0, q);
            }
            for (int q = 0; q < n * n; q++) {
                e.theta[base + spec.v1(0, 0) + q] = spec.initMax() * key.uniform(0, 1, q);
            }
            for (int q = 0; q < n * c; q++) {
                e.theta[base + spec.w1o(0, 0) + q] = spec.initMax() * key.uniform(0, 2, q);
            }
        }
        return e;
    }

    public long adamSteps() {
        return adamSteps;
    }

    public void setAdamSteps(long steps) {
        this.adamSteps = steps;
    }

    /** Network k's parameters (a copy). */
    public double[] parameters(int k) {
        int p = spec.parameters();
        return java.util.Arrays.copyOfRange(theta, k * p, (k + 1) * p);
    }

    /** A deep copy (tests compare engines from one starting state). */
    public LocalEnsemble copy() {
        LocalEnsemble c = new LocalEnsemble(spec, networks);
        System.arraycopy(theta, 0, c.theta, 0, theta.length);
        System.arraycopy(trace, 0, c.trace, 0, trace.length);
        System.arraycopy(m, 0, c.m, 0, m.length);
        System.arraycopy(v, 0, c.v, 0, v.length);
        c.adamSteps = adamSteps;
        return c;
    }
}
