package org.eirnn.engine.opencl;

import org.eirnn.engine.Engine;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.RateSession;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNoise;
import org.eirnn.spiking.LifSimulator;

/** The OpenCL engine: float32, batched kernels with whole time loops on one device. */
public final class OpenClEngine implements Engine {
    private final ClContext cl;
    private final KernelShape shape;
    private final KernelShape.Choice choice;

    /** An engine on {@code device} with the device's default kernel shape. */
    public OpenClEngine(ClDevice device) {
        this(device, KernelShape.Choice.AUTO);
    }

    /** An engine whose sessions take the shape {@code choice} picks for each (--kernel-shape). */
    public OpenClEngine(ClDevice device, KernelShape.Choice choice) {
        this(device, null, choice);
    }

    /** An engine with a fixed kernel shape (tuning and tests); null picks the device default per session. */
    public OpenClEngine(ClDevice device, KernelShape shape) {
        this(device, shape, KernelShape.Choice.AUTO);
    }

    private OpenClEngine(ClDevice device, KernelShape shape, KernelShape.Choice choice) {
        this.cl = new ClContext(device);
        this.shape = shape;
        this.choice = choice;
    }

    /** The kernel shape a rate session of {@code networks} × {@code trialsPerNetwork} trials of N units gets. */
    public KernelShape shapeFor(int n, int networks, int trialsPerNetwork) {
        KernelShape.DeviceLimits limits = KernelShape.DeviceLimits.of(cl);
        return shape != null ? shape.fittedTo(limits, n) : choice.shape(limits, n, networks, trialsPerNetwork);
    }

    /** Whether this engine's LIF simulator runs in the GPU shape (many work-items per group). */
    private boolean lifGpuShape() {
        return shape != null ? shape.tiled() : choice.gpu(cl.device().type());
    }

    public ClDevice device() {
        return cl.device();
    }

    @Override
    public String description() {
        return "opencl " + cl.device().label() + " (float)";
    }

    @Override
    public String kind() {
        return "opencl";
    }

    @Override
    public RateSession openRate(NetworkSpec spec, int networks, int trialsPerNetwork, int steps, LossFunction loss) {
        requireKernelModel(spec, loss);
        return new OpenClRateSession(cl, shapeFor(spec.n(), networks, trialsPerNetwork), spec, networks,
                trialsPerNetwork, steps, loss);
    }

    /**
     * The rate kernels implement spikeRNN's model (spec kim2019 §2.1–2.3) and the model family's options
     * ({@link KernelModel}). Refuses, in one line naming the first option that differs, what the kernels would get
     * wrong (none today: every option of {@link org.eirnn.model.ModelOptions} is implemented).
     */
    static void requireKernelModel(NetworkSpec spec, LossFunction loss) {
        String differs = KernelModel.unsupportedModel(spec, loss);
        if (differs != null) {
            throw new org.eirnn.InvalidInputException("the OpenCL engine does not implement "
                    + differs + " yet; use --device cpu");
        }
    }

    /**
     * True when the OpenCL engine trains this model with this noise and optimiser (the data's loss masks aside):
     * the one predicate the engine's refusals and the CLI's choice of engine share.
     */
    public static boolean supports(NetworkSpec spec, LossFunction loss, RateNoise noise, Optimizer optimizer) {
        return KernelModel.supports(spec, loss, noise, optimizer);
    }

    /** As {@link #supports}, for work that runs a model without training it (eval, gradcheck). */
    public static boolean runs(NetworkSpec spec, LossFunction loss, RateNoise noise) {
        return KernelModel.runs(spec, loss, noise);
    }

    @Override
    public LifSimulator openLif(boolean doublePrecision) {
        return new OpenClLifSimulator(cl, doublePrecision, LifShape.of(lifGpuShape(), KernelShape.DeviceLimits.of(cl)));
    }

    /** Float GEMM of 1024×1024 matrices for about a second ({@code kernels/matmul_peak.cl}). */
    @Override
    public double matmulPeakGflops() {
        return MatmulPeak.gflops(cl, 1024, 1.0);
    }

    @Override
    public void close() {
        cl.close();
    }
}
