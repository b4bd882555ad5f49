package org.eirnn.engine;

import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.TrialBatch;

import java.util.List;

/**
 * The rate-model operations on one ensemble (K networks × B trials each). Parameters stay in the session
 * (on the device for OpenCL) between calls; only what the host asks for is read back.
 *
 * <p>Noise: x_0 uses stream RATE_X0 and ξ_t stream RATE_NOISE, both keyed (seed, network k) and addressed by
 * (trial id, step, unit), so both engines draw the same numbers.
 */
public interface RateSession extends AutoCloseable {

    int networks();

    int trialsPerNetwork();

    /** Sets the parameters of all K networks. */
    void upload(List<RateNetwork> nets);

    /** Current parameters of all K networks. */
    List<RateNetwork> download();

    /**
     * Forward pass of the model family (spec kim2019 §2.2, DESIGN "One model family") on a batch of K·B trials (trials [k·B, (k+1)·B) run on network k).
     *
     * @param keepStates also return x and r per step (what training and the .mat export need)
     */
    Trajectories forward(TrialBatch batch, RateNoise noise, long seed, boolean keepStates);

    /**
     * Loss and its gradient for every network: mean over that network's B trials of the per-trial loss
     * (spec §2.3), differentiated with respect to every trainable.
     */
    List<Gradients> gradients(TrialBatch batch, RateNoise noise, long seed);

    /**
     * One training update: forward, BPTT and an optimiser step (Adam in the TF1 form, or SGD with clipping) on the
     * networks with {@code active[k]}; inactive networks are left untouched. Returns the per-trial losses (K·B) of
     * the forward pass.
     */
    double[] trainStep(TrialBatch batch, RateNoise noise, long seed, Optimizer optimizer, boolean[] active);

    /** Adam state of all networks, for checkpoints. */
    AdamState adamState();

    /** Restores Adam state from a checkpoint. */
    void setAdamState(AdamState state);

    @Override
    void close();
}
