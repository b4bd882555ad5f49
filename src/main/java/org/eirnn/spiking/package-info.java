/**
 * spikeRNN's LIF network (spec §4, MATLAB {@code LIF_network_fnc.m}), the λ grid search (spec §5,
 * {@code lambda_grid_search.m}) and spiking evaluation.
 *
 * <ul>
 * <li>{@link org.eirnn.spiking.LifParams}, {@link org.eirnn.spiking.Stimulation}: the constants and the artificial
 * stimulation, as small records.</li>
 * <li>{@link org.eirnn.spiking.LifNetwork#map}: rate network → LIF network at a scaling factor.</li>
 * <li>{@link org.eirnn.spiking.LifStep}: the pure per-step reference (state update, threshold, propagate, filter,
 * reset); {@link org.eirnn.spiking.CpuLifSimulator} repeats it per trial; the OpenCL simulator
 * ({@code org.eirnn.engine.opencl.OpenClLifSimulator}, {@code kernels/lif.cl}) runs the same operations batched.</li>
 * <li>{@link org.eirnn.spiking.SpikingTrials}, {@link org.eirnn.spiking.SpikingCriterion},
 * {@link org.eirnn.spiking.SpikingEvaluation}: the grid search's stimuli, scoring and accuracy.</li>
 * </ul>
 *
 * <p>Precision: the CPU reference runs in double; the OpenCL kernel in float by default and in double on request.
 * MATLAB running a TensorFlow model file mixes single weights into its double state, so it effectively runs in
 * single precision; no implementation reproduces its bits (its random numbers are MATLAB's), and a chaotic spiking
 * network amplifies last-bit differences into spikes shifted by a step within a few hundred spikes. What is exact:
 * with the noise off and the same initial voltages, the kernel in double equals the CPU reference spike for spike
 * and output for output (same operations in the same order, no contraction into FMA, the refractory test
 * {@code dt·i > tlast + tref} evaluated in double on the host as a table of first free steps).
 *
 * <p>Randomness: streams LIF_V0 (initial voltages), LIF_NOISE (voltage noise) and LIF_STIM (stimulation coin),
 * keyed (seed, network) with the trial id in counter word 2 and the MATLAB step i in word 0; the noise of unit n
 * is lane n&amp;3 of the call at unit group n&gt;&gt;2, four normals per Philox call.
 */
package org.eirnn.spiking;
