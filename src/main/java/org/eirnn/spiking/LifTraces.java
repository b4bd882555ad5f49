package org.eirnn.spiking;

/**
 * The dense per-step records of one trial, N×nt row-major ({@code [unit*nt + step-1]}), as LIF_network_fnc
 * returns them (spec §4.5).
 *
 * @param rec   REC: voltages after the step, +30 at spike steps
 * @param rs    filtered spike trains r after the step
 * @param ipscs IPSCs: the synaptic current at the start of the step
 */
public record LifTraces(int n, int nt, double[] rec, double[] rs, double[] ipscs) {
    public static LifTraces allocate(int n, int nt) {
        return new LifTraces(n, nt, new double[n * nt], new double[n * nt], new double[n * nt]);
    }
}
