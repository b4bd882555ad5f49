package org.eirnn.spiking;

import org.eirnn.InvalidInputException;

import java.util.Locale;

/**
 * The dense per-step records of one trial, N×nt row-major ({@code [unit*nt + step-1]}), as LIF_network_fnc
 * returns them (spec §4.5).
 *
 * @param rec   REC: voltages after the step, +30 at spike steps
 * @param rs    filtered spike trains r after the step
 * @param ipscs IPSCs: the synaptic current at the start of the step
 */
public record LifTraces(int n, int nt, double[] rec, double[] rs, double[] ipscs) {
    /** Host memory of one trial's traces: three N×nt double arrays. */
    public static long bytes(int n, int nt) {
        return 3L * 8 * n * nt;
    }

    /**
     * Refuses, before anything is allocated, traces of {@code trials} trials that would take more than half the
     * JVM's memory (the output file's encoding needs room beside them).
     */
    public static void requireFits(int n, int nt, int trials) {
        long need = bytes(n, nt) * trials;
        long heap = Runtime.getRuntime().maxMemory();
        InvalidInputException.require(need < heap / 2, () -> String.format(Locale.ROOT, "--record REC/rs/IPSCs of "
                + "%d trial(s) of %d units x %d steps needs about %.1f GB of memory, more than half the %.1f GB this "
                + "JVM may use: give fewer --trials or raise -Xmx in EIRNN_JAVA_OPTS", trials, n, nt, need / 1e9,
                heap / 1e9));
    }

    public static LifTraces allocate(int n, int nt) {
        return new LifTraces(n, nt, new double[n * nt], new double[n * nt], new double[n * nt]);
    }
}
