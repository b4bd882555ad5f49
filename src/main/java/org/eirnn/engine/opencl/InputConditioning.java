package org.eirnn.engine.opencl;

import org.eirnn.model.RateNoise;

/**
 * pycog's input conditioning on the device, ũ_t = [baseline + u_t + σ_in ξ''_t]₊ (spec peers §1.1, {@link RateNoise};
 * kernels/rate_model.cl's {@code rate_condition_inputs}), applied in place to a batch's inputs in the lane layout of
 * one program (the forward session's or the training kernels'), with the CPU reference's draws. Inputs that pass
 * through untouched cost nothing.
 */
final class InputConditioning implements AutoCloseable {
    private final ClKernel kernel;
    private final ClBuffer.Ints slotNetworks;
    private final TrialLayout layout;
    private final int steps;

    /** The kernel of {@code program} for batches of {@code steps} steps in {@code layout}; the caller owns it. */
    InputConditioning(ClContext cl, ClProgram program, TrialLayout layout, int steps) {
        this.layout = layout;
        this.steps = steps;
        this.slotNetworks = cl.ints(layout.slotNetworks());
        try {
            this.kernel = program.kernel("rate_condition_inputs");
        } catch (RuntimeException e) {
            slotNetworks.close();
            throw e;
        }
    }

    /** Conditions {@code u} (just uploaded, [tile][t][c][lane]) for the trials {@code trialIds} under {@code noise}. */
    void enqueue(ClBuffer.Floats u, ClBuffer.Ints trialIds, RateNoise noise, long seed) {
        if (noise.inputsPassThrough()) {
            return;
        }
        kernel.arg(0, u).arg(1, trialIds).arg(2, slotNetworks).arg(3, layout.lanes()).arg(4, steps)
                .arg(5, (int) seed).arg(6, (float) noise.inputSd()).arg(7, (float) noise.inputBaseline())
                .arg(8, noise.rectifyInputs() ? 1 : 0)
                .launch(new long[] {layout.slots(), steps}, null);
    }

    @Override
    public void close() {
        kernel.close();
        slotNetworks.close();
    }
}
