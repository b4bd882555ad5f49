package org.eirnn.engine;

import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.task.TrialBatch;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for tests: an engine that forwards every call to a real one and raises a {@link DeviceFault} (as
 * a driver's CL_OUT_OF_RESOURCES would) on the {@code failAt}-th call of one operation ("open", "upload",
 * "trainStep", "download", "forward"), or, for "simulate", on every LIF batch of more than {@code maxLifTrials}
 * trials. It counts, so a test can see that the fault really happened.
 */
public final class FaultyEngine implements Engine {
    private final Engine real;
    private final String operation;
    private final int failAt;
    private final int maxLifTrials;
    public final AtomicInteger faults = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    public FaultyEngine(Engine real, String operation, int failAt, int maxLifTrials) {
        this.real = real;
        this.operation = operation;
        this.failAt = failAt;
        this.maxLifTrials = maxLifTrials;
    }

    private void maybeFail(String op) {
        if (op.equals(operation) && calls.incrementAndGet() == failAt) {
            faults.incrementAndGet();
            throw new DeviceFault("injected CL_OUT_OF_RESOURCES in " + op);
        }
    }

    @Override
    public String description() {
        return "faulty " + real.description();
    }

    @Override
    public String kind() {
        return "opencl";
    }

    @Override
    public RateSession openRate(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss) {
        maybeFail("open");
        RateSession s = real.openRate(spec, networks, trialsPerNetwork, steps, loss);
        return new RateSession() {
            @Override
            public int networks() {
                return s.networks();
            }

            @Override
            public int trialsPerNetwork() {
                return s.trialsPerNetwork();
            }

            @Override
            public void upload(List<RateNetwork> nets) {
                maybeFail("upload");
                s.upload(nets);
            }

            @Override
            public List<RateNetwork> download() {
                maybeFail("download");
                return s.download();
            }

            @Override
            public Trajectories forward(TrialBatch batch, RateNoise noise, long seed, boolean keepStates) {
                maybeFail("forward");
                return s.forward(batch, noise, seed, keepStates);
            }

            @Override
            public List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
                return s.gradients(batch, noise, seed);
            }

            @Override
            public double[] trainStep(TrialBatch batch, RateNoise noise, long seed, Optimizer optimizer,
                                      boolean[] active) {
                // a fault in the middle of a step: the device has already half-updated the networks
                double[] losses = s.trainStep(batch, noise, seed, optimizer, active);
                maybeFail("trainStep");
                return losses;
            }

            @Override
            public AdamState adamState() {
                return s.adamState();
            }

            @Override
            public void setAdamState(AdamState state) {
                s.setAdamState(state);
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    @Override
    public LifSimulator openLif(boolean doublePrecision) {
        LifSimulator sim = real.openLif(doublePrecision);
        return new LifSimulator() {
            @Override
            public String description() {
                return "faulty " + sim.description();
            }

            @Override
            public LifResult simulate(LifBatch batch, LifRecording recording) {
                if (operation.equals("simulate") && batch.trials().size() > maxLifTrials) {
                    faults.incrementAndGet();
                    throw new DeviceFault("injected CL_MEM_OBJECT_ALLOCATION_FAILURE for "
                            + batch.trials().size() + " trials");
                }
                return sim.simulate(batch, recording);
            }
        };
    }

    @Override
    public void close() {
        real.close();
    }
}
