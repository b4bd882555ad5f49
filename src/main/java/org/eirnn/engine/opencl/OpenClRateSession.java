package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.SessionContract;
import org.eirnn.engine.SgdConfig;
import org.eirnn.engine.Trajectories;
import org.eirnn.model.Activation;
import org.eirnn.model.LossFunction;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.NoiseForm;
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
 *
 * <p>The model family's options the kernels implement ({@link KernelModel}) are build constants of one set of
 * kernels: the programs are built on upload for the networks' {@link KernelModel.KernelForm} (weight form, offsets,
 * trained variables) and rebuilt, training kernels included, when an upload or a call brings another form (another
 * noise form, post-activation noise on or off, a first batch with a loss mask). spikeRNN's networks get spikeRNN's
 * expressions.
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

    /** The forward program and its kernels, built on upload for the networks' weight form; rebuilt if it changes. */
    private ClResources built = new ClResources();
    private KernelModel.KernelForm kernelForm;
    private ClKernel prepare;
    private ClKernel forward;
    private InputConditioning conditioning;
    // Parameters, [k][...] per network: trainables w, w_out, b_out, taus_gaus; fixed w_in, sign (m), som_m and the
    // family's other masks and fixed entries.
    private final ClBuffer.Floats w, wOut, bOut, tausGaus, bRec, x0;
    private final FixedBuffers fixed;
    // The effective W_in and w_out rate_prepare derives with the family's weight form (else unused).
    private final ClBuffer.Floats wInEff, wOutEff;
    // Derived by rate_prepare: nonzero entries of each row of W_rec (column, value, count) and α = Δt/τ.
    private final ClBuffer.Ints rowCols, rowCounts;
    private final ClBuffer.Floats rowVals, alpha;
    // One batch in device layout (see rate_forward.cl).
    private final ClBuffer.Floats u, target, o, loss, mask;
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
        requireLocalMemory(cl.device(), shape, spec);
        this.layout = TrialLayout.perNetwork(networks, trialsPerNetwork, tw);
        this.tiles = layout.tiles();
        this.lossFunction = lossFunction;
        this.adam = own(new AdamMoments(cl, networks, spec));
        int n = spec.n();
        long nn = (long) networks * n * n;
        long nIn = Math.max(1, (long) networks * n * spec.inputs()); // one placeholder float without inputs
        long nOut = (long) networks * n * spec.outputs();
        try {
            w = own(cl.floats(nn));
            fixed = new FixedBuffers(own(cl.floats(nIn)), own(cl.floats((long) networks * n)), own(cl.floats(nn)),
                    own(cl.floats(nn)), own(cl.floats(nIn)), own(cl.floats(nIn)), own(cl.floats(nOut)),
                    own(cl.floats(nOut)));
            wInEff = own(cl.floats(nIn));
            wOutEff = own(cl.floats(nOut));
            tausGaus = own(cl.floats((long) networks * n));
            wOut = own(cl.floats(nOut));
            bRec = own(cl.floats((long) networks * n));
            x0 = own(cl.floats((long) networks * n));
            bOut = own(cl.floats((long) networks * spec.outputs()));
            rowCols = own(cl.ints(nn));
            rowVals = own(cl.floats(nn));
            rowCounts = own(cl.ints((long) networks * n));
            alpha = own(cl.floats((long) networks * n));
            u = own(cl.floats(Math.max(1, (long) tiles * steps * spec.inputs() * tw)));
            target = own(cl.floats((long) tiles * steps * tw * spec.outputs()));
            mask = own(cl.floats((long) tiles * steps * tw * spec.outputs()));
            trialIds = own(cl.ints((long) tiles * tw));
            o = own(cl.floats((long) tiles * (steps - 1) * tw * spec.outputs()));
            loss = own(cl.floats((long) tiles * tw));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Refuses a shape whose forward kernel needs more local memory than the device has, outputs counted (r_{t−1}
     * and r_t, the per-item output partials, and the W_rec tile of the GPU shape).
     */
    private static void requireLocalMemory(ClDevice device, KernelShape shape, NetworkSpec spec) {
        int n = spec.n();
        long tw = shape.trialsPerTile();
        long bytes = (2L * n * tw + 2L * shape.itemsPerGroup(n) * tw * spec.outputs() + (long) n * shape.columnTile())
                * Float.BYTES;
        if (bytes > device.localMemBytes()) {
            throw new OpenClException("the forward kernel at N=" + n + " with " + spec.outputs() + " outputs needs "
                    + bytes + " bytes of local memory in kernel shape " + shape.label() + ", more than "
                    + device.label() + " has (" + device.localMemBytes() + ")"
                    + (shape.tiled() ? "; try --kernel-shape cpu" : ""));
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        return owned.own(resource);
    }

    static Map<String, Object> buildConstants(NetworkSpec spec, KernelShape shape, LossFunction lossFunction,
                                              KernelModel.KernelForm kernelForm) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("VW", shape.vectorWidth());
        d.put("VPI", shape.vectorsPerItem());
        d.put("UPI", shape.unitsPerItem());
        d.put("VPG", shape.vectorGroups());
        d.put("WTILE", shape.columnTile());
        d.put("N", spec.n());
        d.put("N_IN", spec.inputs());
        d.put("N_OUT", spec.outputs());
        d.put("OUT_ACT", spec.options().output().ordinal());
        d.put("ACTIVATION", activationCode(spec.activation()));
        d.put("DALE", spec.applyDale() ? 1 : 0);
        d.put("TAU_MIN", (float) spec.taus().min());
        d.put("TAU_MAX", (float) spec.taus().max());
        d.put("TAUS_TRAINABLE", spec.taus().trainable() ? 1 : 0);
        d.put("LOSS_L1", lossFunction == LossFunction.L1 ? 1 : 0);
        d.put("LOSS_MSE", lossFunction == LossFunction.MSE ? 1 : 0);
        d.put("LOSS_CE", lossFunction == LossFunction.CROSS_ENTROPY ? 1 : 0);
        d.put("STREAM_X0", RandomStream.RATE_X0.id);
        d.put("STREAM_NOISE", RandomStream.RATE_NOISE.id);
        d.put("STREAM_POST_NOISE", RandomStream.RATE_POST_NOISE.id);
        d.put("STREAM_INPUT_NOISE", RandomStream.RATE_INPUT_NOISE.id);
        kernelForm.putConstants(d);
        return d;
    }

    /** True when the batch's loss mask is not all ones. */
    private static boolean masksSteps(TrialBatch batch) {
        for (double m : batch.mask()) {
            if (m != 1.0) {
                return true;
            }
        }
        return false;
    }

    /** The ACT_* codes of rate_model.cl. */
    private static int activationCode(Activation a) {
        return switch (a) {
            case SIGMOID -> 0;
            case CLIPPED_RELU -> 1;
            case SOFTPLUS -> 2;
            case RECTIFY -> 3;
            case TANH -> 4;
            case RTANH -> 5;
            case LINEAR -> 6;
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
        KernelModel.KernelForm form = KernelModel.KernelForm.of(nets, NoiseForm.SPIKERNN,
                lossFunction.maskNormalised());
        buildFor(kernelForm != null ? form.like(kernelForm) : form);
        w.write(concat(nets, net -> net.w));
        tausGaus.write(concat(nets, net -> net.tausGaus));
        wOut.write(concat(nets, net -> net.wOut));
        fixed.wIn().write(concat(nets, net -> net.wIn));
        fixed.som().write(concat(nets, net -> net.somMask));
        fixed.wFixed().write(concat(nets, net -> net.wFixed));
        fixed.cIn().write(concat(nets, net -> net.cIn));
        fixed.wInFixed().write(concat(nets, net -> net.wInFixed));
        fixed.cOut().write(concat(nets, net -> net.cOut));
        fixed.wOutFixed().write(concat(nets, net -> net.wOutFixed));
        bRec.write(concat(nets, net -> net.bRec));
        x0.write(concat(nets, net -> net.x0));
        float[] signs = new float[networks * n];
        for (int k = 0; k < networks; k++) {
            for (int j = 0; j < n; j++) {
                signs[k * n + j] = (float) nets.get(k).sign(j);
            }
        }
        fixed.sign().write(signs);
        bOut.write(concat(nets, net -> net.bOut));
        fixedParts = SessionContract.copies(nets);
        prepareDerived();
    }

    /**
     * Builds the forward program for the networks' kernel form, once, and again (training kernels too) when an
     * upload or a call's noise form brings another (the derived buffers stay valid).
     */
    private void buildFor(KernelModel.KernelForm form) {
        if (form.equals(kernelForm)) {
            return;
        }
        closeKernels();
        built = new ClResources();
        ClProgram program = built.own(cl.program(buildConstants(spec, shape, lossFunction, form), FORWARD_FILES));
        prepare = built.own(program.kernel("rate_prepare"));
        forward = built.own(program.kernel("rate_forward"));
        conditioning = built.own(new InputConditioning(cl, program, layout, steps));
        kernelForm = form;
    }

    private void closeKernels() {
        if (training != null) {
            training.close();
            training = null;
        }
        built.close();
    }

    /** Recomputes the sparse rows of W_rec, α and (family weight form) the effective W_in and w_out on the device. */
    private void prepareDerived() {
        derivedStale = false;
        prepare.arg(0, w).arg(1, fixed.som()).arg(2, fixed.sign()).arg(3, tausGaus).arg(4, rowCols).arg(5, rowVals)
                .arg(6, rowCounts).arg(7, alpha).arg(8, fixed.wFixed()).arg(9, fixed.wIn()).arg(10, fixed.cIn())
                .arg(11, fixed.wInFixed()).arg(12, wOut).arg(13, fixed.cOut()).arg(14, fixed.wOutFixed())
                .arg(15, wInEff).arg(16, wOutEff)
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
        int nOut = spec.outputs();
        float[] wAll = w.readAll(), wOutAll = wOut.readAll(), bAll = bOut.readAll(), tgAll = tausGaus.readAll();
        ModelOptions o = spec.options();
        float[] wInAll = o.trainWIn() ? fixed.wIn().readAll() : null;
        float[] bRecAll = o.trainBRec() ? bRec.readAll() : null;
        float[] x0All = o.trainX0() ? x0.readAll() : null;
        List<RateNetwork> out = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            RateNetwork f = fixedParts.get(k);
            out.add(new RateNetwork(spec, widen(wAll, k * n * n, n * n), trained(wInAll, f.wIn, k),
                    widen(wOutAll, k * n * nOut, n * nOut), widen(bAll, k * nOut, nOut), widen(tgAll, k * n, n), f.inh.clone(),
                    f.somMask.clone(), f.cIn.clone(), f.cOut.clone(), f.wFixed.clone(), f.wInFixed.clone(),
                    f.wOutFixed.clone(), trained(bRecAll, f.bRec, k), trained(x0All, f.x0, k)));
        }
        return out;
    }

    /** Network k's part of a trained variable read back ({@code all}), or the uploaded values when it is fixed. */
    private static double[] trained(float[] all, double[] uploaded, int k) {
        return all == null ? uploaded.clone() : widen(all, k * uploaded.length, uploaded.length);
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
        buildFor(kernelForm.forCall(noise, masksSteps(batch)));
        if (derivedStale) {
            prepareDerived();
        }
        layout.write(batch, u, target, trialIds);
        conditioning.enqueue(u, trialIds, noise, seed);
        if (kernelForm.masked()) {
            layout.writeMask(batch, mask);
        }
        int n = spec.n();
        int total = batch.trials();
        int chunk = keepStates ? ensureStateBuffers() : tiles;
        ClBuffer.Floats xs = keepStates ? xStates : o; // unused by the kernel when states are not kept
        ClBuffer.Floats rs = keepStates ? rStates : o;
        double[] x = keepStates ? new double[total * steps * n] : null;
        double[] r = keepStates ? new double[total * steps * n] : null;
        int items = shape.itemsPerGroup(n);
        boolean family = kernelForm.family();
        forward.arg(0, rowCols).arg(1, rowVals).arg(2, rowCounts).arg(3, alpha).arg(4, family ? wInEff : fixed.wIn())
                .arg(5, family ? wOutEff : wOut)
                .arg(6, bOut).arg(7, u).arg(8, target).arg(9, trialIds).arg(10, xs).arg(11, rs).arg(12, o)
                .arg(13, loss).arg(15, layout.tilesPerNetwork()).arg(16, steps).arg(17, (int) seed)
                .arg(18, (float) noise.noiseSd()).arg(19, (float) noise.x0Sd()).arg(20, keepStates ? 1 : 0)
                .localArg(21, 2L * n * tw * Float.BYTES)
                .localArg(22, 2L * items * tw * spec.outputs() * Float.BYTES)
                .arg(23, bRec).arg(24, x0).arg(25, mask).arg(26, (float) noise.postSd())
                .localArg(27, Math.max(1L, (long) n * shape.columnTile()) * Float.BYTES);
        int slices = shape.vectorGroups();
        for (int first = 0; first < tiles; first += chunk) {
            int count = Math.min(chunk, tiles - first);
            forward.arg(14, first).launch(new long[] {(long) count * items, slices}, new long[] {items, slices});
            if (keepStates) {
                readStates(first, count, x, r);
            }
        }
        double[] outputs = layout.read(o.readAll(), spec.outputs() * (steps - 1));
        double[] losses = layout.read(loss.readAll(), 1);
        return new Trajectories(total, steps, n, spec.outputs(), x, r, outputs, losses);
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
            TrialLayout lanes = TrialLayout.forTraining(networks, trialsPerNetwork, shape.vectorWidth(),
                    trainingSlices());
            ModelOptions o = spec.options();
            TrainableBuffers params = new TrainableBuffers(spec, java.util.Arrays.asList(w, wOut, bOut, tausGaus,
                    o.trainWIn() && spec.inputs() > 0 ? fixed.wIn() : null, o.trainBRec() ? bRec : null, o.trainX0() ? x0 : null));
            training = new RateTraining(cl, shape, spec, lanes, steps, lossFunction, kernelForm, params, fixed, bRec,
                    x0, adam);
        }
        return training;
    }

    /** The GPU shape's tiles per training work-group: its vector groups, halved while NQ of them pass the limit. */
    private int trainingSlices() {
        long quads = (spec.n() + 3) / 4;
        int slices = shape.tiled() ? shape.vectorGroups() : 1;
        while (slices > 1 && quads * slices > cl.device().maxWorkGroup()) {
            slices /= 2;
        }
        return slices;
    }

    /** Ω of each network in the last gradients or training step ({@link RateTraining#omegaValues}), null without. */
    double[] omegaValues() {
        return training().omegaValues();
    }

    @Override
    public List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
        contract.requireUploaded(fixedParts != null, "gradients");
        contract.requireBatch(batch);
        buildFor(kernelForm.forCall(noise, masksSteps(batch)));
        return training().gradients(batch, noise, seed);
    }

    /** Forward, BPTT and Adam or SGD on the device (rate_train.cl); the parameters never leave it. */
    @Override
    public double[] trainStep(TrialBatch batch, RateNoise noise, long seed, Optimizer optimizer, boolean[] active) {
        contract.requireUploaded(fixedParts != null, "trainStep");
        contract.requireActive(active);
        contract.requireBatch(batch);
        buildFor(kernelForm.forCall(noise, masksSteps(batch)));
        double[] losses;
        if (optimizer instanceof AdamConfig adamConfig) {
            losses = training().trainStep(batch, noise, seed, adamConfig, active);
        } else if (optimizer instanceof SgdConfig sgdConfig) {
            losses = training().trainStep(batch, noise, seed, sgdConfig, active);
        } else {
            throw new InvalidInputException("the OpenCL engine does not implement " + optimizer
                    + " yet; use --device cpu");
        }
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
        closeKernels();
        owned.close();
    }
}
