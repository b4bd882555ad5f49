package org.eirnn.spiking;

import org.eirnn.InvalidInputException;

import java.util.List;

/**
 * A batch of LIF trials: many networks (each a rate network at one scaling factor) × many trials each, all with
 * the same N and the same number of stimulus columns, simulated in one call.
 *
 * @param params      the LIF constants (dt from the downsample)
 * @param networks    the configurations trials refer to by index
 * @param columns     stimulus columns (after downsampling); nt = (columns − 1)·100
 * @param trials      the trials
 * @param seed        run seed: key word 0 of the LIF_NOISE and LIF_STIM streams (key word 1 = rngNetwork)
 * @param stimulation artificial stimulation, the same for every trial
 */
public record LifBatch(LifParams params, List<LifNetwork> networks, int columns, List<LifTrial> trials, long seed,
                       Stimulation stimulation) {

    public LifBatch {
        InvalidInputException.require(!networks.isEmpty() && !trials.isEmpty(), () -> "a LIF batch needs trials");
        int n = networks.get(0).n();
        int inputs = networks.get(0).inputs();
        for (LifNetwork net : networks) {
            InvalidInputException.require(net.n() == n && net.inputs() == inputs,
                    () -> "all networks of a LIF batch must have the same N and N_in");
        }
        for (LifTrial t : trials) {
            InvalidInputException.require(t.u().length == inputs * columns,
                    () -> "stimulus u has " + t.u().length + " values, expected N_in×columns = " + inputs + "×"
                            + columns);
            InvalidInputException.require(t.v0().length == n,
                    () -> "v0 has " + t.v0().length + " values, expected N = " + n);
            InvalidInputException.require(t.config() >= 0 && t.config() < networks.size(),
                    () -> "trial refers to network " + t.config() + " of " + networks.size());
        }
        LifParams.steps(columns);
    }

    public int n() {
        return networks.get(0).n();
    }

    public int inputs() {
        return networks.get(0).inputs();
    }

    public int steps() {
        return LifParams.steps(columns);
    }
}
