package org.eirnn.spiking;

/**
 * What a LIF simulation keeps besides the always-present per-trial summary (window max/min of out and
 * per-unit spike counts from step 10).
 *
 * @param out        the readout out, nt per trial
 * @param spikes     every spike as (step, unit) lists
 * @param traces     REC, rs and IPSCs, N×nt per trial (large: meant for a few trials)
 * @param windowFrom first MATLAB step of the scoring window (max/min of out over windowFrom..nt)
 */
public record LifRecording(boolean out, boolean spikes, boolean traces, int windowFrom) {
    /** Only the summaries: what the grid search needs. */
    public static LifRecording scores(int windowFrom) {
        return new LifRecording(false, false, false, windowFrom);
    }
}
