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
}
