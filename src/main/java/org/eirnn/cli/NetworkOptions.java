package org.eirnn.cli;

import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.WeightDistribution;
import org.eirnn.task.Task;

import java.util.List;

/**
 * The network flags of spikeRNN's rate/main.py (spec §9), spelled as there, with the defaults of its README example:
 * N 200, P_inh 0.2, P_rec 0.2, som_N 0, Dale on, gain 1.5, sigmoid, decay_taus 4 20.
 */
final class NetworkOptions {
    static final Flag N = Flag.value("N", "n", "number of units");
    static final Flag GAIN = Flag.value("gain", "g", "initial weight gain").detail("default 1.5");
    static final Flag P_INH = Flag.value("P_inh", "p", "probability of an inhibitory unit").detail("default 0.2");
    static final Flag P_REC = Flag.value("P_rec", "p", "recurrent connection probability").detail("default 0.2");
    static final Flag SOM_N = Flag.value("som_N", "n", "number of SOM units").detail("default 0");
    static final Flag APPLY_DALE = Flag.value("apply_dale", "bool",
            "Dale's principle, yes/true/t/y/1 or no/false/f/n/0").detail("default true");
    static final Flag ACT = Flag.value("act", "name", "hidden activation: sigmoid, clipped_relu, softplus (spikeRNN), "
            + "rectify, tanh, rtanh, linear").detail("default: the preset's, sigmoid for spikernn");
    static final Flag DECAY_TAUS = Flag.values("decay_taus", "tau [tau_max]",
            "one fixed tau, or min and max of trainable per-unit taus, in 5 ms steps").detail("default 4 20");

    static final OptionGroup GROUP = () -> List.of(N.detail("default 200; pycog's tasks: "
            + "their own"), GAIN, P_INH, P_REC, SOM_N, APPLY_DALE,
            ACT, DECAY_TAUS);

    private NetworkOptions() {
    }

    static NetworkSpec spec(Args a, Task task) {
        return spec(a, task, org.eirnn.model.Preset.SPIKERNN);
    }

    /** The network flags with {@code preset}'s defaults for --act, --apply_dale and --decay_taus. */
    static NetworkSpec spec(Args a, Task task, org.eirnn.model.Preset preset) {
        int n = a.integer(N, 200, 1);
        return new NetworkSpec(n, task.inputs(), a.number(P_INH, 0.2, p -> p >= 0 && p <= 1, "a probability in [0, 1]"),
                a.number(P_REC, 0.2, p -> p > 0 && p <= 1, "a probability in (0, 1]"), somN(a, n),
                a.positive(GAIN, 1.5), WeightDistribution.GAUS, a.bool(APPLY_DALE, preset.dale()),
                Activation.parse(a.string(ACT, preset.activation().spikeRnnName)), taus(a, preset.taus()),
                task.outputs(), org.eirnn.model.ModelOptions.SPIKERNN);
    }

    /** --som_N: from 0 to N. */
    static int somN(Args a, int n) {
        int somN = a.integer(SOM_N, 0, 0);
        if (somN > n) {
            throw Args.invalid(SOM_N, a.string(SOM_N, null), "an integer from 0 to N = " + n);
        }
        return somN;
    }

    /** --decay_taus: one tau > 0, or min <= max, both > 0. */
    static DecayTaus taus(Args a) {
        return taus(a, DecayTaus.range(4, 20));
    }

    /** --decay_taus with {@code fallback} when it is not given. */
    static DecayTaus taus(Args a, DecayTaus fallback) {
        String[] defaults = java.util.Arrays.stream(fallback.asArray()).mapToObj(Double::toString)
                .toArray(String[]::new);
        String[] values = a.strings(DECAY_TAUS, defaults);
        double[] taus = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            taus[i] = Args.parseNumber(DECAY_TAUS, values[i], "a number > 0 (steps of 5 ms)");
            if (taus[i] <= 0) {
                throw Args.invalid(DECAY_TAUS, values[i], "a number > 0 (steps of 5 ms)");
            }
        }
        if (taus.length == 2 && taus[0] > taus[1]) {
            throw Args.invalid(DECAY_TAUS, values[0] + " " + values[1], "tau_min <= tau_max");
        }
        return DecayTaus.of(taus);
    }
}
