package org.eirnn.local;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.ForecastTask;

import java.util.stream.IntStream;

/**
 * The CPU reference of the ngc-learn EI-RNN and its online local rule, in double, plain loops, one network at a time
 * (networks in parallel; each network's arithmetic is sequential, so results do not depend on the thread count).
 * The equations, all in {@link #step}, are spec peers §2.1–2.2 with the presynaptic sign S applied in the V1 rule:
 * <pre>
 *   x_s = x_{s−1} + α(−x_{s−1} + u_s W1 + b1 + r_{s−1}(V1 ⊙ S)) + s·σ_pre ξ_s
 *   r_s = relu(x_s) + σ_post ξ'_s,   o_s = r_s W1o + b1o,   e_s = y_{s+1} − o_s
 *   d_s = (e_s W1oᵀ) ⊙ relu′(x_s)
 *   U(W1o) = −r_sᵀ e_s, U(b1o) = −e_s, U(W1) = −u_sᵀ d_s, U(b1) = −d_s, U(V1)_ji = −S_j r_{s−1,j} d_{s,i}
 *   Ē ← Ē + (U − Ē)/τ_elg;  m ← β1 m + (1−β1)Ē;  v ← β2 v + (1−β2)Ē²
 *   θ ← θ − η (m/(1−β1^t)) / (√(v/(1−β2^t)) + ε);  W1, V1, W1o ← max(·, 0)
 * </pre>
 * The readout's error signal d_s uses W1o before this step's update.
 */
public final class CpuLocalRule implements LocalEngine {

    @Override
    public String description() {
        return "cpu (double, reference)";
    }

    @Override
    public PassMetrics[][] run(LocalEnsemble ensemble, ForecastTask task, long seed, int firstPass, int passes,
                               boolean learn) {
        PassMetrics[][] out = new PassMetrics[passes][ensemble.networks];
        long steps0 = ensemble.adamSteps();
        IntStream.range(0, ensemble.networks).parallel().forEach(k -> {
            Network net = new Network(ensemble, k, steps0);
            for (int q = 0; q < passes; q++) {
                out[q][k] = net.pass(task, seed, learn ? firstPass + q : EVAL_PASS_ID, learn);
            }
        });
        if (learn) {
            ensemble.setAdamSteps(steps0 + (long) passes * task.steps());
        }
        return out;
    }

    /** One network's view of the ensemble and its running state. */
    private static final class Network {
        final NgcSpec spec;
        final LocalEnsemble e;
        final int base;
        final int k;
        final double[] x;
        final double[] r;
        final double[] rPrev;
        final double[] d;
        final double[] err;
        final double[] xi;
        final double[] xiPost;
        long adamStep;

        Network(LocalEnsemble e, int k, long adamStep) {
            this.spec = e.spec;
            this.e = e;
            this.k = k;
            this.base = k * spec.parameters();
            this.adamStep = adamStep;
            int n = spec.n();
            x = new double[n];
            r = new double[n];
            rPrev = new double[n];
            d = new double[n];
            err = new double[spec.channels()];
            xi = new double[n];
            xiPost = new double[n];
        }

        double th(int p) {
            return e.theta[base + p];
        }

        /** One pass from rest: state and traces reset, every step run (and learned from when {@code learn}). */
        PassMetrics pass(ForecastTask task, long seed, int passId, boolean learn) {
            java.util.Arrays.fill(x, 0);
            java.util.Arrays.fill(rPrev, 0);
            if (learn) {
                java.util.Arrays.fill(e.trace, base, base + spec.parameters(), 0);
            }
            RandomKey pre = new RandomKey(seed, k, RandomStream.RATE_NOISE);
            RandomKey post = pre.with(RandomStream.RATE_POST_NOISE);
            double sse = 0;
            double sae = 0;
            for (int s = 0; s < task.steps(); s++) {
                noise(pre, post, passId, s);
                step(task, s, learn);
                for (double v : err) {
                    sse += v * v;
                    sae += Math.abs(v);
                }
                System.arraycopy(r, 0, rPrev, 0, r.length);
            }
            return new PassMetrics(sse, sae, (long) task.steps() * spec.channels());
        }

        private void noise(RandomKey pre, RandomKey post, int passId, int s) {
            if (spec.noisePre() > 0) {
                pre.normals(passId, s, xi, 0, xi.length);
            }
            if (spec.sigmaPost() > 0) {
                post.normals(passId, s, xiPost, 0, xiPost.length);
            }
        }

        /** Step s: the forward pass, the error, and (when learning) the local rule's update. */
        private void step(ForecastTask task, int s, boolean learn) {
            int n = spec.n();
            int c = spec.channels();
            for (int i = 0; i < n; i++) {
                double j = th(spec.b1(i));
                for (int ch = 0; ch < c; ch++) {
                    j += task.value(s, ch) * th(spec.w1(ch, i));
                }
                for (int pre = 0; pre < n; pre++) {
                    j += rPrev[pre] * spec.sign(pre) * th(spec.v1(pre, i));
                }
                x[i] += spec.alpha() * (-x[i] + j) + (spec.noisePre() > 0 ? spec.noisePre() * xi[i] : 0);
                r[i] = Math.max(x[i], 0) + (spec.sigmaPost() > 0 ? spec.sigmaPost() * xiPost[i] : 0);
            }
            for (int ch = 0; ch < c; ch++) {
                double o = th(spec.b1o(ch));
                for (int i = 0; i < n; i++) {
                    o += r[i] * th(spec.w1o(i, ch));
                }
                err[ch] = task.value(s + 1, ch) - o;
            }
            if (learn) {
                learn(task, s);
            }
        }

        private void learn(ForecastTask task, int s) {
            int n = spec.n();
            int c = spec.channels();
            for (int i = 0; i < n; i++) {
                double back = 0;
                for (int ch = 0; ch < c; ch++) {
                    back += err[ch] * th(spec.w1o(i, ch));
                }
                d[i] = x[i] > 0 ? back : 0;
            }
            adamStep++;
            double c1 = 1 / (1 - Math.pow(spec.beta1(), adamStep));
            double c2 = 1 / (1 - Math.pow(spec.beta2(), adamStep));
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < c; ch++) {
                    adam(spec.w1o(i, ch), -r[i] * err[ch], c1, c2);
                    adam(spec.w1(ch, i), -task.value(s, ch) * d[i], c1, c2);
                }
                adam(spec.b1(i), -d[i], c1, c2);
                for (int pre = 0; pre < n; pre++) {
                    adam(spec.v1(pre, i), -spec.sign(pre) * rPrev[pre] * d[i], c1, c2);
                }
            }
            for (int ch = 0; ch < c; ch++) {
                adam(spec.b1o(ch), -err[ch], c1, c2);
            }
        }

        /** Trace, Adam on the trace, projection (spec peers §2.2). */
        private void adam(int p, double update, double c1, double c2) {
            int at = base + p;
            double tr = e.trace[at] + (update - e.trace[at]) * (1 / spec.tauElg());
            double m = spec.beta1() * e.m[at] + (1 - spec.beta1()) * tr;
            double v = spec.beta2() * e.v[at] + (1 - spec.beta2()) * tr * tr;
            double th = e.theta[at] - spec.lr() * (m * c1) / (Math.sqrt(v * c2) + spec.epsilon());
            e.trace[at] = tr;
            e.m[at] = m;
            e.v[at] = v;
            e.theta[at] = spec.projected(p) ? Math.max(th, 0) : th;
        }
    }
}
