package org.eirnn.model;

import org.eirnn.InvalidInputException;

/**
 * The hyper-parameters of one rate network of the model family: spikeRNN's own (spec kim2019 §2.1–2.2) plus the
 * family's {@link ModelOptions}, validated on construction.
 *
 * @param n          number of units N
 * @param inputs     input channels N_in (set by the task)
 * @param pInh       probability that a unit is inhibitory
 * @param pRec       connection probability of the recurrent matrix
 * @param somN       number of SOM units (the first somN inhibitory units)
 * @param gain       initial weight gain
 * @param wDist      initial weight distribution
 * @param applyDale  Dale's principle on/off
 * @param activation rate nonlinearity
 * @param taus       decay time constants (steps)
 * @param outputs    output channels N_out (set by the task; spikeRNN's tasks have 1)
 * @param options    the model family's other options (spikeRNN's by default)
 */
public record NetworkSpec(int n, int inputs, double pInh, double pRec, int somN, double gain,
                          WeightDistribution wDist, boolean applyDale, Activation activation, DecayTaus taus,
                          int outputs, ModelOptions options) {

    public NetworkSpec {
        InvalidInputException.require(n > 0, () -> "N=" + n + " is not valid: expected a positive number of units");
        InvalidInputException.require(n <= MAX_N, () -> "N=" + n + " is too large: N×N weights must fit in one array, "
                + "expected N <= " + MAX_N);
        InvalidInputException.require(inputs >= 0, () -> "input count " + inputs + " is not valid: expected >= 0");
        InvalidInputException.require(outputs >= 1,
                () -> "output count " + outputs + " is not valid: expected >= 1");
        InvalidInputException.require(pInh >= 0 && pInh <= 1,
                () -> "P_inh=" + pInh + " is not valid: expected a probability in [0, 1]");
        InvalidInputException.require(pRec > 0 && pRec <= 1,
                () -> "P_rec=" + pRec + " is not valid: expected a probability in (0, 1]");
        InvalidInputException.require(somN >= 0 && somN <= n,
                () -> "som_N=" + somN + " is not valid: expected 0 <= som_N <= N=" + n);
        InvalidInputException.require(gain > 0 && Double.isFinite(gain),
                () -> "gain=" + gain + " is not valid: expected a positive number");
        InvalidInputException.require(wDist != null && activation != null && taus != null && options != null,
                () -> "network spec is incomplete");
    }

    /** The largest N whose N×N matrices fit in one Java array. */
    public static final int MAX_N = 46_340;

    /** A spikeRNN network: one output, spikeRNN's model options. */
    public NetworkSpec(int n, int inputs, double pInh, double pRec, int somN, double gain, WeightDistribution wDist,
                       boolean applyDale, Activation activation, DecayTaus taus) {
        this(n, inputs, pInh, pRec, somN, gain, wDist, applyDale, activation, taus, 1, ModelOptions.SPIKERNN);
    }

    /** spikeRNN's defaults for a task with {@code inputs} channels: P_inh 0.2, P_rec 0.2, gain 1.5, sigmoid, Dale on. */
    public static NetworkSpec defaults(int n, int inputs, DecayTaus taus) {
        return new NetworkSpec(n, inputs, 0.2, 0.2, 0, 1.5, WeightDistribution.GAUS, true, Activation.SIGMOID, taus);
    }

    public NetworkSpec withN(int newN) {
        return new NetworkSpec(newN, inputs, pInh, pRec, somN, gain, wDist, applyDale, activation, taus, outputs,
                options);
    }

    public NetworkSpec withActivation(Activation a) {
        return new NetworkSpec(n, inputs, pInh, pRec, somN, gain, wDist, applyDale, a, taus, outputs, options);
    }

    public NetworkSpec withTaus(DecayTaus t) {
        return new NetworkSpec(n, inputs, pInh, pRec, somN, gain, wDist, applyDale, activation, t, outputs, options);
    }

    public NetworkSpec withInputs(int newInputs) {
        return new NetworkSpec(n, newInputs, pInh, pRec, somN, gain, wDist, applyDale, activation, taus, outputs,
                options);
    }

    public NetworkSpec withOutputs(int newOutputs) {
        return new NetworkSpec(n, inputs, pInh, pRec, somN, gain, wDist, applyDale, activation, taus, newOutputs,
                options);
    }

    public NetworkSpec withDale(boolean dale) {
        return new NetworkSpec(n, inputs, pInh, pRec, somN, gain, wDist, dale, activation, taus, outputs, options);
    }

    public NetworkSpec withOptions(ModelOptions o) {
        return new NetworkSpec(n, inputs, pInh, pRec, somN, gain, wDist, applyDale, activation, taus, outputs, o);
    }
}
