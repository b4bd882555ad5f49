package org.eirnn.spiking;

/**
 * The spikes of one trial as parallel lists sorted by step, then unit: spike k is unit {@code units[k]}
 * (0-based) at MATLAB step {@code steps[k]} (1-based), i.e. time steps[k]·dt.
 */
public record SpikeTrains(int n, int nt, int[] steps, int[] units) {

    public int count() {
        return steps.length;
    }

    /** Spikes of each unit at steps ≥ {@code fromStep}. */
    public int[] countsPerUnit(int fromStep) {
        int[] c = new int[n];
        for (int k = 0; k < steps.length; k++) {
            if (steps[k] >= fromStep) {
                c[units[k]]++;
            }
        }
        return c;
    }
}
