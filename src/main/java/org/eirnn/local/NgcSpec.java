package org.eirnn.local;

import org.eirnn.InvalidInputException;

/**
 * The ngc-learn EI-RNN (spec peers §2.1–2.3) and its local learning rule, as numbers: N hidden units of which the
 * last {@code inhibitory} are inhibitory, C input channels and C outputs (next-step prediction of every channel).
 *
 * <p>Parameters of one network are one flat vector θ in this order (ngc-learn's row-vector convention,
 * "inputs·W"): W1 (C×N, input→hidden, {@code [c][i]}), b1 (N), V1 (N×N, {@code [j][i]} from presynaptic j to
 * postsynaptic i, stored ≥ 0 and signed at use by S_j), W1o (N×C, {@code [i][c]}), b1o (C).
 *
 * @param n          hidden units N
 * @param inhibitory how many of them (the last ones) are inhibitory
 * @param channels   input and output channels C
 * @param alpha      α = Δt/τ_x (0.1)
 * @param noisePre   the standard deviation of the pre-activation noise per step, s·σ_pre ({@link LocalNoise})
 * @param sigmaPost  σ_post, the post-activation noise (0.1)
 * @param tauElg     τ_elg in steps (40): the eligibility trace is an EMA with factor 1/τ_elg per step
 * @param lr         Adam's η (2e-4)
 * @param beta1      Adam's β1 (0.9)
 * @param beta2      Adam's β2 (0.999)
 * @param epsilon    Adam's ε (1e-8)
 * @param initMax    initial W1, V1, W1o ~ U(0, initMax) (0.02)
 */
public record NgcSpec(int n, int inhibitory, int channels, double alpha, double noisePre, double sigmaPost,
                      double tauElg, double lr, double beta1, double beta2, double epsilon, double initMax) {
    /** ngc-learn's step, 10 ms (τ_x = 100 ms gives α = 0.1). */
    public static final double DT_MS = 10.0;

    public NgcSpec {
        InvalidInputException.require(n >= 1 && n <= 4096, () -> "--N " + n + " is not valid for --model ngc-eirnn: "
                + "expected 1 to 4096 units");
        InvalidInputException.require(inhibitory >= 0 && inhibitory <= n,
                () -> inhibitory + " inhibitory units is not valid: expected 0 to N = " + n);
        InvalidInputException.require(channels >= 1 && channels <= 256,
                () -> "a series of " + channels + " channels is not valid: expected 1 to 256");
        InvalidInputException.require(alpha > 0 && alpha <= 1, () -> "alpha " + alpha + " is not valid: expected "
                + "(0, 1] (--decay_taus tau >= 1 step)");
        InvalidInputException.require(tauElg >= 1 && Double.isFinite(tauElg),
                () -> "--tau-elg " + tauElg + " is not valid: expected a number of steps >= 1");
        InvalidInputException.require(noisePre >= 0 && sigmaPost >= 0 && Double.isFinite(noisePre + sigmaPost),
                () -> "noise SDs must be finite and >= 0");
        InvalidInputException.require(lr > 0 && Double.isFinite(lr), () -> "--lr " + lr + " is not valid: expected "
                + "a positive learning rate");
        InvalidInputException.require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0,
                () -> "Adam's betas must be in [0, 1) and epsilon > 0");
        InvalidInputException.require(initMax >= 0 && Double.isFinite(initMax),
                () -> "init range " + initMax + " is not valid: expected >= 0");
    }

    /** ngc-learn's exhibit: 10 units, 8 E + 2 I, α 0.1, σ_pre 0.1 in the continuous form, σ_post 0.1, τ_elg 40. */
    public static NgcSpec exhibit(int channels) {
        return of(10, 2, channels, 0.1, 0.1, LocalNoise.CONTINUOUS, 0.1, 40, 2e-4);
    }

    /** A spec from the user's numbers, with Adam's β 0.9/0.999, ε 1e-8 and the U(0, 0.02) initialisation. */
    public static NgcSpec of(int n, int inhibitory, int channels, double alpha, double sigmaPre, LocalNoise form,
                             double sigmaPost, double tauElg, double lr) {
        return new NgcSpec(n, inhibitory, channels, alpha, form.scale(alpha, DT_MS) * sigmaPre, sigmaPost, tauElg,
                lr, 0.9, 0.999, 1e-8, 0.02);
    }

    /** The same network and rule without noise (hand computations, tests). */
    public NgcSpec noiseless() {
        return new NgcSpec(n, inhibitory, channels, alpha, 0, 0, tauElg, lr, beta1, beta2, epsilon, initMax);
    }

    /** S_j: +1 for an excitatory presynaptic unit, −1 for an inhibitory one (the last {@link #inhibitory}). */
    public double sign(int j) {
        return j >= n - inhibitory ? -1.0 : 1.0;
    }

    public int w1(int c, int i) {
        return c * n + i;
    }

    public int b1(int i) {
        return channels * n + i;
    }

    public int v1(int j, int i) {
        return channels * n + n + j * n + i;
    }

    public int w1o(int i, int c) {
        return channels * n + n + n * n + i * channels + c;
    }

    public int b1o(int c) {
        return channels * n + n + n * n + n * channels + c;
    }

    /** The length of θ. */
    public int parameters() {
        return b1o(channels);
    }

    /** True for the entries kept ≥ 0 by projection: W1, V1 and W1o (not the biases). */
    public boolean projected(int p) {
        return p < b1(0) || (p >= v1(0, 0) && p < b1o(0));
    }
}
