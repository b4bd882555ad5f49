/**
 * {@code eirnn check}: the OpenCL kernels on a user's device and driver against the CPU reference engine.
 *
 * <ul>
 * <li>{@link org.eirnn.check.DeviceCheck}: every check on one device, in the kernel shapes asked for, as table rows
 * ({@link org.eirnn.check.CheckRow}); a failure of any kind (wrong numbers, a build error with its log, a driver
 * error) is a FAIL row, never an abort.</li>
 * <li>{@link org.eirnn.check.RateChecks}: forward pass (noise on), training gradients and Adam steps.</li>
 * <li>{@link org.eirnn.check.LifChecks}: LIF spikes and readout with the noise off and the same v0.</li>
 * </ul>
 *
 * <p>The problems are small and seeded, the CPU reference runs once per problem and is shared by every device and
 * shape, and each tolerance is the one the engine tests use (named in the check that applies it).
 */
package org.eirnn.check;
