package org.eirnn.engine.cpu;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.LossHorizon;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.SessionContract;
import org.eirnn.engine.SgdConfig;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.Trajectories;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.OutputActivation;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.TrialBatch;

import java.util.List;
import java.util.stream.IntStream;

/**
 * CPU reference session of the model family, in double precision on EJML: each network's B trials advance together,
 * one batched product per step ({@link FamilyForward}, {@link FamilyBackprop}; over W_rec's structural nonzeros when
 * it is sparse, {@link RecurrentProducts}). A single network of enough trials uses the multi-threaded products and
 * row loops; an ensemble runs its networks in parallel with the single-threaded ones. The two give the same numbers
 * (tested), so results do not depend on the thread count.
 */
final class CpuRateSession implements RateSession {
    private final NetworkSpec spec;
    private final int networks;
    private final int trialsPerNetwork;
    private final int steps;
    private final LossFunction lossFunction;
    private final DenseOps ops;
    private final SessionContract contract;
    /**
     * Multiply-adds per step product (B·N²) from which a single network's products are worth spreading over threads;
     * below it (spikeRNN's one trial per update) starting threads costs more than they save.
     */
    static final long MULTI_THREADED_WORK = 1 << 20;
    private List<RateNetwork> nets;
    private AdamState adam;
    /**
     * Each network's states of the last gradient pass or kept forward pass, reused by the next one (so a session
     * holds one set of states per network, as {@link SessionContract#requireHostMemory} counts).
     */
    private final ForwardStates[] states;

    CpuRateSession(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss) {
        this(spec, networks, trialsPerNetwork, steps, loss, networks == 1
                && (long) trialsPerNetwork * spec.n() * spec.n() >= MULTI_THREADED_WORK
                ? DenseOps.MULTI_THREADED : DenseOps.SINGLE_THREADED);
    }

    CpuRateSession(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss,
                   DenseOps ops) {
        InvalidInputException.require(loss != LossFunction.CROSS_ENTROPY
                        || spec.options().output() != OutputActivation.LINEAR,
                () -> "--loss_fn cross_entropy needs --output-activation sigmoid or softmax, not linear");
        this.spec = spec;
        this.networks = networks;
        this.trialsPerNetwork = trialsPerNetwork;
        this.steps = steps;
        this.lossFunction = loss;
        this.ops = ops;
        this.contract = SessionContract.of(spec, networks, trialsPerNetwork, steps);
        this.adam = AdamState.zeros(networks, spec);
        this.states = new ForwardStates[networks];
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

    private void requireBatch(TrialBatch batch, String operation) {
        contract.requireUploaded(nets != null, operation);
        contract.requireBatch(batch);
    }

    /** Runs {@code work} for every network k, in parallel when the session holds several. */
    private void eachNetwork(java.util.function.IntConsumer work) {
        IntStream range = IntStream.range(0, networks);
        (networks > 1 ? range.parallel() : range).forEach(work);
    }

    @Override
    public Trajectories forward(TrialBatch batch, RateNoise noise, long seed, boolean keepStates) {
        requireBatch(batch, "forward");
        int n = spec.n();
        int total = batch.trials();
        double[] x = keepStates ? new double[total * steps * n] : null;
        double[] r = keepStates ? new double[total * steps * n] : null;
        double[] o = new double[total * spec.outputs() * (steps - 1)];
        double[] loss = new double[total];
        eachNetwork(k -> {
            int first = k * trialsPerNetwork;
            RateNetwork net = nets.get(k);
            ForwardStates s = FamilyForward.run(net, NetworkTerms.of(net, noise), batch, first, trialsPerNetwork,
                    noise, seed, k, ops, keepStates, keepStates && FamilyBackprop.alphaTrained(net),
                    keepStates ? states[k] : null);
            if (keepStates) {
                states[k] = s;
            }
            FamilyLoss.objective(lossFunction, spec.options().output(), s, batch, first, loss, first, null);
            copyOut(s, first, x, r, o);
        });
        return new Trajectories(total, steps, n, spec.outputs(), x, r, o, loss);
    }

    /** Network k's states into the [trial][t][i] and [trial][c][i] layouts of {@link Trajectories}. */
    private void copyOut(ForwardStates s, int first, double[] x, double[] r, double[] o) {
        int n = spec.n();
        int nOut = spec.outputs();
        for (int b = 0; b < s.trials(); b++) {
            int trial = first + b;
            for (int t = 0; t < steps; t++) {
                if (x != null) {
                    System.arraycopy(s.x(t).data, b * n, x, (trial * steps + t) * n, n);
                    System.arraycopy(s.r(t).data, b * n, r, (trial * steps + t) * n, n);
                }
                for (int c = 0; t > 0 && c < nOut; c++) {
                    o[(trial * nOut + c) * (steps - 1) + t - 1] = s.z[t].data[b * nOut + c];
                }
            }
        }
    }

    @Override
    public List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
        return gradients(batch, noise, seed, new double[batch.trials()]);
    }

    /** Gradients of every network; the per-trial losses of the forward pass go into {@code trialLoss}. */
    private List<Gradients> gradients(TrialBatch whole, RateNoise noise, long seed, double[] trialLoss) {
        requireBatch(whole, "gradients");
        TrialBatch batch = whole.truncateTo(LossHorizon.steps(whole, spec, lossFunction));
        Gradients[] out = new Gradients[networks];
        eachNetwork(k -> {
            int first = k * trialsPerNetwork;
            RateNetwork net = nets.get(k);
            NetworkTerms terms = NetworkTerms.of(net, noise);
            ForwardStates s = FamilyForward.run(net, terms, batch, first, trialsPerNetwork, noise, seed, k, ops,
                    true, FamilyBackprop.alphaTrained(net), states[k]);
            states[k] = s;
            out[k] = FamilyBackprop.run(net, terms, s, batch, first, lossFunction, ops, trialLoss, first);
        });
        return List.of(out);
    }

    @Override
    public double[] trainStep(TrialBatch batch, RateNoise noise, long seed, Optimizer optimizer, boolean[] active) {
        contract.requireUploaded(nets != null, "trainStep");
        contract.requireActive(active);
        double[] trialLoss = new double[batch.trials()];
        List<Gradients> grads = gradients(batch, noise, seed, trialLoss);
        for (int k = 0; k < networks; k++) {
            if (!active[k]) {
                continue;
            }
            RateNetwork net = nets.get(k);
            double[] theta = Trainables.pack(net);
            double[] g = Trainables.pack(grads.get(k));
            if (optimizer instanceof AdamConfig a) {
                adam.steps()[k]++;
                AdamStep.apply(a, adam.steps()[k], theta, g, adam.m()[k], adam.v()[k]);
            } else {
                ((SgdConfig) optimizer).apply(theta, g, net.n() * net.n());
            }
            Trainables.unpack(theta, net);
        }
        return trialLoss;
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
