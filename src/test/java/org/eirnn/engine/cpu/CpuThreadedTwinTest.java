package org.eirnn.engine.cpu;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.Trajectories;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.GoNogoTask;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A whole CPU session on the multi-threaded {@link DenseOps} (products and row loops split over EJML's threads)
 * against the same session single-threaded, bit for bit: forward trajectories, gradients and two Adam updates, on
 * go-nogo with enough trials and units that every parallel loop splits (≥ 2·{@value DenseOps#MIN_BLOCK}), for a
 * sparse (spikeRNN's P_rec = 0.2) and a dense W_rec, trained τ, with and without post-activation noise.
 */
class CpuThreadedTwinTest {

    @ParameterizedTest(name = "P_rec={0} B={1} post={2} {3}")
    @CsvSource({"0.2,40,0,SIGMOID", "0.2,67,0.05,SIGMOID", "1.0,40,0,SOFTPLUS", "0.2,33,0,CLIPPED_RELU"})
    void multiThreadedSessionEqualsSingleThreaded(double pRec, int trials, double postSd, Activation act) {
        Task task = new GoNogoTask();
        NetworkSpec base = NetworkSpec.defaults(64, task.inputs(), DecayTaus.range(4, 20));
        NetworkSpec spec = new NetworkSpec(64, task.inputs(), base.pInh(), pRec, base.somN(), base.gain(),
                base.wDist(), base.applyDale(), act, base.taus(), 1, base.options());
        RateNetwork net = NetworkInit.draw(spec, 11, 0);
        NetworkTerms terms = NetworkTerms.of(net, RateNoise.SPIKERNN);
        if (pRec < 0.5) {
            assertNotNull(terms.pattern(), "sparse products");
        } else {
            assertNull(terms.pattern(), "dense products");
        }
        TrialBatch batch = task.generate(new RandomKey(4, 0, RandomStream.TASK), 0, trials);
        RateNoise noise = RateNoise.SPIKERNN.withPost(postSd);
        double[][] single = run(spec, net, batch, noise, DenseOps.SINGLE_THREADED);
        double[][] multi = run(spec, net, batch, noise, DenseOps.MULTI_THREADED);
        String[] names = {"x", "outputs", "gradients", "losses of two updates", "parameters after them"};
        for (int q = 0; q < names.length; q++) {
            assertEquals(single[q].length, multi[q].length);
            assertArrayEquals(single[q], multi[q], 0.0, names[q] + " multi- vs single-threaded");
        }
    }

    private static double[][] run(NetworkSpec spec, RateNetwork net, TrialBatch batch, RateNoise noise,
                                  DenseOps ops) {
        try (RateSession s = new CpuRateSession(spec, 1, batch.trials(), batch.steps(), LossFunction.L2, ops)) {
            s.upload(List.of(net));
            Trajectories traj = s.forward(batch, noise, 3, true);
            Gradients g = s.gradients(batch, noise, 3).get(0);
            boolean[] active = {true};
            double[] first = s.trainStep(batch, noise, 3, AdamConfig.SPIKERNN, active);
            double[] second = s.trainStep(batch, noise, 4, AdamConfig.SPIKERNN, active);
            double[] losses = new double[first.length + second.length];
            System.arraycopy(first, 0, losses, 0, first.length);
            System.arraycopy(second, 0, losses, first.length, second.length);
            return new double[][] {traj.x(), traj.o(), Trainables.pack(g), losses,
                    Trainables.pack(s.download().get(0))};
        }
    }
}
