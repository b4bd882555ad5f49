package org.eirnn.rng;

/**
 * The independent random streams of eirnn: the fourth counter word. Adding a stream never changes
 * the draws of the existing ones, so results stay reproducible across versions.
 */
public enum RandomStream {
    /** Network initialisation: E/I assignment, connectivity, weights, taus_gaus (spec §2.1). */
    INIT(1),
    /** Task draws: trial kind and any stimulus noise (spec §2.4). */
    TASK(2),
    /** Initial rate-model state x_0 (spec §2.2). */
    RATE_X0(3),
    /** Recurrent noise of the rate model, one normal per unit per step (spec §2.2). */
    RATE_NOISE(4),
    /** Initial LIF membrane voltages (spec §4.2). */
    LIF_V0(5),
    /** Per-step LIF voltage noise (spec §4.4 step 3). */
    LIF_NOISE(6),
    /** Coin of the artificial LIF stimulation (spec §4.4 step 4). */
    LIF_STIM(7),
    /** Post-activation noise of the rate model family, r_t = f(x_t) + σ_post ξ (DESIGN "One model family"). */
    RATE_POST_NOISE(8),
    /** Input noise of pycog's input conditioning (spec peers §1.1). */
    RATE_INPUT_NOISE(9),
    /**
     * Task draws of the spiking evaluations (grid-search, spike-eval): their stimuli are never a training trial's,
     * whatever the trial ids (TASK keys training and rate evaluation).
     */
    SPIKE_TASK(10);

    /** The value placed in counter word 3. */
    public final int id;

    RandomStream(int id) {
        this.id = id;
    }
}
