package org.eirnn.engine.cpu;

import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;

/** The reference engine: double precision, plain loops, obviously correct. The referee of every kernel. */
public final class CpuEngine implements Engine {

    @Override
    public String description() {
        return "cpu (double precision reference, " + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    @Override
    public String kind() {
        return "cpu";
    }

    @Override
    public RateSession openRate(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss) {
        return new CpuRateSession(spec, networks, trialsPerNetwork, steps, loss);
    }

    @Override
    public void close() {
    }
}
