package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.Trainables;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.Stream;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training half of an OpenCL rate session (spec §2.2–2.3): device buffers and the kernels of
 * {@code kernels/rate_train.cl} for K networks × B trials. The trainable parameters θ (layout of
 * {@link AdamState}) and the Adam moments live on the device; a training step uploads the batch, runs
 * forward → readout/loss → backward time loop → weight-gradient reduction → small gradients → Adam, and reads back
 * only the per-trial losses.
 *
 * <p>Trials ride in vector lanes: V = the smallest power of two ≥ B, at most 16, and network k's trials fill
 * G = ⌈B/V⌉ lane groups. Unused lanes run a finite dummy trial with loss weight 0.
 */
final class RateTraining implements AutoCloseable {
    /**
     * Steps per chunk of the weight-gradient reduction: a chunk of r (40·NP·V floats, 512 KB at N = 200, V = 16)
     * stays in a CPU core's L2 while every output tile reads it; 40 was the fastest of 20/40/100 on POCL.
     */
    static final int CHUNK_STEPS = 40;
    /** Widest lane vector (float16). */
    static final int MAX_LANES = 16;

    private final ClContext cl;
    private final NetworkSpec spec;
    private final int networks;
    private final int trialsPerNetwork;
    private final int steps;
    private final int n;
    private final int paddedN;
    private final int quads;
    private final int lanes;
    private final int groups;
    private final int params;
    private final int partialStride;
    private final int chunks;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ClKernel prepare;
    private final ClKernel forward;
    private final ClKernel readout;
    private final ClKernel backward;
    private final ClKernel weightGradient;
    private final ClKernel weightGradientSum;
    private final ClKernel smallGradients;
    private final ClKernel adam;

    private final ClBuffer.Floats theta;
    private final ClBuffer.Floats wIn;
    private final ClBuffer.Floats sign;
    private final ClBuffer.Floats som;
    private final ClBuffer.Floats inputs;
    private final ClBuffer.Floats targets;
    private final ClBuffer.Ints trialIds;
    private final ClBuffer.Floats grad;
    private final ClBuffer.Floats adamM;
    private final ClBuffer.Floats adamV;
    private final ClBuffer.Floats stepSize;
    private final ClBuffer.Floats losses;
    private final long[] adamSteps;
    /** Host copies of the networks for their fixed parts (w_in, E/I, SOM) when θ is read back. */
    private List<RateNetwork> templates;

    RateTraining(ClContext cl, NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss) {
        this.cl = cl;
        this.spec = spec;
        this.networks = networks;
        this.trialsPerNetwork = trialsPerNetwork;
        this.steps = steps;
        this.n = spec.n();
        this.paddedN = (n + 3) / 4 * 4;
        this.quads = paddedN / 4;
        this.lanes = lanesFor(trialsPerNetwork);
        this.groups = (trialsPerNetwork + lanes - 1) / lanes;
        this.params = AdamState.parameterCount(n);
        this.partialStride = 2 * paddedN + 1;
        this.chunks = groups * ((steps - 1 + CHUNK_STEPS - 1) / CHUNK_STEPS);
        this.adamSteps = new long[networks];
        ClDevice device = cl.device();
        if (quads > device.maxWorkGroup()) {
            throw new OpenClException("N=" + n + " needs work-groups of " + quads + " work-items; "
                    + device.label() + " allows " + device.maxWorkGroup());
        }
        long localBytes = (long) paddedN * lanes * Float.BYTES;
        if (localBytes > device.localMemBytes()) {
            throw new OpenClException("N=" + n + " needs " + localBytes + " bytes of local memory per work-group; "
                    + device.label() + " has " + device.localMemBytes());
        }
        try {
            ClProgram program = own(cl.program(defines(spec, loss), "philox.cl", "train_lanes.cl", "rate_train.cl"));
            prepare = own(program.kernel("train_prepare"));
            forward = own(program.kernel("train_forward"));
            readout = own(program.kernel("train_readout"));
            backward = own(program.kernel("train_backward"));
            weightGradient = own(program.kernel("train_weight_gradient"));
            weightGradientSum = own(program.kernel("train_weight_gradient_sum"));
            smallGradients = own(program.kernel("train_small_gradients"));
            adam = own(program.kernel("train_adam"));

            long laneGroups = (long) networks * groups;
            long stateLength = laneGroups * steps * paddedN * lanes;
            theta = floats((long) networks * params);
            wIn = floats((long) networks * paddedN * spec.inputs());
            sign = floats((long) networks * n);
            som = floats((long) networks * n * n);
            ClBuffer.Floats wf = floats((long) networks * paddedN * paddedN);
            ClBuffer.Floats wb = floats((long) networks * paddedN * paddedN);
            ClBuffer.Floats alpha = floats((long) networks * paddedN);
            ClBuffer.Floats wOut = floats((long) networks * paddedN);
            inputs = floats(laneGroups * steps * spec.inputs() * lanes);
            targets = floats(laneGroups * steps * lanes);
            trialIds = own(cl.ints(laneGroups * lanes));
            ClBuffer.Floats laneWeight = own(cl.floats(laneWeights()));
            ClBuffer.Floats rates = floats(stateLength);
            // drive_t − x_{t−1} is only needed for ∂L/∂τ; a placeholder keeps the kernel signature fixed.
            ClBuffer.Floats driveGap = floats(spec.taus().trainable() ? stateLength : 1);
            ClBuffer.Floats scaledDelta = floats(stateLength);
            ClBuffer.Floats dOut = floats(laneGroups * steps * lanes);
            losses = floats(laneGroups * lanes);
            ClBuffer.Floats partial = floats(laneGroups * partialStride);
            ClBuffer.Floats partialW = floats((long) networks * chunks * paddedN * paddedN);
            grad = floats((long) networks * params);
            adamM = own(cl.floats(new float[networks * params]));
            adamV = own(cl.floats(new float[networks * params]));
            stepSize = floats(networks);

            prepare.arg(0, theta).arg(1, sign).arg(2, som).arg(3, wf).arg(4, wb).arg(5, alpha).arg(6, wOut);
            forward.arg(0, wf).arg(1, alpha).arg(2, wIn).arg(3, inputs).arg(4, trialIds).arg(5, rates)
                    .arg(6, driveGap);
            readout.arg(0, rates).arg(1, wOut).arg(2, theta).arg(3, targets).arg(4, laneWeight).arg(5, dOut)
                    .arg(6, losses).arg(7, partial);
            backward.arg(0, wb).arg(1, alpha).arg(2, wOut).arg(3, rates).arg(4, driveGap).arg(5, dOut)
                    .arg(6, scaledDelta).arg(7, partial);
            weightGradient.arg(0, scaledDelta).arg(1, rates).arg(2, partialW);
            weightGradientSum.arg(0, partialW).arg(1, theta).arg(2, sign).arg(3, som).arg(4, grad);
            smallGradients.arg(0, partial).arg(1, theta).arg(2, grad);
            adam.arg(0, theta).arg(1, grad).arg(2, adamM).arg(3, adamV).arg(4, stepSize);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Lane width for B trials per network: the smallest power of two ≥ B, at most {@link #MAX_LANES}. */
    static int lanesFor(int trialsPerNetwork) {
        int v = 1;
        while (v < trialsPerNetwork && v < MAX_LANES) {
            v *= 2;
        }
        return v;
    }

    private Map<String, Object> defines(NetworkSpec spec, LossFunction loss) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("N", n);
        d.put("NP", paddedN);
        d.put("NQ", quads);
        d.put("NIN", spec.inputs());
        d.put("T", steps);
        d.put("V", lanes);
        d.put("G", groups);
        d.put("P", params);
        d.put("PART", partialStride);
        d.put("TC", CHUNK_STEPS);
        d.put("TB", chunks / groups);
        d.put("C", chunks);
        d.put("ACT", spec.activation().ordinal());
        d.put("CLIP", (float) org.eirnn.model.Activation.CLIP);
        d.put("DALE", spec.applyDale() ? 1 : 0);
        d.put("TRAIN_TAUS", spec.taus().trainable() ? 1 : 0);
        d.put("TAU_MIN", (float) spec.taus().min());
        d.put("TAU_MAX", (float) spec.taus().max());
        d.put("LOSS", loss == LossFunction.L2 ? 0 : 1);
        d.put("STREAM_X0", Stream.RATE_X0.id);
        d.put("STREAM_NOISE", Stream.RATE_NOISE.id);
        return d;
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    private ClBuffer.Floats floats(long length) {
        return own(cl.floats(length));
    }

    int lanes() {
        return lanes;
    }

    /** Uploads θ and the fixed parts of every network; keeps host templates for {@link #download()}. */
    void upload(List<RateNetwork> nets) {
        if (nets.size() != networks) {
            throw new IllegalArgumentException("expected " + networks + " networks, got " + nets.size());
        }
        float[] th = new float[networks * params];
        float[] wi = new float[networks * paddedN * spec.inputs()];
        float[] sg = new float[networks * n];
        float[] sm = new float[networks * n * n];
        List<RateNetwork> copies = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            RateNetwork net = nets.get(k);
            copies.add(net.copy());
            copyInto(Trainables.pack(net), th, k * params);
            copyInto(net.wIn, wi, k * paddedN * spec.inputs());
            for (int j = 0; j < n; j++) {
                sg[k * n + j] = (float) net.sign(j);
            }
            copyInto(net.somMask, sm, k * n * n);
        }
        theta.write(th);
        wIn.write(wi);
        sign.write(sg);
        som.write(sm);
        templates = copies;
    }

    /** The networks with the device's current θ. */
    List<RateNetwork> download() {
        float[] th = theta.readAll();
        List<RateNetwork> out = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            RateNetwork net = templates.get(k).copy();
            Trainables.unpack(toDoubles(th, k * params, params), net);
            out.add(net);
        }
        return out;
    }

    /** Loss and gradients of every network's mean trial loss (spec §2.3), read back to the host. */
    List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed) {
        double[] trialLoss = runBackward(batch, noise, seed);
        float[] g = grad.readAll();
        List<Gradients> out = new ArrayList<>();
        for (int k = 0; k < networks; k++) {
            double[] flat = toDoubles(g, k * params, params);
            double mean = 0;
            for (int b = 0; b < trialsPerNetwork; b++) {
                mean += trialLoss[k * trialsPerNetwork + b];
            }
            out.add(unpackGradients(mean / trialsPerNetwork, flat));
        }
        return out;
    }

    /**
     * Forward, BPTT and one Adam step (TF1 form, spec §2.3) on the networks with {@code active[k]}; the others keep
     * θ and their Adam state. Returns the per-trial losses (K·B).
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
        enqueueGradients(batch, noise, seed);
        stepSize.write(lrT);
        adam.arg(5, (float) config.beta1()).arg(6, (float) config.beta2()).arg(7, (float) config.epsilon());
        adam.launch(new long[] {params, networks}, null);
        double[] trialLoss = readLosses();
        for (int k = 0; k < networks; k++) {
            if (active[k]) {
                adamSteps[k]++;
            }
        }
        return trialLoss;
    }

    AdamState adamState() {
        float[] m = adamM.readAll();
        float[] v = adamV.readAll();
        double[][] mm = new double[networks][];
        double[][] vv = new double[networks][];
        for (int k = 0; k < networks; k++) {
            mm[k] = toDoubles(m, k * params, params);
            vv[k] = toDoubles(v, k * params, params);
        }
        return new AdamState(mm, vv, adamSteps.clone());
    }

    void setAdamState(AdamState state) {
        if (state.steps().length != networks) {
            throw new IllegalArgumentException("Adam state of " + state.steps().length + " networks, expected "
                    + networks);
        }
        float[] m = new float[networks * params];
        float[] v = new float[networks * params];
        for (int k = 0; k < networks; k++) {
            copyInto(state.m()[k], m, k * params);
            copyInto(state.v()[k], v, k * params);
        }
        adamM.write(m);
        adamV.write(v);
        System.arraycopy(state.steps(), 0, adamSteps, 0, networks);
    }

    private double[] runBackward(TrialBatch batch, RateNoise noise, long seed) {
        enqueueGradients(batch, noise, seed);
        return readLosses();
    }

    /** Uploads the batch and enqueues every kernel up to the gradient; nothing waits. */
    private void enqueueGradients(TrialBatch batch, RateNoise noise, long seed) {
        uploadBatch(batch);
        enqueuePrepare();
        enqueueForward(noise, seed);
        enqueueReadout();
        enqueueBackward();
        enqueueWeightGradient();
        enqueueSmallGradients();
    }

    void enqueuePrepare() {
        prepare.launch(new long[] {paddedN, paddedN, networks}, null);
    }

    void enqueueForward(RateNoise noise, long seed) {
        forward.arg(7, (int) seed).arg(8, (float) noise.noiseSd()).arg(9, (float) noise.x0Sd());
        forward.launch(new long[] {(long) quads * groups, networks}, new long[] {quads, 1});
    }

    void enqueueReadout() {
        readout.launch(new long[] {groups, networks}, null);
    }

    void enqueueBackward() {
        backward.launch(new long[] {(long) quads * groups, networks}, new long[] {quads, 1});
    }

    void enqueueWeightGradient() {
        weightGradient.launch(new long[] {quads, quads, (long) networks * chunks}, gemmLocal());
        weightGradientSum.launch(new long[] {n, n, networks}, null);
    }

    /**
     * One work-item per work-group on a CPU device: POCL then spreads the tiles over all cores and keeps each
     * tile's 16 accumulators in registers (larger groups ran on one core here). GPUs choose their own.
     */
    private long[] gemmLocal() {
        return cl.device().isGpu() ? null : new long[] {1, 1, 1};
    }

    void enqueueSmallGradients() {
        smallGradients.launch(new long[] {n + 1, networks}, null);
    }

    void enqueueAdamOnly() {
        adam.launch(new long[] {params, networks}, null);
    }

    void finish() {
        cl.finish();
    }

    /** Packs the batch into lane layout: [k][g][t][channel][lane] and [k][g][t][lane]. */
    void uploadBatch(TrialBatch batch) {
        if (batch.trials() != networks * trialsPerNetwork || batch.steps() != steps
                || batch.inputs() != spec.inputs()) {
            throw new IllegalArgumentException("batch of " + batch.trials() + " trials × " + batch.steps()
                    + " steps × " + batch.inputs() + " inputs does not fit a session of " + networks + "×"
                    + trialsPerNetwork + " trials × " + steps + " steps × " + spec.inputs() + " inputs");
        }
        int nIn = spec.inputs();
        float[] u = new float[networks * groups * steps * nIn * lanes];
        float[] z = new float[networks * groups * steps * lanes];
        int[] ids = new int[networks * groups * lanes];
        for (int k = 0; k < networks; k++) {
            for (int b = 0; b < trialsPerNetwork; b++) {
                int trial = k * trialsPerNetwork + b;
                int kg = k * groups + b / lanes;
                int lane = b % lanes;
                ids[kg * lanes + lane] = (int) batch.trialIds()[trial];
                for (int t = 0; t < steps; t++) {
                    z[(kg * steps + t) * lanes + lane] = (float) batch.target(trial, t);
                    for (int c = 0; c < nIn; c++) {
                        u[((kg * steps + t) * nIn + c) * lanes + lane] = (float) batch.u(trial, c, t);
                    }
                }
            }
        }
        inputs.write(u);
        targets.write(z);
        trialIds.write(ids);
    }

    /** Per-trial losses in batch order (blocking read; also waits for everything enqueued before). */
    double[] readLosses() {
        float[] l = losses.readAll();
        double[] out = new double[networks * trialsPerNetwork];
        for (int k = 0; k < networks; k++) {
            for (int b = 0; b < trialsPerNetwork; b++) {
                out[k * trialsPerNetwork + b] = l[(k * groups + b / lanes) * lanes + b % lanes];
            }
        }
        return out;
    }

    /** 1/B for real trials, 0 for padding lanes, in [k][g][lane] layout. */
    private float[] laneWeights() {
        float[] w = new float[networks * groups * lanes];
        for (int k = 0; k < networks; k++) {
            for (int b = 0; b < trialsPerNetwork; b++) {
                w[(k * groups + b / lanes) * lanes + b % lanes] = 1.0f / trialsPerNetwork;
            }
        }
        return w;
    }

    /** ∂L/∂θ in the {@link Trainables} layout as a {@link Gradients} record. */
    private Gradients unpackGradients(double loss, double[] flat) {
        return new Gradients(loss, Arrays.copyOfRange(flat, 0, n * n), Arrays.copyOfRange(flat, n * n, n * n + n),
                flat[n * n + n], Arrays.copyOfRange(flat, n * n + n + 1, params));
    }

    private static void copyInto(double[] from, float[] to, int offset) {
        for (int i = 0; i < from.length; i++) {
            to[offset + i] = (float) from[i];
        }
    }

    private static double[] toDoubles(float[] from, int offset, int length) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = from[offset + i];
        }
        return out;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // Releasing device memory does not fail in a way the caller could act on.
            }
        }
        resources.clear();
    }
}
