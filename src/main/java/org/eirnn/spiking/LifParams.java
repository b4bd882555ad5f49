package org.eirnn.spiking;

import org.eirnn.InvalidInputException;

/**
 * The constants of spikeRNN's LIF network (spec §4.2, MATLAB {@code LIF_network_fnc.m}); times in seconds,
 * voltages in mV.
 *
 * @param dt         integration step, 5e-5 s × downsample
 * @param tref       absolute refractory period (2 ms)
 * @param tm         membrane time constant (10 ms)
 * @param vreset     reset voltage (−65 mV)
 * @param vpeak      threshold (−40 mV)
 * @param bias       constant input current, equal to vpeak in the reference (−40)
 * @param spikeValue the value written into REC at spike steps (+30 mV)
 * @param tr         synaptic rise time (2 ms)
 * @param noiseSd    SD of the voltage noise added every step (reference: randn/10, i.e. 0.1 mV)
 */
public record LifParams(double dt, double tref, double tm, double vreset, double vpeak, double bias,
                        double spikeValue, double tr, double noiseSd) {

    /** dt at downsample 1 (0.05 ms). */
    public static final double BASE_DT = 5e-5;
    /** LIF steps per rate step (column of u), independent of downsample (spec §1). */
    public static final int STEPS_PER_COLUMN = 100;
    /** Upper end of the initial-voltage range, mV (spec §4.2: uniform on [vreset, 30]). */
    public static final double V0_MAX = 30;
    /** all_fr counts spikes from this MATLAB step on (spk(i, 10:end), spec §4.5). */
    public static final int FIRING_RATE_FROM_STEP = 10;

    public LifParams {
        InvalidInputException.require(noiseSd >= 0 && Double.isFinite(noiseSd),
                () -> "--noise-sd " + noiseSd + " is not valid: expected a standard deviation >= 0 (mV)");
        InvalidInputException.require(dt > 0 && tr > 0, () -> "LIF dt and tr must be positive");
    }

    /** The reference's values for {@code downsample} (spec §4.2). */
    public static LifParams spikeRnn(int downsample) {
        InvalidInputException.require(downsample >= 1,
                () -> "--downsample " + downsample + " is not valid: expected an integer >= 1");
        return new LifParams(BASE_DT * downsample, 0.002, 0.010, -65, -40, -40, 30, 0.002, 0.1);
    }

    public LifParams withNoiseSd(double sd) {
        return new LifParams(dt, tref, tm, vreset, vpeak, bias, spikeValue, tr, sd);
    }

    /**
     * The refractory test of spec §4.4 step 3, evaluated in double exactly as MATLAB writes it:
     * {@code dt·i > tlast + tref}. At the boundary (i = spike step + tref/dt) the outcome depends on rounding.
     */
    public boolean integrates(int step, double tlast) {
        return dt * step > tlast + tref;
    }

    /** The time written into REC's companion tspike for a spike at MATLAB step {@code step}: dt·i. */
    public double spikeTime(int step) {
        return dt * step;
    }

    /**
     * tlast after a spike at {@code step}, as LIF_network_fnc.m updates it: {@code tlast + (dt·i − tlast)}, which
     * can differ from dt·i in the last bit (and so move the refractory boundary by a step).
     */
    public double nextTlast(double tlast, int step) {
        return tlast + (dt * step - tlast);
    }

    /** The first step after {@code step} at which a unit whose last spike time is {@code tlast} integrates. */
    public int firstFreeStep(double tlast, int step) {
        int i = step + 1;
        while (!integrates(i, tlast)) {
            i++;
        }
        return i;
    }

    /** Whole steps inside the refractory period, floor(tref/dt): the search for the first free step starts there. */
    public int refractorySteps() {
        return (int) Math.floor(tref / dt);
    }

    /** Initial voltage for a uniform draw {@code u}: vreset + u·(30 − vreset) (spec §4.2). */
    public double initialVoltage(double u) {
        return vreset + u * (V0_MAX - vreset);
    }

    /** The per-unit synaptic decay factor exp(−dt/td). */
    public double decay(double td) {
        return Math.exp(-dt / td);
    }

    /** The rise factor exp(−dt/tr). */
    public double riseDecay() {
        return Math.exp(-dt / tr);
    }

    /** 0-based column of u held at MATLAB step i: round(i/100)+1 in MATLAB's 1-based terms (spec §4.3). */
    public static int column(int step) {
        return (step + STEPS_PER_COLUMN / 2) / STEPS_PER_COLUMN;
    }

    /** nt for a stimulus of {@code columns} columns (after downsampling): (columns − 1)·100. */
    public static int steps(int columns) {
        InvalidInputException.require(columns >= 2,
                () -> "stimulus u has " + columns + " columns: expected at least 2 (T+1 rate steps)");
        return (columns - 1) * STEPS_PER_COLUMN;
    }

    /** Trial duration T in seconds: (columns − 1)·dt·100. */
    public double duration(int columns) {
        return (columns - 1) * dt * STEPS_PER_COLUMN;
    }
}
