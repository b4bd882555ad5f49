package org.eirnn.engine;

import org.eirnn.model.RateNetwork;

import java.util.ArrayList;
import java.util.List;

/**
 * What every {@link RateSession} checks of the arguments it is handed, and the deep copies it keeps of them, so
 * that both engines refuse the same things with the same words.
 */
public final class SessionChecks {
    private SessionChecks() {
    }

    /** An upload must bring one network for each of the session's K. */
    public static void requireNetworkCount(List<RateNetwork> nets, int networks) {
        if (nets.size() != networks) {
            throw new IllegalArgumentException("expected " + networks + " networks, got " + nets.size());
        }
    }

    /** A restored Adam state must hold one state per network, sized for N-unit networks. */
    public static void requireAdamStateFits(AdamState state, int networks, int n) {
        if (state.networks() != networks || state.m()[0].length != AdamState.parameterCount(n)) {
            throw new IllegalArgumentException("Adam state of " + state.networks() + " networks × "
                    + state.m()[0].length + " parameters does not fit " + networks + " networks of N=" + n);
        }
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
