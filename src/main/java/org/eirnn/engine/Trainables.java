package org.eirnn.engine;

import org.eirnn.model.RateNetwork;

import java.util.Arrays;

/**
 * The trainable parameters of one network as one flat vector, in the order {@link AdamState} uses: w (N×N, raw),
 * w_out (N), b_out (1), taus_gaus (N). Adam works on this vector; engines pack and unpack with these functions
 * so that the layout lives in one place.
 */
public final class Trainables {
    private Trainables() {
    }

    /** θ of {@code net}. */
    public static double[] pack(RateNetwork net) {
        return concat(net.w, net.wOut, net.bOut, net.tausGaus);
    }

    /** ∂L/∂θ in the same layout. */
    public static double[] pack(Gradients g) {
        return concat(g.w(), g.wOut(), g.bOut(), g.tausGaus());
    }

    /**
     * Where each trainable starts in θ of an N-unit network, then θ's length: w at 0, w_out at N², b_out at N² + N,
     * taus_gaus at N² + N + 1; variable v spans [starts[v], starts[v + 1]).
     */
    public static int[] starts(int n) {
        return new int[] {0, n * n, n * n + n, n * n + n + 1, AdamState.parameterCount(n)};
    }

    /** ∂L/∂θ in this layout back as {@link Gradients}, with the loss they belong to. */
    public static Gradients unpackGradients(double loss, double[] dTheta, int n) {
        int[] s = starts(n);
        return new Gradients(loss, Arrays.copyOfRange(dTheta, s[0], s[1]), Arrays.copyOfRange(dTheta, s[1], s[2]),
                dTheta[s[2]], Arrays.copyOfRange(dTheta, s[3], s[4]));
    }

    /** Writes θ back into the trainable fields of {@code net}; the fixed ones are untouched. */
    public static void unpack(double[] theta, RateNetwork net) {
        int n = net.n();
        System.arraycopy(theta, 0, net.w, 0, n * n);
        System.arraycopy(theta, n * n, net.wOut, 0, n);
        net.bOut = theta[n * n + n];
        System.arraycopy(theta, n * n + n + 1, net.tausGaus, 0, n);
    }

    private static double[] concat(double[] w, double[] wOut, double bOut, double[] tausGaus) {
        int n = wOut.length;
        double[] theta = new double[AdamState.parameterCount(n)];
        System.arraycopy(w, 0, theta, 0, n * n);
        System.arraycopy(wOut, 0, theta, n * n, n);
        theta[n * n + n] = bOut;
        System.arraycopy(tausGaus, 0, theta, n * n + n + 1, n);
        return theta;
    }
}
