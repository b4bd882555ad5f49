package org.eirnn.local;

import org.eirnn.io.LifMatFile;
import org.eirnn.io.LifMatFile.Matrix;
import org.eirnn.io.Version;
import org.eirnn.task.ForecastTask;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model file of a forecast run, a level-5 {@code .mat} written atomically: network 0 under ngc-learn's names
 * (W1 C×N, b1, V1 N×N stored ≥ 0, S, W1o N×C, b1o) and under the family's effective names (Wrec = (V1 ⊙ S)ᵀ, Win,
 * Wout, brec, bout, ei), every network's θ (K×P, the layout of {@link NgcSpec}), the evaluations before and after
 * (K×1: mae, rmse, loglik), the per-pass training RMSE (passes×K) and the settings.
 */
public final class ForecastModelFile {
    private ForecastModelFile() {
    }

    public static void write(Path file, LocalEnsemble e, ForecastTraining.Result r, ForecastTask task, boolean local,
                             long seed, LocalNoise form, String device) throws IOException {
        NgcSpec s = e.spec;
        Map<String, Object> v = new LinkedHashMap<>();
        network0(s, e.parameters(0), v);
        v.put("theta", new Matrix(e.networks, s.parameters(), e.theta.clone()));
        v.put("theta_layout", new String[] {"W1[c][i] (C*N), b1 (N), V1[j][i] (N*N), W1o[i][c] (N*C), b1o (C)"});
        v.put("mae_before", column(r.before(), PassMetrics::mae));
        v.put("rmse_before", column(r.before(), PassMetrics::rmse));
        v.put("loglik_before", column(r.before(), PassMetrics::logLikelihood));
        v.put("mae_after", column(r.after(), PassMetrics::mae));
        v.put("rmse_after", column(r.after(), PassMetrics::rmse));
        v.put("loglik_after", column(r.after(), PassMetrics::logLikelihood));
        double[] train = new double[r.train().length * e.networks];
        for (int q = 0; q < r.train().length; q++) {
            System.arraycopy(r.train()[q], 0, train, q * e.networks, e.networks);
        }
        v.put("train_rmse", new Matrix(r.train().length, e.networks, train));
        v.put("model", new String[] {"ngc-eirnn"});
        v.put("learning", new String[] {local ? "local" : "bptt"});
        v.put("task", new String[] {"forecast " + task.name()});
        v.put("seed", (double) seed);
        v.put("networks", (double) e.networks);
        v.put("passes", (double) r.train().length);
        v.put("alpha", s.alpha());
        v.put("noise_form", new String[] {form.flagName});
        v.put("noise_pre_sd_per_step", s.noisePre());
        v.put("post_noise_sd", s.sigmaPost());
        v.put("tau_elg", s.tauElg());
        v.put("lr", s.lr());
        v.put("train_seconds", r.seconds());
        v.put("device", new String[] {device});
        v.put("eirnn_version", new String[] {Version.current()});
        LifMatFile.write(file, v);
    }

    private static Matrix column(PassMetrics[] m, java.util.function.ToDoubleFunction<PassMetrics> f) {
        return Matrix.column(java.util.Arrays.stream(m).mapToDouble(f).toArray());
    }

    /** Network 0 in both sets of names. */
    private static void network0(NgcSpec s, double[] th, Map<String, Object> v) {
        int n = s.n();
        int c = s.channels();
        double[] w1 = new double[c * n];
        double[] v1 = new double[n * n];
        double[] w1o = new double[n * c];
        double[] wrec = new double[n * n];
        double[] win = new double[n * c];
        double[] wout = new double[c * n];
        double[] sign = new double[n];
        double[] b1 = new double[n];
        double[] b1o = new double[c];
        for (int i = 0; i < n; i++) {
            sign[i] = s.sign(i);
            b1[i] = th[s.b1(i)];
            for (int ch = 0; ch < c; ch++) {
                w1[ch * n + i] = th[s.w1(ch, i)];
                w1o[i * c + ch] = th[s.w1o(i, ch)];
                win[i * c + ch] = th[s.w1(ch, i)];
                wout[ch * n + i] = th[s.w1o(i, ch)];
            }
            for (int j = 0; j < n; j++) {
                v1[j * n + i] = th[s.v1(j, i)];
                wrec[i * n + j] = s.sign(j) * th[s.v1(j, i)];
            }
        }
        for (int ch = 0; ch < c; ch++) {
            b1o[ch] = th[s.b1o(ch)];
        }
        v.put("W1", new Matrix(c, n, w1));
        v.put("b1", Matrix.row(b1));
        v.put("V1", new Matrix(n, n, v1));
        v.put("S", Matrix.column(sign));
        v.put("W1o", new Matrix(n, c, w1o));
        v.put("b1o", Matrix.row(b1o));
        v.put("Wrec", new Matrix(n, n, wrec));
        v.put("Win", new Matrix(n, c, win));
        v.put("Wout", new Matrix(c, n, wout));
        v.put("brec", Matrix.column(b1.clone()));
        v.put("bout", Matrix.column(b1o.clone()));
        v.put("ei", Matrix.column(sign.clone()));
    }
}
