package org.eirnn.model;

import org.eirnn.InvalidInputException;

/**
 * Penalties added to a network's minibatch objective (spec peers §1.4, §3.3): L1 and L2 on the trainable raw
 * weights of each matrix, λ1·mean|W⁺| and λ2·mean(W⁺²) over the matrix's entries, and L2 on the rates,
 * λr·mean(r_t²) over the network's trials, steps t = 1…T−1 and units; and pycog's vanishing-gradient regulariser Ω
 * (spec peers §1.4) with weight λ_Ω ({@code omega}), of which only the immediate derivative ∂Ω/∂W_rec joins W_rec's
 * gradient (it is not part of the objective). All zero by default.
 */
public record Regularisers(double l1In, double l1Rec, double l1Out, double l2In, double l2Rec, double l2Out,
                           double l2Rate, double omega) {
    public static final Regularisers NONE = new Regularisers(0, 0, 0, 0, 0, 0, 0);

    /** The penalties without Ω. */
    public Regularisers(double l1In, double l1Rec, double l1Out, double l2In, double l2Rec, double l2Out,
                        double l2Rate) {
        this(l1In, l1Rec, l1Out, l2In, l2Rec, l2Out, l2Rate, 0);
    }

    public Regularisers {
        double[] all = {l1In, l1Rec, l1Out, l2In, l2Rec, l2Out, l2Rate, omega};
        String[] names = {"--l1-in", "--l1-rec", "--l1-out", "--l2-in", "--l2-rec", "--l2-out", "--l2-rate",
            "--lambda-omega"};
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
        return new Regularisers(l1In, l1Rec, l1Out, l2In, l2Rec, l2Out, l2Rate, lambda);
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
