package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.LossHorizon;
import org.eirnn.engine.SgdConfig;
import org.eirnn.engine.Trainables;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training half of an OpenCL rate session (spec §2.2–2.3): the kernels of {@code kernels/rate_train.cl} and
 * their buffers for K networks × B trials. It works on the session's parameter buffers and Adam moments
 * ({@link AdamMoments}) in place, and keeps the gradients on the device too: a training step uploads the batch, runs
 * forward → readout/loss → backward time loop → weight-gradient reduction → small gradients → Adam, and reads
 * back only the per-trial losses.
 *
 * <p>Trials ride in vector lanes ({@link TrialLayout#forTraining}). With B ≥ the session's vector width, or one
 * network, a tile is VW trials of one network (VW narrowed to the smallest power of two ≥ B) and network k's trials
 * fill G = ⌈B/VW⌉ tiles, so every weight read serves VW trials. With fewer trials than lanes and several networks
 * (spikeRNN's B = 1 ensembles) the (network, trial) pairs fill the lanes in order and every lane reads its own
 * network's weights ("network lanes"). Unused lanes run a finite dummy trial with loss weight 0.
 * The per-step states of every trial are kept for BPTT; when they would not fit the device, forward, backward and
 * the weight gradient run over chunks of tiles and the gradient is summed across chunks.
 *
 * <p>With λ_Ω ≠ 0 (build constant OMEGA) the backward pass also computes pycog's Ω per trial and step and stores
 * Ω's right factor c_s·v⊙f'(x_s) per step; train_weight_gradient, run a second time on it in place of r, gives
 * Ω's outer-product sums, which train_omega_gradient_sum adds up over the chunks and, once a network's count of
 * steps above the bound is complete, adds to ∂L/∂w as λ_Ω/count times the sum (rate_train.cl's "Ω").
 */
final class RateTraining implements AutoCloseable {
    /**
     * Steps per slice of the weight-gradient reduction: a slice of r (40·NP·VW floats, 512 KB at N = 200, VW = 16)
     * stays in a CPU core's L2 while every 4×4 output block reads it; 40 was the fastest of 20/40/100 on POCL.
     */
    static final int SLICE_STEPS = 40;
    /** States per chunk of tiles on a CPU device, about a last-level cache (32 MB on the EPYC measured here). */
    static final long CPU_CHUNK_BYTES = 32L << 20;
    private static final String[] FILES = {"philox.cl", "vector.cl", "rate_model.cl", "rate_train.cl"};

    private final ClContext cl;
    private final NetworkSpec spec;
    /** Where each trial rides ({@link TrialLayout#forTraining}). */
    private final TrialLayout layout;
    private final int networks;
    private final int steps;
    private final int n;
    private final int paddedN;
    private final int quads;
    /** Tiles of the whole batch. */
    private final int tiles;
    /** Steps per weight-gradient slice and slices per tile (⌈(T−1)/sliceSteps⌉). */
    private final int sliceSteps;
    private final int slicesPerTile;
    /** Tiles whose states fit the device (and, on a CPU, its cache) at once; a step runs the tiles in chunks. */
    private final int chunkTiles;
    /** Columns of W_rec per local-memory tile of the recurrent products (the GPU shape), 0 untiled. */
    private final int columnTile;

    private final ClResources owned = new ClResources();
    private final ClKernel prepare;
    private final ClKernel forward;
    private final ClKernel readout;
    private final ClKernel backward;
    private final ClKernel weightGradient;
    private final ClKernel weightGradientSum;
    private final ClKernel smallGradients;
    private final ClKernel adamKernel;
    private final ClKernel sumSquares;
    private final ClKernel sgdKernel;
    /** Ω's second run of train_weight_gradient and its sum; null without Ω. */
    private final ClKernel omegaWeightGradient;
    private final ClKernel omegaGradientSum;
    private final InputConditioning conditioning;

    /** The session's trainables and Adam state, updated in place; the session owns them. */
    private final TrainableBuffers params;
    private final AdamMoments adam;
    private final TrainableBuffers grads;
    private final KernelModel.KernelForm form;
    // The padded b_rec and x0 (train_prepare's), and a placeholder for the arguments of untrained variables.
    private final ClBuffer.Floats bRecPadded, x0Padded, placeholder;
    // What the kernels read of the parameters (train_prepare's outputs): one copy per network, or per lane.
    private final ClBuffer.Floats wf, wb, alpha, wOutPadded, wInPadded, bias;
    private final ClBuffer.Ints laneNetwork;
    // One batch in lane layout, the loss weight of each lane.
    private final ClBuffer.Floats inputs, targets, laneWeight, masks;
    private final LossFunction loss;
    /** The last batch's Σ M per trial and per network (mse, cross-entropy; see {@link TrialLayout#maskSums}). */
    private double[] maskSums;
    private final ClBuffer.Ints trialIds;
    // Per chunk of tiles: the states of BPTT and the weight-gradient partial sums; per tile: d_out, the losses and
    // the partial sums of the small gradients.
    private final ClBuffer.Floats rates, driveGap, cleanRates, scaledDelta, dOut, losses, partial, partialW;
    private final ClBuffer.Floats stepSize;
    // SGD's squared global gradient norm per network; the rate penalty's lane weights (1/B, 0 for padding) and each
    // trial's Σ r² (placeholders without one).
    private final ClBuffer.Floats sumSq, rateWeight, rateSq;
    /** With Ω: the per-step right factors (per chunk, as the states), the sums over chunks and Ω per network. */
    private final boolean omega;
    private final ClBuffer.Floats omegaRight, omegaSums, omegaValue;

    /**
     * @param layout the training layout of the session's K × B trials
     * @param form   the weight parametrisation the kernels are built for (the session's)
     * @param params the session's trainables, updated in place by {@link #trainStep}
     * @param fixed  the session's fixed parts: w_in, the signs, the masks and fixed entries
     * @param bRec   the session's b_rec [k][i] (fixed or trained)
     * @param x0     the session's x0 [k][i] (fixed or trained)
     * @param adam   the session's Adam state; its moments move onto the device here
     */
    RateTraining(ClContext cl, KernelShape shape, NetworkSpec spec, TrialLayout layout, int steps, LossFunction loss,
                 KernelModel.KernelForm form, TrainableBuffers params, FixedBuffers fixed, ClBuffer.Floats bRec,
                 ClBuffer.Floats x0, AdamMoments adam) {
        this.cl = cl;
        this.spec = spec;
        this.layout = layout;
        this.networks = layout.networks();
        this.steps = steps;
        this.params = params;
        this.adam = adam;
        this.form = form;
        this.loss = loss;
        this.n = spec.n();
        this.omega = spec.options().regularisers().omega() != 0;
        this.paddedN = (n + 3) / 4 * 4;
        this.quads = paddedN / 4;
        this.tiles = layout.tiles();
        // With network lanes every lane has its own ∂L/∂W, so a slice's partial sum is VW times larger: one slice
        // per tile keeps that output traffic down.
        this.sliceSteps = layout.networkLanes() ? steps - 1 : SLICE_STEPS;
        this.slicesPerTile = (steps - 2 + sliceSteps) / sliceSteps;
        this.columnTile = shape.columnTile();
        requireDeviceFits(cl.device());
        try {
            ClProgram program = own(cl.program(buildConstants(shape, loss, form), FILES));
            prepare = own(program.kernel("train_prepare"));
            forward = own(program.kernel("train_forward"));
            readout = own(program.kernel("train_readout"));
            backward = own(program.kernel("train_backward"));
            weightGradient = own(program.kernel("train_weight_gradient"));
            weightGradientSum = own(program.kernel("train_weight_gradient_sum"));
            smallGradients = own(program.kernel("train_small_gradients"));
            adamKernel = own(program.kernel("train_adam"));
            sumSquares = own(program.kernel("train_sum_squares"));
            sgdKernel = own(program.kernel("train_sgd"));
            omegaWeightGradient = omega ? own(program.kernel("train_weight_gradient")) : null;
            omegaGradientSum = omega ? own(program.kernel("train_omega_gradient_sum")) : null;
            conditioning = own(new InputConditioning(cl, program, layout, steps));
            chunkTiles = chunkTiles(cl.device());
            grads = own(TrainableBuffers.zeros(cl, networks, spec));
            adam.toDevice();
            long copies = parameterCopies();
            wf = floats(copies * paddedN * paddedN);
            wb = floats(copies * paddedN * paddedN);
            alpha = floats(copies * paddedN);
            wOutPadded = floats(copies * paddedN * spec.outputs());
            wInPadded = floats(Math.max(1, copies * paddedN * spec.inputs()));
            bias = floats(copies * spec.outputs());
            bRecPadded = floats(form.bRec() ? copies * paddedN : 1);
            x0Padded = floats(form.x0() ? copies * paddedN : 1);
            placeholder = floats(1);
            laneNetwork = own(cl.ints(copies));
            inputs = floats(Math.max(1, (long) tiles * steps * spec.inputs() * layout.lanes()));
            targets = floats((long) tiles * steps * layout.lanes() * spec.outputs());
            masks = floats(form.masked() ? (long) tiles * steps * layout.lanes() * spec.outputs() : 1);
            trialIds = own(cl.ints((long) tiles * layout.lanes()));
            laneWeight = own(cl.floats(layout.laneWeights()));
            long stateLength = chunkTiles * stateFloats();
            rates = floats(stateLength);
            // drive_t − x_{t−1} is only needed for ∂L/∂τ; a placeholder keeps the kernel signature fixed.
            driveGap = floats(form.alphaGradient() ? stateLength : 1);
            // f(x_t) before the post-activation noise, for f'(x_t) in the backward pass.
            cleanRates = floats(form.post() ? stateLength : 1);
            scaledDelta = floats(stateLength);
            dOut = floats((long) tiles * steps * layout.lanes() * spec.outputs());
            losses = floats((long) tiles * layout.lanes());
            partial = floats((long) tiles * partialStride() * (layout.networkLanes() ? layout.lanes() : 1));
            partialW = floats(chunkTiles * sliceFloats());
            stepSize = floats(networks);
            sumSq = floats(networks);
            boolean ratePenalty = spec.options().regularisers().l2Rate() > 0;
            rateWeight = ratePenalty ? own(cl.floats(layout.laneWeights())) : floats(1);
            rateSq = floats(ratePenalty ? (long) tiles * layout.lanes() : 1);
            omegaRight = floats(omega ? stateLength : 1);
            omegaSums = floats(omega ? (long) networks * n * n : 1);
            omegaValue = floats(omega ? networks : 1);
            bindArguments(fixed, bRec, x0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Refuses networks whose quads or lane states exceed the device's work-group size or local memory. */
    private void requireDeviceFits(ClDevice device) {
        long groupItems = (long) quads * layout.tileGroup();
        if (groupItems > device.maxWorkGroup()) {
            throw new OpenClException("training N=" + n + " needs work-groups of " + groupItems + " work-items; "
                    + device.label() + " allows " + device.maxWorkGroup());
        }
        // Each tile's vector of NP units, and in the GPU shape the W_rec tile (WTILE columns × NP rows × lanes).
        long tileFloats = (long) columnTile * paddedN * (layout.networkLanes() ? layout.lanes() : 1);
        // With Ω, train_backward also keeps each tile's ‖g‖² and ‖v‖² slots (NQ each) and its step coefficient.
        long omegaFloats = omega ? (2L * quads + 1) * layout.lanes() * layout.tileGroup() : 0;
        long localBytes = ((long) paddedN * layout.lanes() * layout.tileGroup() + tileFloats + omegaFloats)
                * Float.BYTES;
        if (localBytes > device.localMemBytes()) {
            throw new OpenClException("training N=" + n + " needs " + localBytes + " bytes of local memory per "
                    + "work-group; " + device.label() + " has " + device.localMemBytes());
        }
    }

    /** The forward build constants on {@code lanes}-wide vectors, and the training kernels' own. */
    private Map<String, Object> buildConstants(KernelShape shape, LossFunction loss, KernelModel.KernelForm form) {
        Map<String, Object> d = OpenClRateSession.buildConstants(spec,
                new KernelShape(layout.lanes(), 1, shape.unitsPerItem(), 1, shape.columnTile()), loss, form);
        d.put("TPG", layout.tileGroup());
        d.put("NP", paddedN);
        d.put("NQ", quads);
        d.put("T", steps);
        d.put("G", layout.tilesPerNetwork());
        d.put("PART", partialStride());
        d.put("TC", sliceSteps);
        d.put("TB", slicesPerTile);
        d.put("NET_LANES", layout.networkLanes() ? 1 : 0);
        d.put("K", networks);
        d.put("BPN", layout.trialsPerNetwork());
        d.put("L2_RATE_SLOPE", (float) (2 * spec.options().regularisers().l2Rate() / ((double) (steps - 1) * n)));
        d.put("OMEGA", omega ? 1 : 0);
        d.put("LAMBDA_OMEGA", (float) spec.options().regularisers().omega());
        return d;
    }

    /**
     * Per tile, the small gradients' partial sums: ∂L/∂w_out per output and padded unit, ∂L/∂α per padded unit,
     * ∂L/∂b_out per output; then, when any of them trains, ∂L/∂b_rec, ∂L/∂x0 and ∂L/∂W_in per padded unit
     * (rate_train.cl's PART_*); with Ω its sum and count last (PART_OMEGA).
     */
    private int partialStride() {
        int nOut = spec.outputs();
        return (nOut + 1) * paddedN + nOut + (form.trainsOffsetsOrInputs() ? paddedN * (2 + spec.inputs()) : 0)
                + (omega ? 2 : 0);
    }

    /** What the kernels read of the parameters: one copy per network, or lane vectors per tile. */
    private long parameterCopies() {
        return layout.networkLanes() ? (long) tiles * layout.lanes() : networks;
    }

    /** Floats of one state (r, α⊙δx or drive − x) of one tile: T × NP × lanes. */
    private long stateFloats() {
        return (long) steps * paddedN * layout.lanes();
    }

    /** Floats of one tile's weight-gradient partial sums: a NP × NP block per slice (and per lane). */
    private long sliceFloats() {
        return (long) slicesPerTile * paddedN * paddedN * (layout.networkLanes() ? layout.lanes() : 1);
    }

    /** Tiles per chunk: as many as the device memory holds, on a CPU at most about its last-level cache. */
    private int chunkTiles(ClDevice device) {
        int stateBuffers = 2 + (form.alphaGradient() ? 1 : 0) + (form.post() ? 1 : 0) + (omega ? 1 : 0);
        // Per tile: the states (r, α⊙δx and, for trainable τ, drive − x) and the weight-gradient partial sums.
        // Fixed: the square matrices of the session and of training (w, som, sparse rows, wf, wb, gradient, m, v).
        long perTile = (stateBuffers * stateFloats() + sliceFloats()) * Float.BYTES;
        long fixed = 10L * networks * paddedN * paddedN * Float.BYTES;
        int chunk = ClMemory.itemsPerChunk(device, tiles, fixed, perTile,
                Math.max(stateFloats(), sliceFloats()) * Float.BYTES, 1);
        if (!device.isGpu()) {
            // A chunk whose states stay in the CPU's last-level cache between forward, backward and the weight
            // gradient: 256 go-nogo trials took 20% less CPU time in chunks of 2–8 tiles than all at once.
            int cached = (int) Math.max(2L * device.computeUnits(), CPU_CHUNK_BYTES / perTile);
            chunk = Math.min(chunk, cached);
        }
        // Whole work-groups of tiles (the layout pads each network's tiles to a multiple of the group).
        int group = layout.tileGroup();
        return Math.max(group, chunk / group * group);
    }

    /** Sets every kernel argument that stays fixed for the session (the per-launch ones are set at launch). */
    private void bindArguments(FixedBuffers fixed, ClBuffer.Floats bRec, ClBuffer.Floats x0) {
        prepare.arg(0, params.w()).arg(1, fixed.sign()).arg(2, fixed.som()).arg(3, params.tausGaus())
                .arg(4, params.wOut()).arg(5, params.bOut()).arg(6, fixed.wIn()).arg(7, wf).arg(8, wb).arg(9, alpha)
                .arg(10, wOutPadded).arg(11, wInPadded).arg(12, bias).arg(13, laneNetwork).arg(14, fixed.wFixed())
                .arg(15, fixed.cIn()).arg(16, fixed.wInFixed()).arg(17, fixed.cOut()).arg(18, fixed.wOutFixed())
                .arg(19, bRec).arg(20, x0).arg(21, bRecPadded).arg(22, x0Padded);
        forward.arg(0, wf).arg(1, alpha).arg(2, wInPadded).arg(3, laneNetwork).arg(4, inputs).arg(5, trialIds)
                .arg(6, rates).arg(7, driveGap).arg(12, bRecPadded).arg(13, x0Padded).arg(15, cleanRates);
        readout.arg(0, rates).arg(1, wOutPadded).arg(2, bias).arg(3, targets).arg(4, laneWeight)
                .arg(5, dOut).arg(6, losses).arg(7, partial).arg(9, masks).arg(10, rateSq);
        backward.arg(0, wb).arg(1, alpha).arg(2, wOutPadded).arg(3, rates).arg(4, driveGap).arg(5, dOut)
                .arg(6, scaledDelta).arg(7, partial).arg(9, inputs).arg(10, cleanRates).arg(11, rateWeight);
        weightGradient.arg(0, scaledDelta).arg(1, rates).arg(2, partialW);
        weightGradientSum.arg(0, partialW).arg(1, params.w()).arg(2, fixed.sign()).arg(3, fixed.som())
                .arg(4, grads.w()).arg(7, fixed.wFixed());
        smallGradients.arg(0, partial).arg(1, params.tausGaus()).arg(2, grads.wOut()).arg(3, grads.bOut())
                .arg(4, grads.tausGaus()).arg(5, params.wOut()).arg(6, fixed.cOut()).arg(7, fixed.wOutFixed())
                .arg(8, fixed.sign()).arg(9, orPlaceholder(grads.wIn())).arg(10, orPlaceholder(grads.bRec()))
                .arg(11, orPlaceholder(grads.x0())).arg(12, fixed.wIn()).arg(13, fixed.cIn())
                .arg(14, fixed.wInFixed());
        if (omega) {
            backward.arg(13, omegaRight);
            omegaWeightGradient.arg(0, scaledDelta).arg(1, omegaRight).arg(2, partialW);
            omegaGradientSum.arg(0, partialW).arg(1, omegaSums).arg(2, partial).arg(3, params.w())
                    .arg(4, fixed.sign()).arg(5, fixed.som()).arg(6, fixed.wFixed()).arg(7, grads.w())
                    .arg(8, omegaValue);
        }
    }

    private ClBuffer.Floats orPlaceholder(ClBuffer.Floats b) {
        return b != null ? b : placeholder;
    }

    private <T extends AutoCloseable> T own(T resource) {
        return owned.own(resource);
    }

    private ClBuffer.Floats floats(long length) {
        return own(cl.floats(length));
    }

    int lanes() {
        return layout.lanes();
    }

    /** Loss and gradients of every network's mean trial loss (spec §2.3), read back to the host. */
    List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
        uploadBatch(batch);
        enqueueGradients(noise, seed);
        double[] trialLoss = readLosses();
        double[][] g = grads.readPacked(networks);
        double[] penalty = penalties();
        List<Gradients> out = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            out.add(Trainables.unpackGradients(objective(trialLoss, k) + penalty[k], g[k], spec));
        }
        return out;
    }

    /**
     * Each network's penalties of {@link Regularisers}, as the CPU reference adds them to the objective: λr·mean(r²)
     * over its trials, steps 1…T−1 and units (from train_readout's Σ r²), and the weight penalties of its raw
     * matrices (read back; W_in's only when it trains).
     */
    private double[] penalties() {
        Regularisers reg = spec.options().regularisers();
        double[] out = new double[networks];
        if (!reg.any()) {
            return out;
        }
        int perNetwork = layout.trialsPerNetwork();
        if (reg.l2Rate() > 0) {
            double[] sq = layout.read(rateSq.readAll(), 1);
            for (int b = 0; b < sq.length; b++) {
                out[b / perNetwork] += reg.l2Rate() * sq[b] / ((double) perNetwork * (steps - 1) * n);
            }
        }
        double[][] theta = params.readPacked(networks);
        for (int k = 0; k < networks; k++) {
            Gradients p = Trainables.unpackGradients(0, theta[k], spec); // θ unpacked in the same layout
            out[k] += Regularisers.weightPenalty(reg.l1Rec(), reg.l2Rec(), p.w(), new double[p.w().length])
                    + Regularisers.weightPenalty(reg.l1Out(), reg.l2Out(), p.wOut(), new double[p.wOut().length])
                    + Regularisers.weightPenalty(reg.l1In(), reg.l2In(), p.wIn(), new double[p.wIn().length]);
        }
        return out;
    }

    /**
     * Network k's objective: the mean trial loss (l1, l2), or Σ M ℓ / Σ M over its trials (masked MSE and
     * cross-entropy; a trial's loss is its Σ M ℓ / Σ M).
     */
    private double objective(double[] trialLoss, int k) {
        int perNetwork = layout.trialsPerNetwork();
        double sum = 0;
        for (int b = k * perNetwork; b < (k + 1) * perNetwork; b++) {
            sum += loss.maskNormalised() ? trialLoss[b] * maskSums[b] : trialLoss[b];
        }
        if (!loss.maskNormalised()) {
            return sum / perNetwork;
        }
        double total = maskSums[layout.trials() + k];
        return total > 0 ? sum / total : 0.0;
    }

    /**
     * Forward, BPTT and one Adam step (TF1 form, spec §2.3) on the networks with {@code active[k]}; the others keep
     * their parameters and Adam state. Returns the per-trial losses (K·B) of the forward pass.
     */
    double[] trainStep(TrialBatch batch, RateNoise noise, long seed, AdamConfig config, boolean[] active) {
        float[] lrT = adam.stepSizes(config, active);
        uploadBatch(batch);
        stepSize.write(lrT);
        enqueueGradients(noise, seed);
        adamKernel.arg(4, stepSize).arg(5, (float) config.beta1()).arg(6, (float) config.beta2())
                .arg(7, (float) config.epsilon());
        enqueueAdam();
        double[] trialLoss = readLosses();
        adam.advance(active);
        return trialLoss;
    }

    /**
     * Forward, BPTT and one SGD step with global-norm clipping ({@link SgdConfig}) on the networks with
     * {@code active[k]}; the others keep their parameters. Returns the per-trial losses (K·B) of the forward pass.
     */
    double[] trainStep(TrialBatch batch, RateNoise noise, long seed, SgdConfig config, boolean[] active) {
        float[] lr = new float[networks];
        for (int k = 0; k < networks; k++) {
            lr[k] = active[k] ? (float) config.learningRate() : 0.0f;
        }
        uploadBatch(batch);
        stepSize.write(lr);
        enqueueGradients(noise, seed);
        enqueueSgd((float) config.clipNorm());
        return readLosses();
    }

    /** SGD on every trainable: the global norm over all of them first, then each update (step sizes in stepSize). */
    private void enqueueSgd(float clip) {
        int[] lengths = grads.lengths();
        boolean first = true;
        for (int p = 0; p < lengths.length; p++) {
            if (lengths[p] > 0) {
                sumSquares.arg(0, grads.parts().get(p)).arg(1, lengths[p]).arg(2, sumSq).arg(3, first ? 1 : 0)
                        .launch(new long[] {networks}, null);
                first = false;
            }
        }
        for (int p = 0; p < lengths.length; p++) {
            if (lengths[p] > 0) {
                sgdKernel.arg(0, params.parts().get(p)).arg(1, grads.parts().get(p)).arg(2, stepSize).arg(3, sumSq)
                        .arg(4, clip).launch(new long[] {lengths[p], networks}, null);
            }
        }
    }

    /** Enqueues every kernel up to the gradient on the uploaded batch, chunk by chunk of tiles; nothing waits. */
    private void enqueueGradients(RateNoise noise, long seed) {
        conditioning.enqueue(inputs, trialIds, noise, seed);
        enqueuePrepare();
        for (int first = 0; first < tiles; first += chunkTiles) {
            int count = Math.min(chunkTiles, tiles - first);
            enqueueForward(noise, seed, first, count);
            enqueueReadout(first, count);
            enqueueBackward(first, count);
            enqueueWeightGradient(first, count);
        }
        enqueueSmallGradients();
    }

    // The stages one by one (RateTrainingProfile times them on a batch that fits in one chunk).

    int chunkTiles() {
        return chunkTiles;
    }

    int tiles() {
        return tiles;
    }

    boolean networkLanes() {
        return layout.networkLanes();
    }

    void enqueuePrepare() {
        prepare.launch(new long[] {paddedN, paddedN, parameterCopies()}, null);
    }

    void enqueueForward(RateNoise noise, long seed, int first, int count) {
        forward.arg(8, (int) seed).arg(9, (float) noise.noiseSd()).arg(10, (float) noise.x0Sd()).arg(11, first)
                .arg(14, (float) noise.postSd());
        forward.launch(groupsOf(count), groupShape());
    }

    /** The global size of train_forward and train_backward for {@code count} tiles: quads × tiles per group. */
    private long[] groupsOf(int count) {
        return new long[] {(long) quads * (count / layout.tileGroup()), layout.tileGroup()};
    }

    /** Their work-group: every quad of {@link TrialLayout#tileGroup()} tiles of one network. */
    private long[] groupShape() {
        return new long[] {quads, layout.tileGroup()};
    }

    void enqueueReadout(int first, int count) {
        readout.arg(8, first).launch(new long[] {count}, null);
    }

    void enqueueBackward(int first, int count) {
        backward.arg(8, first).launch(groupsOf(count), groupShape());
    }

    /**
     * On a CPU device one work-item per work-group: POCL then spreads the blocks over all cores and keeps each
     * block's 16 accumulators in registers (larger groups ran on one core here). GPUs choose their own.
     */
    void enqueueWeightGradient(int first, int count) {
        long[] local = cl.device().isGpu() ? null : new long[] {1, 1, 1};
        weightGradient.launch(new long[] {quads, quads, (long) count * slicesPerTile}, local);
        weightGradientSum.arg(5, first).arg(6, count).launch(new long[] {n, n, networks}, null);
        if (omega) {
            // After ∂L/∂W's sum has read partialW: Ω's outer products there, then into ∂L/∂w.
            omegaWeightGradient.launch(new long[] {quads, quads, (long) count * slicesPerTile}, local);
            omegaGradientSum.arg(9, first).arg(10, count).launch(new long[] {n, n, networks}, null);
        }
    }

    /**
     * Ω of each network in the last gradients or training step (pycog's vanishing-gradient regulariser; not part of
     * the objective, as on the CPU engine), or null without Ω.
     */
    double[] omegaValues() {
        if (!omega) {
            return null;
        }
        float[] v = omegaValue.readAll();
        double[] out = new double[networks];
        for (int k = 0; k < networks; k++) {
            out[k] = v[k];
        }
        return out;
    }

    void enqueueSmallGradients() {
        smallGradients.launch(new long[] {n + spec.outputs(), networks}, null);
    }

    /** Adam on each trainable; taus_gaus (or α) only when it trains (its gradient is 0 otherwise). */
    void enqueueAdam() {
        int[] lengths = grads.lengths();
        for (int p = 0; p < lengths.length; p++) {
            if (lengths[p] == 0 || p == 3 && !form.alphaGradient()) {
                continue;
            }
            adamKernel.arg(0, params.parts().get(p)).arg(1, grads.parts().get(p)).arg(2, adam.m().parts().get(p))
                    .arg(3, adam.v().parts().get(p)).launch(new long[] {lengths[p], networks}, null);
        }
    }

    void finish() {
        cl.finish();
    }

    /**
     * Packs the batch into lane layout: [tile][t][channel][lane] and [tile][t][lane], and sets where the time loops
     * stop for it ({@link LossHorizon}: the step after its last masked target, or T).
     */
    void uploadBatch(TrialBatch batch) {
        int tEnd = LossHorizon.steps(batch, spec, loss);
        forward.arg(16, tEnd);
        readout.arg(11, tEnd);
        backward.arg(12, tEnd);
        weightGradient.arg(3, tEnd);
        if (omega) {
            omegaWeightGradient.arg(3, tEnd);
        }
        layout.write(batch, inputs, targets, trialIds);
        if (form.masked()) {
            layout.writeMask(batch, masks);
        }
        if (loss.maskNormalised()) {
            maskSums = layout.maskSums(batch);
            laneWeight.write(layout.maskedLaneWeights(maskSums));
        }
    }

    /** Per-trial losses in batch order (blocking read; also waits for everything enqueued before). */
    double[] readLosses() {
        return layout.read(losses.readAll(), 1);
    }

    @Override
    public void close() {
        owned.close();
    }
}
