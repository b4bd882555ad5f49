package org.eirnn.engine.cpu;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.SessionContract;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.Trainables;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * CPU reference session: the forward pass is {@link RateStep} applied step by step to each trial. Trials run in
 * parallel over the machine's cores (each trial is independent; results do not depend on the thread count).
 */
final class CpuRateSession implements RateSession {
    private final NetworkSpec spec;
    private final int networks;
    private final int trialsPerNetwork;
    private final int steps;
    private final LossFunction lossFunction;
    private final SessionContract contract;
    private List<RateNetwork> nets;
    private AdamState adam;

    CpuRateSession(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss) {
        this.contract = SessionContract.of(spec, networks, trialsPerNetwork, steps);
        this.spec = spec;
        this.networks = networks;
        this.trialsPerNetwork = trialsPerNetwork;
        this.steps = steps;
        this.lossFunction = loss;
        this.adam = AdamState.zeros(networks, spec.n());
    }

    @Override
    public int networks() {
        return networks;
    }

    @Override
    public int trialsPerNetwork() {
        return trialsPerNetwork;
    }

    @Override
    public void upload(List<RateNetwork> list) {
        contract.requireNetworks(list);
        nets = SessionContract.copies(list);
    }

    @Override
    public List<RateNetwork> download() {
        contract.requireUploaded(nets != null, "download");
        return SessionContract.copies(nets);
    }

    List<RateNetwork> networksInPlace() {
        return nets;
    }

    NetworkSpec spec() {
        return spec;
    }

    LossFunction lossFunction() {
        return lossFunction;
    }


    @Override
    public Trajectories forward(TrialBatch batch, RateNoise noise, long seed, boolean keepStates) {
        contract.requireUploaded(nets != null, "forward");
        contract.requireBatch(batch);
        int n = spec.n();
        int total = batch.trials();
        double[] x = new double[total * steps * n];
        double[] r = new double[total * steps * n];
        double[] o = new double[total * (steps - 1)];
        double[] loss = new double[total];
        double[][] wRec = new double[networks][];
        double[][] alpha = new double[networks][];
        for (int k = 0; k < networks; k++) {
            wRec[k] = nets.get(k).effectiveRecurrent();
            alpha[k] = RateStep.alpha(nets.get(k).tau());
        }
        IntStream.range(0, total).parallel().forEach(b -> {
            int k = b / trialsPerNetwork;
            forwardTrial(nets.get(k), wRec[k], alpha[k], batch, b, noise, new RandomKey(seed, k, RandomStream.RATE_X0),
                    x, r, o);
            loss[b] = lossFunction.loss(o, b * (steps - 1), batch.target(), b * steps, steps - 1);
        });
        return keepStates ? new Trajectories(total, steps, n, x, r, o, loss)
                : new Trajectories(total, steps, n, null, null, o, loss);
    }

    /** Runs trial b from x_0 through T−1 steps of {@link RateStep}, writing its slices of x, r, o. */
    private void forwardTrial(RateNetwork net, double[] wRec, double[] alpha, TrialBatch batch, int b,
                              RateNoise noise, RandomKey x0Key, double[] x, double[] r, double[] o) {
        int n = spec.n();
        int nIn = spec.inputs();
        long trial = batch.trialIds()[b];
        RandomKey noiseKey = x0Key.with(RandomStream.RATE_NOISE);
        double[] xPrev = new double[n];
        double[] rPrev = new double[n];
        double[] xNext = new double[n];
        double[] rNext = new double[n];
        double[] xi = new double[n];
        double[] uPrev = new double[nIn];
        if (noise.x0Sd() > 0) {
            x0Key.normals(trial, 0, xPrev, 0, n);
        }
        RateStep.initialState(n, noise.x0Sd(), xPrev, spec.activation(), xPrev, rPrev);
        int base = b * steps * n;
        System.arraycopy(xPrev, 0, x, base, n);
        System.arraycopy(rPrev, 0, r, base, n);
        for (int t = 1; t < steps; t++) {
            if (noise.noiseSd() > 0) {
                noiseKey.normals(trial, t, xi, 0, n);
                for (int i = 0; i < n; i++) {
                    xi[i] *= noise.noiseSd();
                }
            }
            for (int c = 0; c < nIn; c++) {
                uPrev[c] = batch.u(b, c, t - 1);
            }
            RateStep.step(n, nIn, wRec, net.wIn, alpha, spec.activation(), xPrev, rPrev, uPrev, xi, xNext, rNext);
            System.arraycopy(xNext, 0, x, base + t * n, n);
            System.arraycopy(rNext, 0, r, base + t * n, n);
            o[b * (steps - 1) + t - 1] = RateStep.output(n, net.wOut, net.bOut, rNext);
            double[] swap = xPrev;
            xPrev = xNext;
            xNext = swap;
            swap = rPrev;
            rPrev = rNext;
            rNext = swap;
        }
    }

    @Override
    public List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
        contract.requireUploaded(nets != null, "gradients");
        return backward(forward(batch, noise, seed, true), batch);
    }

    /** {@link RateBackprop} on each network's slice of the trajectories. */
    private List<Gradients> backward(Trajectories traj, TrialBatch batch) {
        List<Gradients> out = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            out.add(RateBackprop.gradients(nets.get(k), lossFunction, traj, batch, k * trialsPerNetwork,
                    trialsPerNetwork));
        }
        return out;
    }

    @Override
    public double[] trainStep(TrialBatch batch, RateNoise noise, long seed, AdamConfig adamConfig,
                              boolean[] active) {
        contract.requireUploaded(nets != null, "trainStep");
        contract.requireActive(active);
        Trajectories traj = forward(batch, noise, seed, true);
        List<Gradients> grads = backward(traj, batch);
        for (int k = 0; k < networks; k++) {
            if (!active[k]) {
                continue;
            }
            RateNetwork net = nets.get(k);
            double[] theta = Trainables.pack(net);
            adam.steps()[k]++;
            AdamStep.apply(adamConfig, adam.steps()[k], theta, Trainables.pack(grads.get(k)), adam.m()[k],
                    adam.v()[k]);
            Trainables.unpack(theta, net);
        }
        return traj.loss();
    }

    @Override
    public AdamState adamState() {
        return adam.copy();
    }

    @Override
    public void setAdamState(AdamState state) {
        contract.requireAdamState(state);
        this.adam = state.copy();
    }

    @Override
    public void close() {
    }
}
