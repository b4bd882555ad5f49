package org.eirnn.engine.cpu;

import org.eirnn.engine.Gradients;
import org.eirnn.model.AlphaMode;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.ModelOptions;
import org.eirnn.model.Positivity;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.Regularisers;

/**
 * The chain rule from the effective quantities back to the trainable parameters (DESIGN "One model family"):
 * W = φ(W⁺ ⊙ C + W_fixed)·D gives ∂L/∂W⁺_ij = ∂L/∂W_ij · D_j · φ'(M_ij) · C_ij (0 where C or φ' is 0, so masked
 * and pruned entries stay exactly where they are); α = 1/τ(taus_gaus) (spec kim2019 §2.2) or α itself; plus the
 * L1/L2 weight penalties of {@link Regularisers}. Variables the model options keep fixed get no gradient.
 */
final class Parametrisation {
    private static final double[] NONE = new double[0];

    private Parametrisation() {
    }

    static Gradients gradients(RateNetwork net, double[] dWRec, double[] dWIn, double[] dWOut,
                               double[] dBRec, double[] dBOut, double[] dAlpha, double[] dX0, double objective) {
        ModelOptions o = net.spec.options();
        Regularisers reg = o.regularisers();
        int n = net.n();
        double[] w = raw(dWRec, net.w, net.somMask, net.wFixed, net.recurrentPositivity(), j -> net.sign(j % n));
        double[] wOut = raw(dWOut, net.wOut, net.cOut, net.wOutFixed, net.readoutPositivity(),
                p -> net.readoutPositivity() == Positivity.NONE ? 1.0 : net.sign(p % n));
        double[] wIn = o.trainWIn() ? raw(dWIn, net.wIn, net.cIn, net.wInFixed, net.inputPositivity(), p -> 1.0)
                : NONE;
        double penalty = Regularisers.weightPenalty(reg.l1Rec(), reg.l2Rec(), net.w, w)
                + Regularisers.weightPenalty(reg.l1Out(), reg.l2Out(), net.wOut, wOut)
                + (o.trainWIn() ? Regularisers.weightPenalty(reg.l1In(), reg.l2In(), net.wIn, wIn) : 0.0);
        double[] bOut = o.trainBOut() ? dBOut : new double[dBOut.length];
        return new Gradients(objective + penalty, w, wOut, bOut, alphaParameter(net, dAlpha), wIn,
                o.trainBRec() ? dBRec : NONE, o.trainX0() ? dX0 : NONE);
    }

    /** The sign D belonging to flat index p of a matrix. */
    private interface Sign {
        double of(int p);
    }

    /** ∂L/∂W⁺ = ∂L/∂W · D · φ'(W⁺ ⊙ C + W_fixed) · C. */
    private static double[] raw(double[] dW, double[] w, double[] c, double[] fixed, Positivity phi, Sign sign) {
        double[] out = new double[w.length];
        for (int p = 0; p < w.length; p++) {
            double slope = c[p] == 0 ? 0.0 : phi.derivative(w[p] * c[p] + fixed[p]);
            out[p] = slope == 0 ? 0.0 : dW[p] * sign.of(p) * slope * c[p];
        }
        return out;
    }

    /**
     * ∂L/∂taus_gaus through α = 1/τ, τ = sigmoid(taus_gaus)(max − min) + min (spec kim2019 §2.2); ∂L/∂α itself
     * when α is trained; zeros when α is fixed.
     */
    private static double[] alphaParameter(RateNetwork net, double[] dAlpha) {
        int n = net.n();
        double[] out = new double[n];
        if (net.spec.options().alpha() == AlphaMode.TRAINABLE_ALPHA) {
            System.arraycopy(dAlpha, 0, out, 0, n);
            return out;
        }
        DecayTaus taus = net.spec.taus();
        if (!taus.trainable()) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            double s = 1.0 / (1.0 + Math.exp(-net.tausGaus[i]));
            double tau = taus.tau(net.tausGaus[i]);
            out[i] = dAlpha[i] * (-1.0 / (tau * tau)) * s * (1 - s) * (taus.max() - taus.min());
        }
        return out;
    }
}
