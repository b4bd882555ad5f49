package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.Trainables;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNoise;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training half of an OpenCL rate session (spec §2.2–2.3): the kernels of {@code kernels/rate_train.cl} and
 * their buffers for K networks × B trials. It works on the session's parameter buffers in place, and keeps the
 * gradients and the Adam moments (one state per network) on the device too: a training step uploads the batch, runs
 * forward → readout/loss → backward time loop → weight-gradient reduction → small gradients → Adam, and reads
 * back only the per-trial losses.
 *
 * <p>Trials ride in vector lanes. With B ≥ the session's vector width, or one network, a tile is VW trials of one
 * network (VW narrowed to the smallest power of two ≥ B) and network k's trials fill G = ⌈B/VW⌉ tiles, so every
 * weight read serves VW trials. With fewer trials than lanes and several networks (spikeRNN's B = 1 ensembles) the
 * (network, trial) pairs fill the lanes in order and every lane reads its own network's weights ("network lanes").
 * Unused lanes run a finite dummy trial with loss weight 0.
 * The per-step states of every trial are kept for BPTT; when they would not fit the device, forward, backward and
 * the weight gradient run over chunks of tiles and the gradient is summed across chunks.
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
    private final int networks;
    private final int trialsPerNetwork;
    private final int steps;
    private final int n;
    private final int paddedN;
    private final int quads;
    private final int lanes;
    /** Lanes hold (network, trial) pairs of several networks (B < VW): the NET_LANES kernels. */
    private final boolean netLanes;
    /** Tiles per network (G) without network lanes. */
    private final int groups;
    /** Tiles of the whole batch. */
    private final int tiles;
    /** Steps per weight-gradient slice and slices per tile (⌈(T−1)/sliceSteps⌉). */
    private final int sliceSteps;
    private final int slicesPerTile;
    /** Tiles whose states fit the device (and, on a CPU, its cache) at once; a step runs the tiles in chunks. */
    private final int chunkTiles;

    private final ClResources owned = new ClResources();
    /** Where each trial rides: see {@link #slot}. */
    private final TrialLanes trialLanes;
    private final ClKernel prepare;
    private final ClKernel forward;
    private final ClKernel readout;
    private final ClKernel backward;
    private final ClKernel weightGradient;
    private final ClKernel weightGradientSum;
    private final ClKernel smallGradients;
    private final ClKernel adam;

    private final TrainableBuffers params;
    private final TrainableBuffers grads;
    private final TrainableBuffers adamM;
    private final TrainableBuffers adamV;
    private final ClBuffer.Floats inputs;
    private final ClBuffer.Floats targets;
    private final ClBuffer.Ints trialIds;
    private final ClBuffer.Floats stepSize;
    private final ClBuffer.Floats losses;
    private final long[] adamSteps;

    /**
     * @param params the session's trainables, updated in place by {@link #trainStep}
     * @param wIn    the session's w_in [k][i][c]
     * @param sign   the session's m diagonal [k][j]
     * @param som    the session's SOM mask [k][i][j]
     */
    RateTraining(ClContext cl, KernelShape shape, NetworkSpec spec, int networks, int trialsPerNetwork, int steps,
                 LossFunction loss, TrainableBuffers params, ClBuffer.Floats wIn, ClBuffer.Floats sign,
                 ClBuffer.Floats som) {
        if (steps < 2) {
            throw new IllegalArgumentException("training needs trials of at least 2 steps, got " + steps);
        }
        this.cl = cl;
        this.spec = spec;
        this.networks = networks;
        this.trialsPerNetwork = trialsPerNetwork;
        this.steps = steps;
        this.params = params;
        this.n = spec.n();
        this.paddedN = (n + 3) / 4 * 4;
        this.quads = paddedN / 4;
        this.netLanes = networks > 1 && trialsPerNetwork < shape.vectorWidth();
        this.lanes = netLanes ? shape.vectorWidth() : Math.min(shape.vectorWidth(), lanesFor(trialsPerNetwork));
        this.groups = (trialsPerNetwork + lanes - 1) / lanes;
        this.tiles = netLanes ? (networks * trialsPerNetwork + lanes - 1) / lanes : networks * groups;
        this.trialLanes = new TrialLanes(tiles, lanes,
                trial -> slot(trial / trialsPerNetwork, trial % trialsPerNetwork));
        // What the kernels read of the parameters: one copy per network, or lane vectors per tile.
        long paramCopies = netLanes ? (long) tiles * lanes : networks;
        // With network lanes every lane has its own ∂L/∂W, so a slice's partial sum is VW times larger: one slice
        // per tile keeps that output traffic down.
        this.sliceSteps = netLanes ? steps - 1 : SLICE_STEPS;
        this.slicesPerTile = (steps - 2 + sliceSteps) / sliceSteps;
        this.adamSteps = new long[networks];
        int partialStride = 2 * paddedN + 1;
        ClDevice device = cl.device();
        if (quads > device.maxWorkGroup()) {
            throw new OpenClException("training N=" + n + " needs work-groups of " + quads + " work-items; "
                    + device.label() + " allows " + device.maxWorkGroup());
        }
        long localBytes = (long) paddedN * lanes * Float.BYTES;
        if (localBytes > device.localMemBytes()) {
            throw new OpenClException("training N=" + n + " needs " + localBytes + " bytes of local memory per "
                    + "work-group; " + device.label() + " has " + device.localMemBytes());
        }
        try {
            Map<String, Object> d = OpenClRateSession.buildConstants(spec,
                    new KernelShape(lanes, 1, shape.unitsPerItem()), loss);
            d.put("NP", paddedN);
            d.put("NQ", quads);
            d.put("T", steps);
            d.put("G", groups);
            d.put("PART", partialStride);
            d.put("TC", sliceSteps);
            d.put("TB", slicesPerTile);
            d.put("NET_LANES", netLanes ? 1 : 0);
            d.put("K", networks);
            d.put("BPN", trialsPerNetwork);
            ClProgram program = own(cl.program(d, FILES));
            prepare = own(program.kernel("train_prepare"));
            forward = own(program.kernel("train_forward"));
            readout = own(program.kernel("train_readout"));
            backward = own(program.kernel("train_backward"));
            weightGradient = own(program.kernel("train_weight_gradient"));
            weightGradientSum = own(program.kernel("train_weight_gradient_sum"));
            smallGradients = own(program.kernel("train_small_gradients"));
            adam = own(program.kernel("train_adam"));

            long stateFloats = (long) steps * paddedN * lanes;
            long sliceFloats = (long) slicesPerTile * paddedN * paddedN * (netLanes ? lanes : 1);
            int stateBuffers = spec.taus().trainable() ? 3 : 2;
            // Per tile: the states (r, α⊙δx and, for trainable τ, drive − x) and the weight-gradient partial sums.
            // Fixed: the square matrices of the session and of training (w, som, sparse rows, wf, wb, gradient, m, v).
            long perTile = (stateBuffers * stateFloats + sliceFloats) * Float.BYTES;
            long fixed = 10L * networks * paddedN * paddedN * Float.BYTES;
            int chunkTiles = ClMemory.itemsPerChunk(device, tiles, fixed, perTile,
                    Math.max(stateFloats, sliceFloats) * Float.BYTES, 1);
            if (!device.isGpu()) {
                // A chunk whose states stay in the CPU's last-level cache between forward, backward and the weight
                // gradient: 256 go-nogo trials took 20% less CPU time in chunks of 2–8 tiles than all at once.
                int cached = (int) Math.max(2L * device.computeUnits(), CPU_CHUNK_BYTES / perTile);
                chunkTiles = Math.min(chunkTiles, cached);
            }
            this.chunkTiles = chunkTiles;
            long stateLength = chunkTiles * stateFloats;
            grads = own(TrainableBuffers.zeros(cl, networks, n));
            adamM = own(TrainableBuffers.zeros(cl, networks, n));
            adamV = own(TrainableBuffers.zeros(cl, networks, n));
            ClBuffer.Floats wf = floats(paramCopies * paddedN * paddedN);
            ClBuffer.Floats wb = floats(paramCopies * paddedN * paddedN);
            ClBuffer.Floats alpha = floats(paramCopies * paddedN);
            ClBuffer.Floats wOutPadded = floats(paramCopies * paddedN);
            ClBuffer.Floats wInPadded = floats(paramCopies * paddedN * spec.inputs());
            ClBuffer.Floats bias = floats(paramCopies);
            ClBuffer.Ints laneNetwork = own(cl.ints(paramCopies));
            inputs = floats((long) tiles * steps * spec.inputs() * lanes);
            targets = floats((long) tiles * steps * lanes);
            trialIds = own(cl.ints((long) tiles * lanes));
            ClBuffer.Floats laneWeight = own(cl.floats(laneWeights()));
            ClBuffer.Floats rates = floats(stateLength);
            // drive_t − x_{t−1} is only needed for ∂L/∂τ; a placeholder keeps the kernel signature fixed.
            ClBuffer.Floats driveGap = floats(spec.taus().trainable() ? stateLength : 1);
            ClBuffer.Floats scaledDelta = floats(stateLength);
            ClBuffer.Floats dOut = floats((long) tiles * steps * lanes);
            losses = floats((long) tiles * lanes);
            ClBuffer.Floats partial = floats((long) tiles * partialStride * (netLanes ? lanes : 1));
            ClBuffer.Floats partialW = floats(chunkTiles * sliceFloats);
            stepSize = floats(networks);

            prepare.arg(0, params.w()).arg(1, sign).arg(2, som).arg(3, params.tausGaus()).arg(4, params.wOut())
                    .arg(5, params.bOut()).arg(6, wIn).arg(7, wf).arg(8, wb).arg(9, alpha).arg(10, wOutPadded)
                    .arg(11, wInPadded).arg(12, bias).arg(13, laneNetwork);
            forward.arg(0, wf).arg(1, alpha).arg(2, wInPadded).arg(3, laneNetwork).arg(4, inputs).arg(5, trialIds)
                    .arg(6, rates).arg(7, driveGap);
            readout.arg(0, rates).arg(1, wOutPadded).arg(2, bias).arg(3, targets).arg(4, laneWeight)
                    .arg(5, dOut).arg(6, losses).arg(7, partial);
            backward.arg(0, wb).arg(1, alpha).arg(2, wOutPadded).arg(3, rates).arg(4, driveGap).arg(5, dOut)
                    .arg(6, scaledDelta).arg(7, partial);
            weightGradient.arg(0, scaledDelta).arg(1, rates).arg(2, partialW);
            weightGradientSum.arg(0, partialW).arg(1, params.w()).arg(2, sign).arg(3, som).arg(4, grads.w());
            smallGradients.arg(0, partial).arg(1, params.tausGaus()).arg(2, grads.wOut()).arg(3, grads.bOut())
                    .arg(4, grads.tausGaus());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The smallest power of two ≥ B: lanes past B would only carry padding. */
    static int lanesFor(int trialsPerNetwork) {
        int v = 1;
        while (v < trialsPerNetwork) {
            v *= 2;
        }
        return v;
    }

    private <T extends AutoCloseable> T own(T resource) {
        return owned.own(resource);
    }

    private ClBuffer.Floats floats(long length) {
        return own(cl.floats(length));
    }

    int lanes() {
        return lanes;
    }

    /** Loss and gradients of every network's mean trial loss (spec §2.3), read back to the host. */
    List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
        uploadBatch(batch);
        enqueueGradients(noise, seed);
        double[] trialLoss = readLosses();
        double[][] g = grads.readPacked(networks, n);
        List<Gradients> out = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            double mean = 0;
            for (int b = 0; b < trialsPerNetwork; b++) {
                mean += trialLoss[k * trialsPerNetwork + b];
            }
            out.add(Trainables.unpackGradients(mean / trialsPerNetwork, g[k], n));
        }
        return out;
    }

    /**
     * Forward, BPTT and one Adam step (TF1 form, spec §2.3) on the networks with {@code active[k]}; the others keep
     * their parameters and Adam state. Returns the per-trial losses (K·B) of the forward pass.
     */
    double[] trainStep(TrialBatch batch, RateNoise noise, long seed, AdamConfig config, boolean[] active) {
        if (active.length != networks) {
            throw new IllegalArgumentException("expected " + networks + " active flags, got " + active.length);
        }
        float[] lrT = new float[networks];
        for (int k = 0; k < networks; k++) {
            if (active[k]) {
                long t = adamSteps[k] + 1;
                lrT[k] = (float) (config.learningRate() * Math.sqrt(1 - Math.pow(config.beta2(), t))
                        / (1 - Math.pow(config.beta1(), t)));
            }
        }
        uploadBatch(batch);
        stepSize.write(lrT);
        enqueueGradients(noise, seed);
        adam.arg(4, stepSize).arg(5, (float) config.beta1()).arg(6, (float) config.beta2())
                .arg(7, (float) config.epsilon());
        enqueueAdam();
        double[] trialLoss = readLosses();
        for (int k = 0; k < networks; k++) {
            if (active[k]) {
                adamSteps[k]++;
            }
        }
        return trialLoss;
    }

    AdamState adamState() {
        return new AdamState(adamM.readPacked(networks, n), adamV.readPacked(networks, n), adamSteps.clone());
    }

    void setAdamState(AdamState state) {
        if (state.steps().length != networks) {
            throw new IllegalArgumentException("Adam state of " + state.steps().length + " networks, expected "
                    + networks);
        }
        adamM.writePacked(state.m(), n);
        adamV.writePacked(state.v(), n);
        System.arraycopy(state.steps(), 0, adamSteps, 0, networks);
    }

    /** Enqueues every kernel up to the gradient on the uploaded batch, chunk by chunk of tiles; nothing waits. */
    private void enqueueGradients(RateNoise noise, long seed) {
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
        return netLanes;
    }

    void enqueuePrepare() {
        prepare.launch(new long[] {paddedN, paddedN, netLanes ? (long) tiles * lanes : networks}, null);
    }

    void enqueueForward(RateNoise noise, long seed, int first, int count) {
        forward.arg(8, (int) seed).arg(9, (float) noise.noiseSd()).arg(10, (float) noise.x0Sd()).arg(11, first);
        forward.launch(new long[] {(long) quads * count}, new long[] {quads});
    }

    void enqueueReadout(int first, int count) {
        readout.arg(8, first).launch(new long[] {count}, null);
    }

    void enqueueBackward(int first, int count) {
        backward.arg(8, first).launch(new long[] {(long) quads * count}, new long[] {quads});
    }

    /**
     * On a CPU device one work-item per work-group: POCL then spreads the blocks over all cores and keeps each
     * block's 16 accumulators in registers (larger groups ran on one core here). GPUs choose their own.
     */
    void enqueueWeightGradient(int first, int count) {
        long[] local = cl.device().isGpu() ? null : new long[] {1, 1, 1};
        weightGradient.launch(new long[] {quads, quads, (long) count * slicesPerTile}, local);
        weightGradientSum.arg(5, first).arg(6, count).launch(new long[] {n, n, networks}, null);
    }

    void enqueueSmallGradients() {
        smallGradients.launch(new long[] {n + 1, networks}, null);
    }

    /** Adam on each trainable; taus_gaus only when it trains (its gradient is 0 otherwise). */
    void enqueueAdam() {
        int[] lengths = TrainableBuffers.partLengths(n);
        int parts = spec.taus().trainable() ? 4 : 3;
        for (int p = 0; p < parts; p++) {
            adam.arg(0, params.parts().get(p)).arg(1, grads.parts().get(p)).arg(2, adamM.parts().get(p))
                    .arg(3, adamV.parts().get(p)).launch(new long[] {lengths[p], networks}, null);
        }
    }

    void finish() {
        cl.finish();
    }

    /**
     * Where trial b of network k sits: tile·VW + lane. Network lanes: pair k·B + b in order; otherwise network k's
     * own tiles k·G … k·G + G − 1.
     */
    private int slot(int k, int b) {
        return netLanes ? k * trialsPerNetwork + b : (k * groups + b / lanes) * lanes + b % lanes;
    }

    /** Packs the batch into lane layout: [tile][t][channel][lane] and [tile][t][lane]. */
    void uploadBatch(TrialBatch batch) {
        batch.requireShape(networks, trialsPerNetwork, spec.inputs(), steps);
        trialLanes.write(batch, inputs, targets, trialIds);
    }

    /** Per-trial losses in batch order (blocking read; also waits for everything enqueued before). */
    double[] readLosses() {
        return trialLanes.read(losses.readAll(), networks * trialsPerNetwork, 1);
    }

    /** 1/B for real trials, 0 for padding lanes, in [tile][lane] layout. */
    private float[] laneWeights() {
        float[] w = new float[tiles * lanes];
        for (int k = 0; k < networks; k++) {
            for (int b = 0; b < trialsPerNetwork; b++) {
                w[slot(k, b)] = 1.0f / trialsPerNetwork;
            }
        }
        return w;
    }

    @Override
    public void close() {
        owned.close();
    }
}
