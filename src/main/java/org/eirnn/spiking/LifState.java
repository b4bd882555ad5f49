package org.eirnn.spiking;

/**
 * The state of one LIF trial between steps (spec §4.4), N-vectors. {@code spiked} and {@code vBeforeReset}
 * describe the step that produced this state (what spk and REC record).
 *
 * @param v        membrane voltage after reset, mV
 * @param tlast    time of the last spike, s (0 before the first)
 * @param ipsc     synaptic current IPSC
 * @param h        its rise variable
 * @param r        filtered spike train (spikes/s)
 * @param hr       its rise variable
 * @param spiked   [v ≥ vpeak] at the step that produced this state
 */
public record LifState(double[] v, double[] tlast, double[] ipsc, double[] h, double[] r, double[] hr,
                       boolean[] spiked) {

    public static LifState zeros(int n) {
        return new LifState(new double[n], new double[n], new double[n], new double[n], new double[n],
                new double[n], new boolean[n]);
    }

    /** The state before step 1: voltages v0, everything else 0 (tlast = 0). */
    public static LifState initial(double[] v0) {
        LifState s = zeros(v0.length);
        System.arraycopy(v0, 0, s.v, 0, v0.length);
        return s;
    }

    public int n() {
        return v.length;
    }
}
