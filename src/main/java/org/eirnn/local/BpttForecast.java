package org.eirnn.local;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.WeightDistribution;
import org.eirnn.task.ForecastTask;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --learning bptt}: the same ngc-learn EI-RNN trained by the model family's BPTT ({@link RateSession#trainStep},
 * either engine) instead of the local rule. One pass = one gradient update: the whole series is one trial (T = P
 * steps, {@link ForecastTask#asTrial}), forward through every step, backpropagation through all of them, one Adam
 * step on the masked mean squared error. W1, V1 and W1o are then projected to ≥ 0, as the local rule does.
 *
 * <p>The family's network is this one: W_rec_ij = S_j·V1_ji (relu(W⁺)·D with W⁺ kept ≥ 0), W_in = W1ᵀ (relu, positive
 * inputs), W_out = W1oᵀ (unsigned), b_rec = b1, b_out = b1o, α per unit, recurrent noise √(2α)σ (ngc-learn's scaling is
 * the same form with σ·√(Δt/ms)), post-activation noise σ_post. The one difference: the family's r_0 carries post
 * noise where the exhibit starts from r = 0. Both trainings are scored by the same evaluation pass
 * ({@link LocalEngine}, learning off).
 */
public final class BpttForecast {
    private BpttForecast() {
    }

    /** The family's spec of {@code spec}'s network (preset ngc-eirnn). */
    public static NetworkSpec familySpec(NgcSpec spec) {
        return new NetworkSpec(spec.n(), spec.channels(), spec.inhibitory() / (double) spec.n(), 1.0, 0, 1.0,
                WeightDistribution.GAUS, true, Activation.RECTIFY, DecayTaus.single(1 / spec.alpha()),
                spec.channels(), Preset.NGC_EIRNN.options());
    }

    /** The family's noise for the same network: √(2α)·σ with σ = noisePre/√(2α). */
    public static RateNoise familyNoise(NgcSpec spec) {
        return new RateNoise(spec.noisePre() / Math.sqrt(2 * spec.alpha()), 0, NoiseForm.CONTINUOUS, spec.sigmaPost(),
                0, 0, false);
    }

    /** Trains every network of {@code ensemble} for {@code passes} updates, in place; returns the per-pass losses. */
    public static double[][] train(Engine engine, LocalEnsemble ensemble, ForecastTask task, long seed, int passes,
                                   ForecastTraining.Progress progress) {
        NgcSpec spec = ensemble.spec;
        NetworkSpec fam = familySpec(spec);
        AdamConfig adam = new AdamConfig(spec.lr(), spec.beta1(), spec.beta2(), spec.epsilon());
        RateNoise noise = familyNoise(spec);
        int k = ensemble.networks;
        boolean[] active = new boolean[k];
        java.util.Arrays.fill(active, true);
        double[][] losses = new double[passes][];
        try (RateSession session = engine.openRate(fam, k, 1, task.points(), LossFunction.MSE)) {
            List<RateNetwork> nets = new ArrayList<>();
            for (int q = 0; q < k; q++) {
                nets.add(toFamily(fam, ensemble, q));
            }
            session.upload(nets);
            for (int pass = 0; pass < passes; pass++) {
                List<TrialBatch> trials = new ArrayList<>();
                for (int q = 0; q < k; q++) {
                    trials.add(task.asTrial(pass));
                }
                losses[pass] = session.trainStep(TrialBatch.concat(trials), noise, seed, adam, active);
                List<RateNetwork> trained = session.download();
                trained.forEach(BpttForecast::project);
                session.upload(trained);
                progress.pass(pass + 1, passes);
            }
            List<RateNetwork> end = session.download();
            for (int q = 0; q < k; q++) {
                fromFamily(end.get(q), ensemble, q);
            }
        }
        return losses;
    }

    /** W⁺, W_in⁺, W_out ← max(·, 0): the projection of the exhibit after each update. */
    private static void project(RateNetwork net) {
        for (double[] a : List.of(net.w, net.wIn, net.wOut)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.max(a[i], 0);
            }
        }
    }

    static RateNetwork toFamily(NetworkSpec fam, LocalEnsemble e, int k) {
        NgcSpec s = e.spec;
        int n = s.n();
        int c = s.channels();
        double[] th = e.parameters(k);
        double[] w = new double[n * n];
        double[] wIn = new double[n * c];
        double[] wOut = new double[c * n];
        double[] bOut = new double[c];
        boolean[] inh = new boolean[n];
        for (int i = 0; i < n; i++) {
            inh[i] = s.sign(i) < 0;
            for (int j = 0; j < n; j++) {
                w[i * n + j] = th[s.v1(j, i)];
            }
            for (int ch = 0; ch < c; ch++) {
                wIn[i * c + ch] = th[s.w1(ch, i)];
                wOut[ch * n + i] = th[s.w1o(i, ch)];
            }
        }
        for (int ch = 0; ch < c; ch++) {
            bOut[ch] = th[s.b1o(ch)];
        }
        double[] ones = new double[n * n];
        java.util.Arrays.fill(ones, 1.0);
        RateNetwork net = RateNetwork.unmasked(fam, w, wIn, wOut, bOut, new double[n], inh, ones, new double[n]);
        for (int i = 0; i < n; i++) {
            net.bRec[i] = th[s.b1(i)];
        }
        return net;
    }

    static void fromFamily(RateNetwork net, LocalEnsemble e, int k) {
        NgcSpec s = e.spec;
        int n = s.n();
        int c = s.channels();
        int base = k * s.parameters();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                e.theta[base + s.v1(j, i)] = net.w[i * n + j];
            }
            for (int ch = 0; ch < c; ch++) {
                e.theta[base + s.w1(ch, i)] = net.wIn[i * c + ch];
                e.theta[base + s.w1o(i, ch)] = net.wOut[ch * n + i];
            }
            e.theta[base + s.b1(i)] = net.bRec[i];
        }
        for (int ch = 0; ch < c; ch++) {
            e.theta[base + s.b1o(ch)] = net.bOut[ch];
        }
    }
}
