package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamState;

import java.util.List;

/**
 * One value per trainable scalar of every network, on the device: w [k][i][j], w_out [k][i], b_out [k],
 * taus_gaus [k][i]. The session's parameters, their gradients and the two Adam moments all use this layout, so
 * Adam runs element-wise on matching buffers. {@link #readPacked}/{@link #writePacked} convert to the host's
 * per-network vectors in the order of {@link AdamState} and {@link org.eirnn.engine.Trainables}.
 */
record TrainableBuffers(ClBuffer.Floats w, ClBuffer.Floats wOut, ClBuffer.Floats bOut, ClBuffer.Floats tausGaus)
        implements AutoCloseable {

    /** Allocates zero-filled buffers for {@code networks} networks of {@code n} units; the caller owns them. */
    static TrainableBuffers zeros(ClContext cl, int networks, int n) {
        return new TrainableBuffers(cl.floats(new float[networks * n * n]), cl.floats(new float[networks * n]),
                cl.floats(new float[networks]), cl.floats(new float[networks * n]));
    }

    /** The four buffers in the packed order. */
    List<ClBuffer.Floats> parts() {
        return List.of(w, wOut, bOut, tausGaus);
    }

    /** Per-network length of each part: N², N, 1, N. */
    static int[] partLengths(int n) {
        return new int[] {n * n, n, 1, n};
    }

    /** Reads all parts; row k is network k's values in the packed order. */
    double[][] readPacked(int networks, int n) {
        double[][] out = new double[networks][AdamState.parameterCount(n)];
        int[] lengths = partLengths(n);
        int offset = 0;
        for (int p = 0; p < lengths.length; p++) {
            float[] all = parts().get(p).readAll();
            for (int k = 0; k < networks; k++) {
                for (int e = 0; e < lengths[p]; e++) {
                    out[k][offset + e] = all[k * lengths[p] + e];
                }
            }
            offset += lengths[p];
        }
        return out;
    }

    /** Writes row k of {@code packed} (packed order) as network k's values. */
    void writePacked(double[][] packed, int n) {
        int[] lengths = partLengths(n);
        int offset = 0;
        for (int p = 0; p < lengths.length; p++) {
            float[] all = new float[packed.length * lengths[p]];
            for (int k = 0; k < packed.length; k++) {
                for (int e = 0; e < lengths[p]; e++) {
                    all[k * lengths[p] + e] = (float) packed[k][offset + e];
                }
            }
            parts().get(p).write(all);
            offset += lengths[p];
        }
    }

    @Override
    public void close() {
        for (ClBuffer.Floats b : parts()) {
            b.close();
        }
    }
}
