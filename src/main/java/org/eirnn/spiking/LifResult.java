package org.eirnn.spiking;

/**
 * The results of a LIF batch, trial b in the batch's order.
 *
 * @param nt          steps per trial
 * @param n           units
 * @param windowMax   max of out over the scoring window, per trial
 * @param windowMin   min of out over the scoring window, per trial
 * @param spikeCounts spikes per unit from step 10 on (the all_fr numerator), trials×N
 * @param out         readout per step, trials×nt (null unless recorded)
 * @param spikes      spike lists per trial (null unless recorded)
 * @param traces      REC/rs/IPSCs per trial (null unless recorded)
 */
public record LifResult(int nt, int n, double[] windowMax, double[] windowMin, int[] spikeCounts, double[] out,
                        SpikeTrains[] spikes, LifTraces[] traces) {

    /**
     * A result whose readout is not finite comes from voltages that ran away (weights far too strong for the
     * scaling factor, or a stimulus out of range): refused in one line, on every engine, rather than scored.
     */
    public LifResult {
        for (int b = 0; b < windowMax.length; b++) {
            int trial = b;
            // an empty scoring window leaves max = −∞, min = +∞; NaN or the opposite infinities mean a runaway
            boolean ranAway = Double.isNaN(windowMax[b]) || Double.isNaN(windowMin[b])
                    || windowMax[b] == Double.POSITIVE_INFINITY || windowMin[b] == Double.NEGATIVE_INFINITY;
            org.eirnn.InvalidInputException.require(!ranAway,
                    () -> "the LIF network ran away in trial " + trial + " of the batch (its readout is "
                            + windowMax[trial] + "): the weights are too strong for this scaling factor");
        }
    }

    public int trials() {
        return windowMax.length;
    }

    /** Total spikes of trial b from step 10 on. */
    public long spikeTotal(int b) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += spikeCounts[b * n + i];
        }
        return s;
    }

    /** all_fr of trial b: spikes from step 10 on divided by T (Hz), spec §4.5. */
    public double[] firingRates(int b, double durationSeconds) {
        double[] fr = new double[n];
        for (int i = 0; i < n; i++) {
            fr[i] = spikeCounts[b * n + i] / durationSeconds;
        }
        return fr;
    }

    /** The results of two batches of the same networks and length, trial order kept (a split batch rejoined). */
    public static LifResult concat(LifResult a, LifResult b) {
        return new LifResult(a.nt, a.n, join(a.windowMax, b.windowMax), join(a.windowMin, b.windowMin),
                join(a.spikeCounts, b.spikeCounts), a.out == null ? null : join(a.out, b.out),
                a.spikes == null ? null : join(a.spikes, b.spikes), a.traces == null ? null : join(a.traces, b.traces));
    }

    private static double[] join(double[] a, double[] b) {
        double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] join(int[] a, int[] b) {
        int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static <T> T[] join(T[] a, T[] b) {
        T[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
