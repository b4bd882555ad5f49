package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.SessionContract;
import org.eirnn.engine.Trajectories;
import org.eirnn.model.Activation;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rate-model ensemble on an OpenCL device (kernels/rate_model.cl, kernels/rate_forward.cl). The raw
 * parameters live on the device; {@code rate_prepare} derives the sparse rows of W_rec and α from them after
 * every change, and {@code rate_forward} runs the whole time loop of every trial in one launch.
 *
 * <p>Trials are grouped in tiles of {@link KernelShape#trialsPerTile()} trials of one network (the vector lanes,
 * {@link TrialLayout#perNetwork}); network k has ⌈B / TW⌉ tiles, the lanes past B are padding whose results are
 * dropped. When kept, the per-step states of all tiles may exceed the device memory, so they are produced a chunk
 * of tiles at a time. What the session accepts is {@link SessionContract}'s.
 */
final class OpenClRateSession implements RateSession {
    private static final String[] FORWARD_FILES = {"philox.cl", "vector.cl", "rate_model.cl", "rate_forward.cl"};

    private final ClContext cl;
    private final KernelShape shape;
    private final NetworkSpec spec;
    private final SessionContract contract;
    private final int networks;
    private final int trialsPerNetwork;
    private final int steps;
    /** Trials per tile (work-group): the lane count of every per-tile device layout. */
    private final int tw;
    private final int tiles;
    /** Everything device-side, released together on close. */
    private final ClResources owned = new ClResources();
    /** Trial b of network k in tile k·⌈B/TW⌉ + b / TW, lane b % TW. */
    private final TrialLayout layout;

    private final ClProgram program;
    private final ClKernel prepare;
    private final ClKernel forward;
    // Parameters, [k][...] per network: trainables w, w_out, b_out, taus_gaus; fixed w_in, sign (m), som_m.
    private final ClBuffer.Floats w, wOut, bOut, tausGaus, wIn, sign, somMask;
    // Derived by rate_prepare: nonzero entries of each row of W_rec (column, value, count) and α = Δt/τ.
    private final ClBuffer.Ints rowCols, rowCounts;
    private final ClBuffer.Floats rowVals, alpha;
    // One batch in device layout (see rate_forward.cl).
    private final ClBuffer.Floats u, target, o, loss;
    private final ClBuffer.Ints trialIds;
    private ClBuffer.Floats xStates, rStates;
    private int statesChunkTiles;

    private List<RateNetwork> fixedParts;
    private final LossFunction lossFunction;
    /** The training kernels (rate_train.cl), built on the first gradients/trainStep call. */
    private RateTraining training;
    /** The Adam state of every network, on the host until training starts, then on the device. */
    private final AdamMoments adam;
    /** True when training changed the parameters after rate_prepare last ran. */
    private boolean derivedStale;

    OpenClRateSession(ClContext cl, KernelShape shape, NetworkSpec spec, int networks, int trialsPerNetwork, int steps,
                      LossFunction lossFunction) {
        this.contract = SessionContract.of(spec, networks, trialsPerNetwork, steps);
        this.cl = cl;
        this.shape = shape;
        this.spec = spec;
        this.networks = networks;
        this.trialsPerNetwork = trialsPerNetwork;
        this.steps = steps;
        this.tw = shape.trialsPerTile();
        this.layout = TrialLayout.perNetwork(networks, trialsPerNetwork, tw);
        this.tiles = layout.tiles();
        this.lossFunction = lossFunction;
        this.adam = own(new AdamMoments(cl, networks, spec.n()));
        int n = spec.n();
        long nn = (long) networks * n * n;
        try {
            program = own(cl.program(buildConstants(spec, shape, lossFunction), FORWARD_FILES));
            prepare = own(program.kernel("rate_prepare"));
            forward = own(program.kernel("rate_forward"));
            w = own(cl.floats(nn));
            somMask = own(cl.floats(nn));
            sign = own(cl.floats((long) networks * n));
            tausGaus = own(cl.floats((long) networks * n));
            wIn = own(cl.floats((long) networks * n * spec.inputs()));
            wOut = own(cl.floats((long) networks * n));
            bOut = own(cl.floats(networks));
            rowCols = own(cl.ints(nn));
            rowVals = own(cl.floats(nn));
            rowCounts = own(cl.ints((long) networks * n));
            alpha = own(cl.floats((long) networks * n));
            u = own(cl.floats((long) tiles * steps * spec.inputs() * tw));
            target = own(cl.floats((long) tiles * steps * tw));
            trialIds = own(cl.ints((long) tiles * tw));
            o = own(cl.floats((long) tiles * (steps - 1) * tw));
            loss = own(cl.floats((long) tiles * tw));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        return owned.own(resource);
    }

    static Map<String, Object> buildConstants(NetworkSpec spec, KernelShape shape, LossFunction lossFunction) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("VW", shape.vectorWidth());
        d.put("VPI", shape.vectorsPerItem());
        d.put("UPI", shape.unitsPerItem());
        d.put("N", spec.n());
        d.put("N_IN", spec.inputs());
        d.put("ACTIVATION", activationCode(spec.activation()));
        d.put("DALE", spec.applyDale() ? 1 : 0);
        d.put("TAU_MIN", (float) spec.taus().min());
        d.put("TAU_MAX", (float) spec.taus().max());
        d.put("TAUS_TRAINABLE", spec.taus().trainable() ? 1 : 0);
        d.put("LOSS_L1", lossFunction == LossFunction.L1 ? 1 : 0);
        d.put("STREAM_X0", RandomStream.RATE_X0.id);
        d.put("STREAM_NOISE", RandomStream.RATE_NOISE.id);
        return d;
    }

    /**
     * The kernels draw spikeRNN's noise (spec kim2019 §2.2) and weigh every output step: refuse the family's other
     * noise forms and loss masks with zeros, which only the CPU engine implements so far.
     */
    private static void requireKernelInputs(TrialBatch batch, RateNoise noise) {
        if (!noise.isSpikeRnnForm()) {
            throw new InvalidInputException("the OpenCL engine draws spikeRNN's noise only so far, not " + noise
                    + "; use --device cpu");
        }
        for (double m : batch.mask()) {
            if (m != 1.0) {
                throw new InvalidInputException("the OpenCL engine has no loss masks yet (the task masks out some "
                        + "steps); use --device cpu");
            }
        }
    }

    /** The ACT_* codes of rate_model.cl. */
    private static int activationCode(Activation a) {
        return switch (a) {
            case SIGMOID -> 0;
            case CLIPPED_RELU -> 1;
            case SOFTPLUS -> 2;
            default -> throw new IllegalArgumentException("no rate kernel for activation " + a.spikeRnnName);
        };
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
    public void upload(List<RateNetwork> nets) {
        contract.requireNetworks(nets);
        int n = spec.n();
        w.write(concat(nets, net -> net.w));
        somMask.write(concat(nets, net -> net.somMask));
        tausGaus.write(concat(nets, net -> net.tausGaus));
        wIn.write(concat(nets, net -> net.wIn));
        wOut.write(concat(nets, net -> net.wOut));
        float[] signs = new float[networks * n];
        float[] biases = new float[networks];
        for (int k = 0; k < networks; k++) {
            for (int j = 0; j < n; j++) {
                signs[k * n + j] = (float) nets.get(k).sign(j);
            }
            biases[k] = (float) nets.get(k).bOut[0];
        }
        sign.write(signs);
        bOut.write(biases);
        fixedParts = SessionContract.copies(nets);
        prepareDerived();
    }

    /** Recomputes the sparse rows of W_rec and α on the device from the raw parameters. */
    private void prepareDerived() {
        derivedStale = false;
        prepare.arg(0, w).arg(1, somMask).arg(2, sign).arg(3, tausGaus).arg(4, rowCols).arg(5, rowVals)
                .arg(6, rowCounts).arg(7, alpha)
                .launch(new long[] {spec.n(), networks}, null);
    }

    /** Network k's W_rec as the forward kernel sees it, rebuilt densely from the device's sparse rows. */
    double[] effectiveRecurrent(int k) {
        int n = spec.n();
        int[] cols = rowCols.read(new int[n * n], (long) k * n * n);
        float[] vals = rowVals.read(new float[n * n], (long) k * n * n);
        int[] counts = rowCounts.read(new int[n], (long) k * n);
        double[] dense = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < counts[i]; s++) {
                dense[i * n + cols[i * n + s]] = vals[i * n + s];
            }
        }
        return dense;
    }

    private static float[] concat(List<RateNetwork> nets, java.util.function.Function<RateNetwork, double[]> part) {
        int len = part.apply(nets.get(0)).length;
        float[] out = new float[nets.size() * len];
        for (int k = 0; k < nets.size(); k++) {
            double[] p = part.apply(nets.get(k));
            for (int i = 0; i < len; i++) {
                out[k * len + i] = (float) p[i];
            }
        }
        return out;
    }

    /**
     * The parameters as the device holds them: trainables read back (float precision), fixed parts as
     * uploaded.
     */
    @Override
    public List<RateNetwork> download() {
        contract.requireUploaded(fixedParts != null, "download");
        int n = spec.n();
        float[] wAll = w.readAll(), wOutAll = wOut.readAll(), bAll = bOut.readAll(), tgAll = tausGaus.readAll();
        List<RateNetwork> out = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            RateNetwork fixed = fixedParts.get(k);
            out.add(new RateNetwork(spec, widen(wAll, k * n * n, n * n), fixed.wIn.clone(), widen(wOutAll, k * n, n),
                    bAll[k], widen(tgAll, k * n, n), fixed.inh.clone(), fixed.somMask.clone()));
        }
        return out;
    }

    private static double[] widen(float[] from, int offset, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = from[offset + i];
        }
        return out;
    }

    @Override
    public Trajectories forward(TrialBatch batch, RateNoise noise, long seed, boolean keepStates) {
        contract.requireUploaded(fixedParts != null, "forward");
        contract.requireBatch(batch);
        requireKernelInputs(batch, noise);
        if (derivedStale) {
            prepareDerived();
        }
        layout.write(batch, u, target, trialIds);
        int n = spec.n();
        int total = batch.trials();
        int chunk = keepStates ? ensureStateBuffers() : tiles;
        ClBuffer.Floats xs = keepStates ? xStates : o; // unused by the kernel when states are not kept
        ClBuffer.Floats rs = keepStates ? rStates : o;
        double[] x = keepStates ? new double[total * steps * n] : null;
        double[] r = keepStates ? new double[total * steps * n] : null;
        int items = shape.itemsPerGroup(n);
        forward.arg(0, rowCols).arg(1, rowVals).arg(2, rowCounts).arg(3, alpha).arg(4, wIn).arg(5, wOut)
                .arg(6, bOut).arg(7, u).arg(8, target).arg(9, trialIds).arg(10, xs).arg(11, rs).arg(12, o)
                .arg(13, loss).arg(15, layout.tilesPerNetwork()).arg(16, steps).arg(17, (int) seed)
                .arg(18, (float) noise.noiseSd()).arg(19, (float) noise.x0Sd()).arg(20, keepStates ? 1 : 0)
                .localArg(21, 2L * n * tw * Float.BYTES).localArg(22, 2L * items * tw * Float.BYTES);
        for (int first = 0; first < tiles; first += chunk) {
            int count = Math.min(chunk, tiles - first);
            forward.arg(14, first).launch(new long[] {(long) count * items}, new long[] {items});
            if (keepStates) {
                readStates(first, count, x, r);
            }
        }
        double[] outputs = layout.read(o.readAll(), steps - 1);
        double[] losses = layout.read(loss.readAll(), 1);
        return new Trajectories(total, steps, n, x, r, outputs, losses);
    }

    /** Allocates the state buffers once, as many tiles as the device memory allows; returns that tile count. */
    private int ensureStateBuffers() {
        if (xStates == null) {
            long perTile = (long) steps * spec.n() * tw * Float.BYTES;
            long fixed = owned.bufferBytes();
            statesChunkTiles = ClMemory.itemsPerChunk(cl.device(), tiles, fixed, 2 * perTile, perTile, 1);
            xStates = own(cl.floats(statesChunkTiles * perTile / Float.BYTES));
            rStates = own(cl.floats(statesChunkTiles * perTile / Float.BYTES));
        }
        return statesChunkTiles;
    }

    /** Copies the states of tiles [first, first+count) into the [trial][t][i] arrays, dropping padding lanes. */
    private void readStates(int first, int count, double[] x, double[] r) {
        int n = spec.n();
        int perTile = steps * n * tw;
        float[] xt = new float[perTile];
        float[] rt = new float[perTile];
        for (int c = 0; c < count; c++) {
            int tile = first + c;
            xStates.read(xt, (long) c * perTile);
            rStates.read(rt, (long) c * perTile);
            for (int lane = 0; lane < tw; lane++) {
                int b = layout.trialAt(tile * tw + lane);
                if (b < 0) {
                    continue;
                }
                for (int t = 0; t < steps; t++) {
                    for (int i = 0; i < n; i++) {
                        x[(b * steps + t) * n + i] = xt[(t * n + i) * tw + lane];
                        r[(b * steps + t) * n + i] = rt[(t * n + i) * tw + lane];
                    }
                }
            }
        }
    }

    /** The training kernels on this session's parameter buffers and Adam state, built on first use. */
    RateTraining training() {
        contract.requireUploaded(fixedParts != null, "training");
        if (training == null) {
            TrialLayout lanes = TrialLayout.forTraining(networks, trialsPerNetwork, shape.vectorWidth());
            training = own(new RateTraining(cl, shape, spec, lanes, steps, lossFunction,
                    new TrainableBuffers(w, wOut, bOut, tausGaus), wIn, sign, somMask, adam));
        }
        return training;
    }

    @Override
    public List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
        contract.requireUploaded(fixedParts != null, "gradients");
        contract.requireBatch(batch);
        requireKernelInputs(batch, noise);
        return training().gradients(batch, noise, seed);
    }

    /** Forward, BPTT and Adam on the device (rate_train.cl); the parameters never leave it. */
    @Override
    public double[] trainStep(TrialBatch batch, RateNoise noise, long seed, Optimizer optimizer, boolean[] active) {
        contract.requireUploaded(fixedParts != null, "trainStep");
        contract.requireActive(active);
        contract.requireBatch(batch);
        requireKernelInputs(batch, noise);
        if (!(optimizer instanceof AdamConfig adamConfig)) {
            throw new InvalidInputException("the OpenCL engine trains with Adam only so far; for SGD use --device cpu");
        }
        double[] losses = training().trainStep(batch, noise, seed, adamConfig, active);
        derivedStale = true;
        return losses;
    }

    @Override
    public AdamState adamState() {
        return adam.state();
    }

    @Override
    public void setAdamState(AdamState state) {
        contract.requireAdamState(state);
        adam.set(state);
    }

    @Override
    public void close() {
        owned.close();
    }
}
