package org.eirnn.engine.cpu;

import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;

/** Repeated {@link LegacyRateStep} steps of eirnn 0.1, trial by trial: the spikeRNN forward pass of spec §2.2. */
final class LegacyReplay {
    private LegacyReplay() {
    }

    /** {x [trial][t][i], o [trial][i]} of network 0 on every trial of the batch. */
    static double[][] trajectories(RateNetwork net, TrialBatch batch, RateNoise noise, long seed) {
        int n = net.n();
        int steps = batch.steps();
        double[] x = new double[batch.trials() * steps * n];
        double[] o = new double[batch.trials() * (steps - 1)];
        double[] wRec = net.effectiveRecurrent();
        double[] alpha = LegacyRateStep.alpha(net.tau());
        RandomKey x0Key = new RandomKey(seed, 0, RandomStream.RATE_X0);
        for (int b = 0; b < batch.trials(); b++) {
            long id = batch.trialIds()[b];
            double[] xPrev = new double[n];
            double[] rPrev = new double[n];
            x0Key.normals(id, 0, xPrev, 0, n);
            LegacyRateStep.initialState(n, noise.x0Sd(), xPrev, net.spec.activation(), xPrev, rPrev);
            System.arraycopy(xPrev, 0, x, b * steps * n, n);
            for (int t = 1; t < steps; t++) {
                double[] xi = new double[n];
                x0Key.with(RandomStream.RATE_NOISE).normals(id, t, xi, 0, n);
                for (int i = 0; i < n; i++) {
                    xi[i] *= noise.noiseSd();
                }
                double[] u = new double[batch.inputs()];
                for (int c = 0; c < u.length; c++) {
                    u[c] = batch.u(b, c, t - 1);
                }
                double[] xNext = new double[n];
                double[] rNext = new double[n];
                LegacyRateStep.step(n, u.length, wRec, net.wIn, alpha, net.spec.activation(), xPrev, rPrev, u, xi,
                        xNext, rNext);
                System.arraycopy(xNext, 0, x, (b * steps + t) * n, n);
                o[b * (steps - 1) + t - 1] = LegacyRateStep.output(n, net.wOut, net.bOut[0], rNext);
                xPrev = xNext;
                rPrev = rNext;
            }
        }
        return new double[][] {x, o};
    }
}
