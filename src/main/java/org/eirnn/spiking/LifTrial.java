package org.eirnn.spiking;

/**
 * One trial of a LIF batch.
 *
 * @param config  index of its network in {@link LifBatch#networks()} (a network at one scaling factor)
 * @param trialId the trial counter that keys its noise and stimulation coins (Philox counter word 2)
 * @param u       stimulus at rate resolution after downsampling, N_in×columns row-major
 * @param v0      initial voltages, N (mV)
 */
public record LifTrial(int config, long trialId, double[] u, double[] v0) {
}
