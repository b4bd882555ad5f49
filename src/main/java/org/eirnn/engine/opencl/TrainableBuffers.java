package org.eirnn.engine.opencl;

import org.eirnn.engine.Trainables;
import org.eirnn.model.NetworkSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One value per trainable scalar of every network, on the device, one buffer per variable of
 * {@link Trainables}' θ in its order: w [k][i][j], w_out [k][i], b_out [k], taus_gaus [k][i], then w_in [k][i][c],
 * b_rec [k][i] and x0 [k][i] only when the model options train them (null otherwise). The session's parameters, their
 * gradients and the two Adam moments all use this layout, so Adam runs element-wise on matching buffers.
 * {@link #readPacked}/{@link #writePacked} convert to the host's per-network θ vectors.
 */
final class TrainableBuffers implements AutoCloseable {
    private final List<ClBuffer.Floats> parts;
    private final int[] lengths;

    /** @param parts the seven variables in θ's order, null for those the spec does not train */
    TrainableBuffers(NetworkSpec spec, List<ClBuffer.Floats> parts) {
        this.lengths = partLengths(spec);
        this.parts = new ArrayList<>(parts);
        for (int p = 0; p < lengths.length; p++) {
            if ((lengths[p] == 0) != (parts.get(p) == null)) {
                throw new IllegalArgumentException("trainable part " + p + " does not match the spec");
            }
        }
    }

    /** Allocates zero-filled buffers for {@code networks} networks of {@code spec}; the caller owns them. */
    static TrainableBuffers zeros(ClContext cl, int networks, NetworkSpec spec) {
        List<ClBuffer.Floats> parts = new ArrayList<>();
        try {
            for (int length : partLengths(spec)) {
                parts.add(length == 0 ? null : cl.floats(new float[networks * length]));
            }
        } catch (RuntimeException e) {
            closeAll(parts);
            throw e;
        }
        return new TrainableBuffers(spec, parts);
    }

    ClBuffer.Floats w() {
        return parts.get(0);
    }

    ClBuffer.Floats wOut() {
        return parts.get(1);
    }

    ClBuffer.Floats bOut() {
        return parts.get(2);
    }

    ClBuffer.Floats tausGaus() {
        return parts.get(3);
    }

    /** w_in, b_rec, x0: null when not trained. */
    ClBuffer.Floats wIn() {
        return parts.get(4);
    }

    ClBuffer.Floats bRec() {
        return parts.get(5);
    }

    ClBuffer.Floats x0() {
        return parts.get(6);
    }

    /** The seven buffers in θ's order (null where absent). */
    List<ClBuffer.Floats> parts() {
        return parts;
    }

    /** Per-network length of each part (0 where absent). */
    int[] lengths() {
        return lengths.clone();
    }

    static int[] partLengths(NetworkSpec spec) {
        int[] starts = Trainables.starts(spec);
        int[] out = new int[starts.length - 1];
        for (int p = 0; p < out.length; p++) {
            out[p] = starts[p + 1] - starts[p];
        }
        return out;
    }

    /** Reads all parts; row k is network k's θ. */
    double[][] readPacked(int networks) {
        double[][] out = new double[networks][Arrays.stream(lengths).sum()];
        int offset = 0;
        for (int p = 0; p < lengths.length; p++) {
            if (lengths[p] == 0) {
                continue;
            }
            float[] all = parts.get(p).readAll();
            for (int k = 0; k < networks; k++) {
                for (int e = 0; e < lengths[p]; e++) {
                    out[k][offset + e] = all[k * lengths[p] + e];
                }
            }
            offset += lengths[p];
        }
        return out;
    }

    /** Writes row k of {@code packed} (θ's order) as network k's values. */
    void writePacked(double[][] packed) {
        int offset = 0;
        for (int p = 0; p < lengths.length; p++) {
            if (lengths[p] == 0) {
                continue;
            }
            float[] all = new float[packed.length * lengths[p]];
            for (int k = 0; k < packed.length; k++) {
                for (int e = 0; e < lengths[p]; e++) {
                    all[k * lengths[p] + e] = (float) packed[k][offset + e];
                }
            }
            parts.get(p).write(all);
            offset += lengths[p];
        }
    }

    @Override
    public void close() {
        closeAll(parts);
    }

    private static void closeAll(List<ClBuffer.Floats> buffers) {
        for (ClBuffer.Floats b : buffers) {
            if (b != null) {
                b.close();
            }
        }
    }
}
