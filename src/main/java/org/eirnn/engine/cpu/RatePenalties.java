package org.eirnn.engine.cpu;

import org.eirnn.model.Regularisers;
import org.ejml.data.DMatrixRMaj;

/**
 * The rate penalties of {@link Regularisers} for one network's pass, and their gradient ∂P/∂r_t: over the B trials
 * and steps t = 1 … T−1 (C = B·(T−1) rate vectors), with r̄_i = Σ r_{t,i}/C, m = mean_i r̄_i and
 * SD = sqrt(mean_i (r̄_i − m)²),
 * <pre>
 *   P = λ_r·Σ r²/(C·N) + λ_fr·m² + λ_sd·SD + λ_cv·SD/m
 *   ∂P/∂r_{t,i} = 2λ_r r_{t,i}/(C·N) + g_i/C,
 *   g_i = 2λ_fr m/N + λ_sd (r̄_i − m)/(N·SD) + λ_cv [(r̄_i − m)/(N·SD·m) − SD/(N·m²)]
 * </pre>
 * (the SD terms' gradient is 0 when SD = 0, where SD is not differentiable).
 *
 * @param objective   P
 * @param elementCoef 2λ_r/(C·N), the coefficient of r_{t,i} in ∂P/∂r_{t,i}
 * @param unitTerm    g_i/C for every unit, or null when the distribution penalties are off
 */
record RatePenalties(double objective, double elementCoef, double[] unitTerm) {

    static RatePenalties of(Regularisers reg, ForwardStates s, int n) {
        if (reg.l2Rate() == 0 && !reg.rateDistribution()) {
            return new RatePenalties(0, 0, null);
        }
        double count = (double) s.trials() * (s.steps() - 1);
        double[] mean = new double[n];
        double squares = 0;
        for (int t = 1; t < s.steps(); t++) {
            double[] r = s.r(t).data;
            for (int p = 0; p < r.length; p++) {
                mean[p % n] += r[p];
                squares += r[p] * r[p];
            }
        }
        double objective = reg.l2Rate() * squares / (count * n);
        double elementCoef = 2 * reg.l2Rate() / (count * n);
        if (!reg.rateDistribution()) {
            return new RatePenalties(objective, elementCoef, null);
        }
        return withDistribution(reg, mean, count, objective, elementCoef);
    }

    private static RatePenalties withDistribution(Regularisers reg, double[] unitSums, double count, double objective,
                                                  double elementCoef) {
        int n = unitSums.length;
        double m = 0;
        for (int i = 0; i < n; i++) {
            unitSums[i] /= count;
            m += unitSums[i] / n;
        }
        double var = 0;
        for (double v : unitSums) {
            var += (v - m) * (v - m) / n;
        }
        double sd = Math.sqrt(var);
        double cv = m != 0 ? sd / m : 0;
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            double dev = sd > 0 ? (unitSums[i] - m) / (n * sd) : 0;
            double dCv = m != 0 ? dev / m - sd / (n * m * m) : 0;
            g[i] = (2 * reg.frMean() * m / n + reg.frSd() * dev + reg.frCv() * dCv) / count;
        }
        objective += reg.frMean() * m * m + reg.frSd() * sd + reg.frCv() * cv;
        return new RatePenalties(objective, elementCoef, g);
    }

    /** dR += ∂P/∂r_t for one step's B×N rates r. */
    void addGradient(DMatrixRMaj r, DMatrixRMaj dR) {
        int n = dR.numCols;
        for (int p = 0; p < dR.data.length; p++) {
            dR.data[p] += elementCoef * r.data[p] + (unitTerm == null ? 0.0 : unitTerm[p % n]);
        }
    }

    boolean any() {
        return elementCoef != 0 || unitTerm != null;
    }
}
