package org.eirnn.cli;

import org.eirnn.model.RateNoise;

import java.util.List;

/**
 * {@code --noise-sd} (rate and spiking commands, default 0.1 as spikeRNN) and {@code --x0-sd} (rate commands). Both
 * are standard deviations: finite and >= 0; 0 turns the noise off.
 */
final class NoiseOptions {
    static final double DEFAULT_NOISE_SD = 0.1;
    static final Flag NOISE_SD = Flag.value("noise-sd", "sd",
            "noise SD, 0 = none: the rate model's recurrent noise, the LIF network's voltage noise per step in mV "
                    + "(spikeRNN's randn/10)").detail("default " + DEFAULT_NOISE_SD + ", spikeRNN");
    static final Flag X0_SD = Flag.value("x0-sd", "sd", "SD of the rate model's initial state")
            .detail("default " + RateNoise.SPIKERNN.x0Sd() + ", spikeRNN");

    /** Rate commands: both. */
    static final OptionGroup RATE = () -> List.of(NOISE_SD, X0_SD);
    /** Spiking commands: the voltage noise. */
    static final OptionGroup LIF = () -> List.of(NOISE_SD);

    private NoiseOptions() {
    }

    static RateNoise rate(Args a) {
        return new RateNoise(a.nonNegative(NOISE_SD, DEFAULT_NOISE_SD), a.nonNegative(X0_SD, RateNoise.SPIKERNN.x0Sd()));
    }

    static double lifNoiseSd(Args a) {
        return a.nonNegative(NOISE_SD, DEFAULT_NOISE_SD);
    }
}
