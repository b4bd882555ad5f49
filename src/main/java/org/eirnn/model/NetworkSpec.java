package org.eirnn.model;

import org.eirnn.InvalidInputException;

/**
 * The hyper-parameters of one spikeRNN rate network (spec §2.1–2.2), validated on construction.
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
 */
public record NetworkSpec(int n, int inputs, double pInh, double pRec, int somN, double gain,
                          WeightDistribution wDist, boolean applyDale, Activation activation, DecayTaus taus) {

    public NetworkSpec {
        InvalidInputException.require(n > 0, () -> "N=" + n + " is not valid: expected a positive number of units");
        InvalidInputException.require(inputs > 0, () -> "input count " + inputs + " is not valid: expected >= 1");
        InvalidInputException.require(pInh >= 0 && pInh <= 1,
                () -> "P_inh=" + pInh + " is not valid: expected a probability in [0, 1]");
        InvalidInputException.require(pRec > 0 && pRec <= 1,
                () -> "P_rec=" + pRec + " is not valid: expected a probability in (0, 1]");
        InvalidInputException.require(somN >= 0 && somN <= n,
                () -> "som_N=" + somN + " is not valid: expected 0 <= som_N <= N=" + n);
        InvalidInputException.require(gain > 0 && Double.isFinite(gain),
                () -> "gain=" + gain + " is not valid: expected a positive number");
        InvalidInputException.require(wDist != null && activation != null && taus != null,
                () -> "network spec is incomplete");
    }

    /** spikeRNN's defaults for a task with {@code inputs} channels: P_inh 0.2, P_rec 0.2, gain 1.5, sigmoid, Dale on. */
    public static NetworkSpec defaults(int n, int inputs, DecayTaus taus) {
        return new NetworkSpec(n, inputs, 0.2, 0.2, 0, 1.5, WeightDistribution.GAUS, true, Activation.SIGMOID, taus);
    }

    public NetworkSpec withN(int newN) {
        return new NetworkSpec(newN, inputs, pInh, pRec, somN, gain, wDist, applyDale, activation, taus);
    }

    public NetworkSpec withActivation(Activation a) {
        return new NetworkSpec(n, inputs, pInh, pRec, somN, gain, wDist, applyDale, a, taus);
    }

    public NetworkSpec withTaus(DecayTaus t) {
        return new NetworkSpec(n, inputs, pInh, pRec, somN, gain, wDist, applyDale, activation, t);
    }

    public NetworkSpec withInputs(int newInputs) {
        return new NetworkSpec(n, newInputs, pInh, pRec, somN, gain, wDist, applyDale, activation, taus);
    }
}
