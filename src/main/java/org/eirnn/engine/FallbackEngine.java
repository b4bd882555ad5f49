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

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An engine that survives its device (issue #12, device faults): every call goes to the primary engine (OpenCL) until
 * it raises a {@link DeviceFault}; then the work moves to the fallback engine (the CPU reference) with one warning
 * and is redone there from the last consistent state, so no result is ever built from a failed call.
 * <ul>
 *   <li>A rate session keeps a host copy of its networks and Adam state at the last download (or upload) and the
 *       training steps made since; after a fault the fallback session starts from that copy and replays those steps
 *       (the same batches, seeds and noise keys), then makes the failed call.</li>
 *   <li>A LIF simulator first halves a failing batch (out of resources on a large one), down to single trials; each
 *       trial's draws depend only on its id, so split batches give the same results. A single trial that still fails
 *       moves the simulator to the fallback engine.</li>
 * </ul>
 */
public final class FallbackEngine implements Engine {
    /** Training steps a rate session may replay at most; beyond it the session refreshes its host copy. */
    static final int MAX_REPLAY = 256;

    private final Engine primary;
    private final Supplier<Engine> fallback;
    private final PrintStream log;
    private Engine opened;

    public FallbackEngine(Engine primary, Supplier<Engine> fallback, PrintStream log) {
        this.primary = primary;
        this.fallback = fallback;
        this.log = log;
    }

    /** {@code engine} behind a CPU fallback, unless it is the CPU engine itself. */
    public static Engine around(Engine engine, PrintStream log) {
        return engine.kind().equals("cpu") ? engine
                : new FallbackEngine(engine, org.eirnn.engine.cpu.CpuEngine::new, log);
    }

    @Override
    public String description() {
        return primary.description();
    }

    @Override
    public String kind() {
        return primary.kind();
    }

    @Override
    public double matmulPeakGflops() {
        return primary.matmulPeakGflops();
    }

    private synchronized Engine fallbackEngine() {
        if (opened == null) {
            opened = fallback.get();
        }
        return opened;
    }

    private void warn(String what, RuntimeException e) {
        log.println("eirnn: warning: the device failed " + what + " (" + e.getMessage() + "); continuing on the "
                + fallbackEngine().description());
    }

    @Override
    public RateSession openRate(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss) {
        Supplier<RateSession> other = () -> fallbackEngine().openRate(spec, networks, trialsPerNetwork, steps, loss);
        try {
            return new Session(primary.openRate(spec, networks, trialsPerNetwork, steps, loss), other,
                    AdamState.zeros(networks, spec));
        } catch (RuntimeException e) {
            if (!DeviceFault.is(e)) {
                throw e;
            }
            warn("to open a rate session", e);
            return other.get();
        }
    }

    @Override
    public LifSimulator openLif(boolean doublePrecision) {
        return new Lif(primary.openLif(doublePrecision), () -> fallbackEngine().openLif(doublePrecision));
    }

    @Override
    public void close() {
        primary.close();
        if (opened != null) {
            opened.close();
        }
    }

    /** One training step as the session was asked to make it. */
    private record Step(TrialBatch batch, RateNoise noise, long seed, Optimizer optimizer, boolean[] active) {
    }

    private final class Session implements RateSession {
        private final Supplier<RateSession> other;
        private RateSession active;
        private boolean moved;
        private List<RateNetwork> nets;
        private AdamState adam;
        private final List<Step> since = new ArrayList<>();

        Session(RateSession primarySession, Supplier<RateSession> other, AdamState zeros) {
            this.active = primarySession;
            this.other = other;
            this.adam = zeros;
        }

        private interface Call<T> {
            T on(RateSession s);
        }

        private <T> T guarded(String what, Call<T> call) {
            try {
                return call.on(active);
            } catch (RuntimeException e) {
                if (moved || !DeviceFault.is(e)) {
                    throw e;
                }
                move(what, e);
                return call.on(active);
            }
        }

        /** The fallback session, brought to the state the primary had before the failed call. */
        private void move(String what, RuntimeException e) {
            warn("in " + what, e);
            try {
                active.close();
            } catch (RuntimeException ignored) {
                // the failed device's cleanup may fail too; nothing of it is used again
            }
            active = other.get();
            moved = true;
            if (nets != null) {
                active.upload(nets);
                active.setAdamState(adam);
                for (Step s : since) {
                    active.trainStep(s.batch(), s.noise(), s.seed(), s.optimizer(), s.active());
                }
                log.println("eirnn: restarted from the last consistent state and replayed " + since.size()
                        + " training step(s)");
            }
        }

        @Override
        public int networks() {
            return active.networks();
        }

        @Override
        public int trialsPerNetwork() {
            return active.trialsPerNetwork();
        }

        @Override
        public void upload(List<RateNetwork> list) {
            guarded("upload", s -> {
                s.upload(list);
                return null;
            });
            nets = SessionContract.copies(list);
            since.clear();
        }

        @Override
        public List<RateNetwork> download() {
            List<RateNetwork> out = guarded("download", RateSession::download);
            AdamState state = guarded("reading Adam state", RateSession::adamState);
            nets = SessionContract.copies(out);
            adam = state;
            since.clear();
            return out;
        }

        @Override
        public Trajectories forward(TrialBatch batch, RateNoise noise, long seed, boolean keepStates) {
            return guarded("a forward pass", s -> s.forward(batch, noise, seed, keepStates));
        }

        @Override
        public List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
            return guarded("a gradient pass", s -> s.gradients(batch, noise, seed));
        }

        @Override
        public double[] trainStep(TrialBatch batch, RateNoise noise, long seed, Optimizer optimizer,
                                  boolean[] activeNets) {
            double[] losses = guarded("a training step", s -> s.trainStep(batch, noise, seed, optimizer, activeNets));
            if (!moved) {
                since.add(new Step(batch, noise, seed, optimizer, activeNets.clone()));
                if (since.size() >= MAX_REPLAY) {
                    download();
                }
            }
            return losses;
        }

        @Override
        public AdamState adamState() {
            return guarded("reading Adam state", RateSession::adamState);
        }

        @Override
        public void setAdamState(AdamState state) {
            guarded("setting Adam state", s -> {
                s.setAdamState(state);
                return null;
            });
            if (!moved) {
                nets = nets == null ? null : download();
                adam = state.copy();
                since.clear();
            }
        }

        @Override
        public void close() {
            active.close();
        }
    }

    private final class Lif implements LifSimulator {
        private LifSimulator active;
        private final Supplier<LifSimulator> other;
        private boolean moved;
        private boolean splitSaid;

        Lif(LifSimulator primarySim, Supplier<LifSimulator> other) {
            this.active = primarySim;
            this.other = other;
        }

        @Override
        public String description() {
            return active.description();
        }

        @Override
        public boolean recordsTraces() {
            return active.recordsTraces();
        }

        @Override
        public LifResult simulate(LifBatch batch, LifRecording recording) {
            try {
                return active.simulate(batch, recording);
            } catch (RuntimeException e) {
                if (moved || !DeviceFault.is(e)) {
                    throw e;
                }
                int trials = batch.trials().size();
                if (trials > 1) {
                    if (!splitSaid) {
                        log.println("eirnn: warning: the device failed a batch of " + trials + " LIF trials ("
                                + e.getMessage() + "); retrying in smaller batches");
                        splitSaid = true;
                    }
                    return LifResult.concat(simulate(part(batch, 0, trials / 2), recording),
                            simulate(part(batch, trials / 2, trials), recording));
                }
                warn("on a single LIF trial", e);
                active.close();
                active = other.get();
                moved = true;
                return active.simulate(batch, recording);
            }
        }

        private static LifBatch part(LifBatch b, int from, int to) {
            return new LifBatch(b.params(), b.networks(), b.columns(), b.trials().subList(from, to), b.seed(),
                    b.stimulation());
        }

        @Override
        public void close() {
            active.close();
        }
    }
}
