package org.eirnn.engine;

import org.eirnn.InvalidInputException;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The contract of a {@link RateSession}, in one place for every engine: what a session of K networks × B trials
 * of T steps accepts, so that both engines refuse the same things with the same words before any work starts.
 * <ul>
 * <li>a session has K ≥ 1 networks, B ≥ 1 trials per network and T ≥ 2 steps (the output and the loss start at
 *     step 1, spec §2.3);</li>
 * <li>an upload brings K networks of the session's N and N_in;</li>
 * <li>the networks are uploaded before download, forward, gradients or trainStep;</li>
 * <li>a batch holds K·B trials of T steps and N_in inputs;</li>
 * <li>trainStep gets K active flags, a restored Adam state fits K networks of N units.</li>
 * </ul>
 * A value that does not fit throws {@link InvalidInputException} naming it and what was expected; a call out of
 * order throws {@link IllegalStateException}.
 *
 * @param n      units N of every network
 * @param inputs input channels N_in
 */
public record SessionContract(int networks, int trialsPerNetwork, int steps, int n, int inputs, int outputs,
                              int parameters) {

    public SessionContract {
        InvalidInputException.require(networks >= 1,
                () -> "a rate session of " + networks + " networks is not valid: expected at least 1");
        InvalidInputException.require(trialsPerNetwork >= 1, () -> "a rate session of " + trialsPerNetwork
                + " trials per network is not valid: expected at least 1");
        InvalidInputException.require(steps >= 2, () -> "trials of " + steps
                + " steps are not valid: expected at least 2 (the output starts at step 1)");
    }

    /** The contract of a session of {@code networks} × {@code trialsPerNetwork} trials of {@code steps} steps. */
    public static SessionContract of(NetworkSpec spec, int networks, int trialsPerNetwork, int steps) {
        requireHostMemory(spec, networks, trialsPerNetwork, steps);
        return new SessionContract(networks, trialsPerNetwork, steps, spec.n(), spec.inputs(), spec.outputs(),
                AdamState.parameterCount(spec));
    }

    /** An upload must bring one network for each of the session's K, each of N units and N_in inputs. */
    public void requireNetworks(List<RateNetwork> nets) {
        InvalidInputException.require(nets.size() == networks,
                () -> "upload of " + nets.size() + " networks: expected " + networks + ", one per network");
        for (int k = 0; k < nets.size(); k++) {
            NetworkSpec spec = nets.get(k).spec;
            int at = k;
            InvalidInputException.require(spec.n() == n && spec.inputs() == inputs, () -> "network " + at
                    + " has N=" + spec.n() + ", N_in=" + spec.inputs() + ": expected N=" + n + ", N_in=" + inputs);
        }
    }

    /** Throws unless the networks were uploaded; {@code operation} names the call that needs them. */
    public void requireUploaded(boolean uploaded, String operation) {
        if (!uploaded) {
            throw new IllegalStateException(operation + " before upload: upload the networks first");
        }
    }

    /**
     * Refuses, before anything is allocated, a session whose host arrays cannot fit in this JVM: per network its
     * parameters, masks and optimiser state (about 16 N² doubles), and per trial a batch (inputs, targets, mask) and
     * the states a training step keeps (x, r and the drive: 3 N doubles per step; the CPU engine keeps them all, the
     * OpenCL engine hands back as much). Computed in double, so no int product can overflow.
     */
    public static void requireHostMemory(NetworkSpec spec, int networks, int trialsPerNetwork, int steps) {
        double n = spec.n();
        double perTrialStep = 3 * n + spec.inputs() + 2.0 * spec.outputs();
        double bytes = 8.0 * networks * (16 * n * n + (double) trialsPerNetwork * steps * perTrialStep);
        Runtime rt = Runtime.getRuntime();
        double free = rt.maxMemory() - (double) (rt.totalMemory() - rt.freeMemory());
        InvalidInputException.require(bytes <= free, () -> String.format(java.util.Locale.ROOT,
                "%d network(s) of N=%d with %d trial(s) of %d steps each need about %.1f GiB; this JVM has %.1f GiB "
                        + "free (fewer trials or networks, or more memory with EIRNN_JAVA_OPTS=-Xmx...)", networks,
                spec.n(), trialsPerNetwork, steps, bytes / (1L << 30), free / (1L << 30)));
    }

    /** A batch must hold K·B trials (trials [k·B, (k+1)·B) for network k) of the session's T steps and N_in. */
    public void requireBatch(TrialBatch batch) {
        InvalidInputException.require(batch.trials() == networks * trialsPerNetwork,
                () -> "batch of " + batch.trials() + " trials: expected K·B = " + networks + "·" + trialsPerNetwork
                        + " = " + networks * trialsPerNetwork);
        InvalidInputException.require(batch.steps() == steps,
                () -> "batch of " + batch.steps() + " steps: expected the session's " + steps);
        InvalidInputException.require(batch.inputs() == inputs,
                () -> "batch of " + batch.inputs() + " inputs: expected the session's N_in = " + inputs);
        InvalidInputException.require(batch.outputs() == outputs,
                () -> "batch of " + batch.outputs() + " outputs: expected the session's N_out = " + outputs);
    }

    /** A training step must say for each of the K networks whether it trains. */
    public void requireActive(boolean[] active) {
        InvalidInputException.require(active.length == networks,
                () -> active.length + " active flags: expected " + networks + ", one per network");
    }

    /** A restored Adam state must hold one state per network, sized for N-unit networks. */
    public void requireAdamState(AdamState state) {
        InvalidInputException.require(state.networks() == networks && state.m().length == networks
                && state.v().length == networks && fits(state.m()) && fits(state.v()),
                () -> "Adam state of " + state.networks() + " networks × "
                        + (state.m().length > 0 ? state.m()[0].length : 0) + " parameters does not fit "
                        + networks + " networks of N=" + n + " (" + parameters + " parameters)");
    }

    private boolean fits(double[][] moments) {
        for (double[] row : moments) {
            if (row.length != parameters) {
                return false;
            }
        }
        return true;
    }

    /** Deep copies, so that a session never shares parameter arrays with its caller. */
    public static List<RateNetwork> copies(List<RateNetwork> nets) {
        List<RateNetwork> out = new ArrayList<>(nets.size());
        for (RateNetwork net : nets) {
            out.add(net.copy());
        }
        return out;
    }
}
