package org.eirnn.plot;

/**
 * Units sorted excitatory first, then inhibitory, each group in index order: how the weight matrix and the raster
 * are drawn so that the E/I blocks are contiguous.
 *
 * @param order      order[rank] = unit index (0-based) drawn at that rank
 * @param excitatory number of excitatory units: ranks 0 … excitatory−1 are E, the rest I
 */
public record EiOrder(int[] order, int excitatory) {

    public static EiOrder of(boolean[] inh) {
        int[] order = new int[inh.length];
        int k = 0;
        for (int i = 0; i < inh.length; i++) {
            if (!inh[i]) {
                order[k++] = i;
            }
        }
        int e = k;
        for (int i = 0; i < inh.length; i++) {
            if (inh[i]) {
                order[k++] = i;
            }
        }
        return new EiOrder(order, e);
    }

    public int n() {
        return order.length;
    }

    public int inhibitory() {
        return order.length - excitatory;
    }

    /** rank[unit]: the inverse of {@link #order}. */
    public int[] ranks() {
        int[] rank = new int[order.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }
}
