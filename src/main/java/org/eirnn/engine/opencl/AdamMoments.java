package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.AdamState;

/**
 * The one owner of an OpenCL session's Adam state (spec §2.3, TF1 form), for its K networks: the moments m and v
 * stay on the host until the training kernels are built, then live on the device in the layout of
 * {@link TrainableBuffers} (element-wise beside the parameters and gradients); the step counts always stay on the
 * host, where each step's size is computed.
 */
final class AdamMoments implements AutoCloseable {
    private final ClContext cl;
    private final int networks;
    private final int n;
    private final long[] steps;
    /** The moments while they are on the host (before {@link #toDevice}); null after. */
    private double[][] hostM;
    private double[][] hostV;
    private TrainableBuffers m;
    private TrainableBuffers v;

    /** Zero moments for {@code networks} networks of {@code n} units, on the host. */
    AdamMoments(ClContext cl, int networks, int n) {
        this.cl = cl;
        this.networks = networks;
        this.n = n;
        this.steps = new long[networks];
        AdamState zeros = AdamState.zeros(networks, n);
        this.hostM = zeros.m();
        this.hostV = zeros.v();
    }

    /** Moves the moments onto the device (float); the first call allocates, later calls do nothing. */
    void toDevice() {
        if (hostM == null) {
            return;
        }
        TrainableBuffers first = TrainableBuffers.zeros(cl, networks, n);
        TrainableBuffers second;
        try {
            second = TrainableBuffers.zeros(cl, networks, n);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        m = first;
        v = second;
        m.writePacked(hostM, n);
        v.writePacked(hostV, n);
        hostM = null;
        hostV = null;
    }

    /** The first moments on the device ({@link #toDevice} must have run). */
    TrainableBuffers m() {
        return onDevice(m);
    }

    /** The second moments on the device ({@link #toDevice} must have run). */
    TrainableBuffers v() {
        return onDevice(v);
    }

    private TrainableBuffers onDevice(TrainableBuffers moments) {
        if (moments == null) {
            throw new IllegalStateException("the Adam moments are not on the device yet");
        }
        return moments;
    }

    /** A snapshot: the moments as held (read back from the device once there) and the step counts. */
    AdamState state() {
        if (hostM != null) {
            return new AdamState(hostM, hostV, steps).copy();
        }
        return new AdamState(m.readPacked(networks, n), v.readPacked(networks, n), steps.clone());
    }

    /** Restores a state whose shape the caller has checked (see {@code SessionContract#requireAdamState}). */
    void set(AdamState state) {
        if (hostM != null) {
            AdamState copy = state.copy();
            hostM = copy.m();
            hostV = copy.v();
        } else {
            m.writePacked(state.m(), n);
            v.writePacked(state.v(), n);
        }
        System.arraycopy(state.steps(), 0, steps, 0, networks);
    }

    /**
     * The step size lr_t = lr·√(1 − β2^t)/(1 − β1^t) of each active network's next step t, 0 for the others
     * (TF1 form; the kernel then applies θ ← θ − lr_t·m/(√v + ε)).
     */
    float[] stepSizes(AdamConfig config, boolean[] active) {
        float[] lrT = new float[networks];
        for (int k = 0; k < networks; k++) {
            if (active[k]) {
                long t = steps[k] + 1;
                lrT[k] = (float) (config.learningRate() * Math.sqrt(1 - Math.pow(config.beta2(), t))
                        / (1 - Math.pow(config.beta1(), t)));
            }
        }
        return lrT;
    }

    /** Counts the step just taken by every active network. */
    void advance(boolean[] active) {
        for (int k = 0; k < networks; k++) {
            if (active[k]) {
                steps[k]++;
            }
        }
    }

    @Override
    public void close() {
        if (m != null) {
            m.close();
            v.close();
            m = null;
            v = null;
        }
    }
}
