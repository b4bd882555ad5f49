package org.eirnn.model;

import org.eirnn.InvalidInputException;

import java.util.Arrays;

/**
 * nn4n's multi-area connectivity (spec peers §3.2, MultiArea/MultiAreaEI) and the multi-layer Dale stack as one of
 * its cases: N units in {@code areas} consecutive, equal areas (the last takes the remainder), each with its own E/I
 * split (the first {@code excFraction} of each area excitatory). {@code density[a][b]} is the probability that a
 * unit of area b projects to a unit of area a (post a, pre b; the diagonal is the within-area density, self-connections
 * allowed as in spikeRNN). Between different areas the switches decide which E/I pairs may connect at all; inhibition
 * is local by default (pycog's mante_areas, "long-range projections are excitatory"). Inputs reach only the units of
 * the input areas; the readout reads only the readout areas' units (and only their E units unless
 * {@code inhibitoryReadout}).
 *
 * @param areas             number of areas (layers)
 * @param density           areas×areas connection probabilities, post × pre
 * @param inputAreas        which areas receive the task inputs
 * @param readoutAreas      which areas feed the readout
 * @param excFraction       excitatory fraction per area (nn4n's exc_pct, 0.8)
 * @param interEE           E→E allowed between areas
 * @param interEI           E→I allowed between areas (E presynaptic, I postsynaptic)
 * @param interIE           I→E allowed between areas
 * @param interII           I→I allowed between areas
 * @param inhibitoryReadout I units may feed the readout
 */
public record Areas(int areas, double[][] density, boolean[] inputAreas, boolean[] readoutAreas, double excFraction,
                    boolean interEE, boolean interEI, boolean interIE, boolean interII, boolean inhibitoryReadout) {

    public Areas {
        InvalidInputException.require(areas >= 1, () -> "--areas " + areas + " is not valid: expected >= 1");
        InvalidInputException.require(density.length == areas && Arrays.stream(density).allMatch(r -> r.length == areas),
                () -> "area densities: expected a " + areas + "×" + areas + " matrix (post × pre)");
        for (double[] row : density) {
            for (double p : row) {
                InvalidInputException.require(p >= 0 && p <= 1,
                        () -> "area density " + p + " is not valid: expected a probability in [0, 1]");
            }
        }
        InvalidInputException.require(inputAreas.length == areas && readoutAreas.length == areas,
                () -> "input and readout areas: expected one flag per area (" + areas + ")");
        InvalidInputException.require(excFraction > 0 && excFraction <= 1,
                () -> "excitatory fraction " + excFraction + " is not valid: expected (0, 1]");
    }

    /**
     * The multi-layer Dale stack: layer l receives the task input (l = 0) or layer l−1's rates (through its E/I-signed
     * weights, density {@code pInter}), each layer recurrent within itself, the readout from the last layer. A layer
     * hears its predecessor one step (Δt) late, the synaptic delay every connection of the rate model has.
     */
    public static Areas layers(int layers, double pInter, double excFraction) {
        double[][] d = new double[layers][layers];
        boolean[] in = new boolean[layers];
        boolean[] out = new boolean[layers];
        for (int l = 0; l < layers; l++) {
            d[l][l] = 1;
            if (l > 0) {
                d[l][l - 1] = pInter;
            }
        }
        in[0] = true;
        out[layers - 1] = true;
        return new Areas(layers, d, in, out, excFraction, true, true, true, true, true);
    }

    /** The area of each of n units (consecutive blocks of ⌊n/areas⌋, the last area takes the remainder). */
    public int[] areaOf(int n) {
        InvalidInputException.require(n >= areas, () -> "N=" + n + " cannot be split into " + areas + " areas");
        int size = n / areas;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = Math.min(i / size, areas - 1);
        }
        return out;
    }

    /** Inhibitory flags: within each area, the units after its first ⌊excFraction·size⌋ are inhibitory. */
    public boolean[] inhibitory(int[] area) {
        boolean[] inh = new boolean[area.length];
        for (int a = 0; a < areas; a++) {
            int first = -1;
            int size = 0;
            for (int i = 0; i < area.length; i++) {
                if (area[i] == a) {
                    first = first < 0 ? i : first;
                    size++;
                }
            }
            int exc = (int) Math.floor(excFraction * size);
            for (int i = first + exc; i < first + size; i++) {
                inh[i] = true;
            }
        }
        return inh;
    }

    /** May pre-unit j (area b) project to post-unit i (area a) at all, by the inter-area E/I switches. */
    boolean allowed(int a, int b, boolean preInh, boolean postInh) {
        if (a == b) {
            return true;
        }
        if (!preInh) {
            return postInh ? interEI : interEE;
        }
        return postInh ? interII : interIE;
    }
}
