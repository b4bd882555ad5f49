package org.eirnn.engine;

import org.eirnn.model.ModelOptions;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;

import java.util.Arrays;

/**
 * The trainable parameters of one network as one flat vector θ, in the order {@link AdamState} uses: w (N×N, raw),
 * w_out (N_out×N), b_out (N_out), taus_gaus (N), then, only when the model options train them, w_in (N×N_in),
 * b_rec (N) and x0 (N). For spikeRNN's model that is w, w_out, b_out, taus_gaus (N² + 2N + 1 values). The optimisers
 * work on this vector; engines pack and unpack with these functions so that the layout lives in one place.
 */
public final class Trainables {
    private Trainables() {
    }

    /** θ of {@code net}. */
    public static double[] pack(RateNetwork net) {
        ModelOptions o = net.spec.options();
        return concat(net.w, net.wOut, net.bOut, net.tausGaus, o.trainWIn() ? net.wIn : new double[0],
                o.trainBRec() ? net.bRec : new double[0], o.trainX0() ? net.x0 : new double[0]);
    }

    /** ∂L/∂θ in the same layout. */
    public static double[] pack(Gradients g) {
        return concat(g.w(), g.wOut(), g.bOut(), g.tausGaus(), g.wIn(), g.bRec(), g.x0());
    }

    /** Where each variable starts in θ of a spikeRNN network of N units (see {@link #starts(NetworkSpec)}). */
    public static int[] starts(int n) {
        return new int[] {0, n * n, n * n + n, n * n + n + 1, AdamState.parameterCount(n)};
    }

    /**
     * Where each variable starts in θ, then θ's length: variable v spans [starts[v], starts[v + 1]) in the order
     * w, w_out, b_out, taus_gaus, w_in, b_rec, x0 (absent ones span nothing).
     */
    public static int[] starts(NetworkSpec spec) {
        int[] sizes = sizes(spec);
        int[] out = new int[sizes.length + 1];
        for (int v = 0; v < sizes.length; v++) {
            out[v + 1] = out[v] + sizes[v];
        }
        return out;
    }

    private static int[] sizes(NetworkSpec spec) {
        int n = spec.n();
        ModelOptions o = spec.options();
        return new int[] {n * n, spec.outputs() * n, spec.outputs(), n, o.trainWIn() ? n * spec.inputs() : 0,
            o.trainBRec() ? n : 0, o.trainX0() ? n : 0};
    }

    /** ∂L/∂θ of a spikeRNN network of N units back as {@link Gradients}. */
    public static Gradients unpackGradients(double loss, double[] dTheta, int n) {
        int[] s = starts(n);
        return new Gradients(loss, Arrays.copyOfRange(dTheta, s[0], s[1]), Arrays.copyOfRange(dTheta, s[1], s[2]),
                dTheta[s[2]], Arrays.copyOfRange(dTheta, s[3], s[4]));
    }

    /** ∂L/∂θ in this layout back as {@link Gradients}, with the loss they belong to. */
    public static Gradients unpackGradients(double loss, double[] dTheta, NetworkSpec spec) {
        int[] s = starts(spec);
        double[][] v = new double[7][];
        for (int k = 0; k < 7; k++) {
            v[k] = Arrays.copyOfRange(dTheta, s[k], s[k + 1]);
        }
        return new Gradients(loss, v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    }

    /** Writes θ back into the trainable fields of {@code net}; the fixed ones are untouched. */
    public static void unpack(double[] theta, RateNetwork net) {
        int[] s = starts(net.spec);
        double[][] into = {net.w, net.wOut, net.bOut, net.tausGaus, net.wIn, net.bRec, net.x0};
        for (int v = 0; v < into.length; v++) {
            System.arraycopy(theta, s[v], into[v], 0, s[v + 1] - s[v]);
        }
    }

    private static double[] concat(double[]... parts) {
        int length = 0;
        for (double[] p : parts) {
            length += p.length;
        }
        double[] theta = new double[length];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, theta, at, p.length);
            at += p.length;
        }
        return theta;
    }
}
