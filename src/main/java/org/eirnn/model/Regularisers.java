package org.eirnn.model;

import org.eirnn.InvalidInputException;

/**
 * Penalties added to a network's minibatch objective (spec peers §1.4, §3.3): L1 and L2 on the trainable raw
 * weights of each matrix, λ1·mean|W⁺| and λ2·mean(W⁺²) over the matrix's entries, and L2 on the rates,
 * λr·mean(r_t²) over the network's trials, steps t = 1…T−1 and units; nn4n's firing-rate regularisers on the
 * per-unit mean rates r̄_i (over the same trials and steps): λ_fr·m² with m = mean_i r̄_i, λ_sd·SD_i(r̄_i) and
 * λ_cv·SD_i(r̄_i)/m; and pycog's vanishing-gradient regulariser Ω (spec peers §1.4) with weight λ_Ω
 * ({@code omega}), of which only the immediate derivative ∂Ω/∂W_rec joins W_rec's gradient (it is not part of the
 * objective). All zero by default.
 */
public record Regularisers(double l1In, double l1Rec, double l1Out, double l2In, double l2Rec, double l2Out,
                           double l2Rate, double frMean, double frSd, double frCv, double omega) {
    public static final Regularisers NONE = new Regularisers(0, 0, 0, 0, 0, 0, 0);

    /** The weight and L2-rate penalties alone. */
    public Regularisers(double l1In, double l1Rec, double l1Out, double l2In, double l2Rec, double l2Out,
                        double l2Rate) {
        this(l1In, l1Rec, l1Out, l2In, l2Rec, l2Out, l2Rate, 0, 0, 0, 0);
    }

    /** The penalties without Ω. */
    public Regularisers(double l1In, double l1Rec, double l1Out, double l2In, double l2Rec, double l2Out,
                        double l2Rate, double frMean, double frSd, double frCv) {
        this(l1In, l1Rec, l1Out, l2In, l2Rec, l2Out, l2Rate, frMean, frSd, frCv, 0);
    }

    /** The penalties in flag order as model files store them (Ω is a training setting, recorded apart). */
    public double[] values() {
        return new double[] {l1In, l1Rec, l1Out, l2In, l2Rec, l2Out, l2Rate, frMean, frSd, frCv};
    }

    /** From {@link #values()} (or its first seven, as files of eirnn 0.2 hold them), without Ω. */
    public static Regularisers of(double[] v) {
        return v.length == 7 ? new Regularisers(v[0], v[1], v[2], v[3], v[4], v[5], v[6])
                : new Regularisers(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }

    /** True when a regulariser of the per-unit mean-rate distribution (fr-mean, fr-sd, fr-cv) is on. */
    public boolean rateDistribution() {
        return frMean != 0 || frSd != 0 || frCv != 0;
    }

    public Regularisers {
        double[] all = {l1In, l1Rec, l1Out, l2In, l2Rec, l2Out, l2Rate, frMean, frSd, frCv, omega};
        String[] names = {"--l1-in", "--l1-rec", "--l1-out", "--l2-in", "--l2-rec", "--l2-out", "--l2-rate",
                "--fr-mean", "--fr-sd", "--fr-cv", "--lambda-omega"};
        for (int k = 0; k < all.length; k++) {
            double v = all[k];
            String name = names[k];
            InvalidInputException.require(v >= 0 && Double.isFinite(v),
                    () -> name + " " + v + " is not valid: expected a penalty weight >= 0");
        }
    }

    public boolean any() {
        return !equals(NONE);
    }

    /** These penalties with λ_Ω = {@code lambda}. */
    public Regularisers withOmega(double lambda) {
        return new Regularisers(l1In, l1Rec, l1Out, l2In, l2Rec, l2Out, l2Rate, frMean, frSd, frCv, lambda);
    }

    /** The weight penalty λ1·mean|w| + λ2·mean(w²) of one matrix, and its gradient added into {@code grad}. */
    public static double weightPenalty(double l1, double l2, double[] w, double[] grad) {
        if ((l1 == 0 && l2 == 0) || w.length == 0) {
            return 0;
        }
        double count = w.length;
        double sum = 0;
        for (int p = 0; p < w.length; p++) {
            sum += l1 * Math.abs(w[p]) + l2 * w[p] * w[p];
            grad[p] += (l1 * Math.signum(w[p]) + 2 * l2 * w[p]) / count;
        }
        return sum / count;
    }
}
