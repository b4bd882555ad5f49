package org.eirnn.task.pycog;

import org.eirnn.model.PycogConnectivity;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;

/**
 * The connection structures of pycog's tasks (spec peers §1.7), as C matrices whose values are masks and initial
 * scales ({@link PycogConnectivity}). E/I by index: the first ⌊0.8·N⌋ units are excitatory. In every C_rec the
 * inhibitory entries of a row are scaled so that the row is E/I-balanced and each row then has unit L2 norm, as
 * pycog does. Random structures draw from the INIT stream keyed by pycog's fixed structure seed (network 0, counter
 * trial word {@value #STRUCTURE_TRIAL}, step = row, unit = column; PycogInit's weights use trial word 0), so the
 * structure is the same for every network, as pycog's seeded RandomState makes it; the bits are eirnn's.
 */
public final class Structures {
    static final int STRUCTURE_TRIAL = 1;

    private Structures() {
    }

    static int excitatory(int n) {
        return (int) Math.floor(0.8 * n);
    }

    /**
     * rdm_fixed: E units 0…E/4−1 form pool 1 (input 0, output 0), E/4…E/2−1 pool 2 (input 1, output 1), the rest of E
     * is non-selective. A pool unit receives from its own pool (no autapse), the non-selective E units and every I
     * unit; non-selective E units receive from all E (no autapse) and all I; I units from all units (no autapse).
     */
    public static PycogConnectivity rdmFixed(int n) {
        int ne = excitatory(n);
        int pool = ne / 4;
        double[] cIn = new double[n * 2];
        double[] cRec = new double[n * n];
        double[] cOut = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int group = i < pool ? 0 : i < 2 * pool ? 1 : i < ne ? 2 : 3;
            if (group < 2) {
                cIn[i * 2 + group] = 1;
                cOut[group * n + i] = 1;
            }
            for (int j = 0; j < ne; j++) {
                int from = j < pool ? 0 : j < 2 * pool ? 1 : 2;
                boolean connected = group >= 2 || from == group || from == 2;
                cRec[i * n + j] = connected && j != i ? 1 : 0;
            }
            fillInhibitory(cRec, n, i, ne, ne, n);
        }
        return new PycogConnectivity(cIn, normaliseRows(cRec, n), cOut);
    }

    /**
     * mante_areas: a sensory area (first half of E and first half of I, the only units that receive input) and a
     * motor area (second halves). Motor E and I units receive from all E units; sensory units from sensory E, and from
     * motor E each with probability 0.2 (pycog's seed 1000); inhibition stays within an area. Every E unit, sensory
     * or motor, is read out: pycog's mante_areas.py sets Cout[:, EXC] = 1 (spec peers §1.7 says motor E only; we follow
     * the source, which is what pycog trained).
     */
    public static PycogConnectivity manteAreas(int n, int inputs, int outputs) {
        int ne = excitatory(n);
        int eHalf = ne / 2;
        int iHalf = ne + (n - ne) / 2;
        RandomKey rng = new RandomKey(1000, 0, RandomStream.INIT);
        double[] cIn = new double[n * inputs];
        double[] cRec = new double[n * n];
        double[] cOut = new double[outputs * n];
        for (int i = 0; i < n; i++) {
            boolean sensory = i < eHalf || (i >= ne && i < iHalf);
            for (int c = 0; c < inputs && sensory; c++) {
                cIn[i * inputs + c] = 1;
            }
            for (int c = 0; c < outputs && i < ne; c++) {
                cOut[c * n + i] = 1;
            }
            for (int j = 0; j < ne; j++) {
                double v = !sensory || j < eHalf ? 1 : rng.uniform(STRUCTURE_TRIAL, i, j) < 0.2 ? 1 : 0;
                cRec[i * n + j] = j == i ? 0 : v;
            }
            fillInhibitory(cRec, n, i, ne, sensory ? ne : iHalf, sensory ? iHalf : n);
        }
        return new PycogConnectivity(cIn, normaliseRows(cRec, n), cOut);
    }

    /**
     * multisensory: visual inputs (channels 0 and 2) reach only the first third of E and of I, auditory inputs
     * (1 and 3) only the second third. As in pycog's C_in, the start cue (channel 4) reaches no unit.
     */
    public static PycogConnectivity multisensory(int n, int inputs) {
        int ne = excitatory(n);
        int ni = n - ne;
        double[] cIn = new double[n * inputs];
        for (int i = 0; i < n; i++) {
            int rank = i < ne ? i : i - ne;
            int size = i < ne ? ne : ni;
            int third = rank < size / 3 ? 0 : rank < size * 2 / 3 ? 1 : 2;
            if (third < 2) {
                cIn[i * inputs + third] = 1;       // visual+ (0) or auditory+ (1)
                cIn[i * inputs + 2 + third] = 1;   // visual− (2) or auditory− (3)
            }
        }
        return new PycogConnectivity(cIn, null, null);
    }

    /**
     * pycog's generate_Crec: each E entry present with probability pExc, each I entry with pInh (no autapses), the I
     * entries of a row scaled to the row's E sum, rows normalised (romo: 0.1, 0.5, seed 1066).
     */
    public static PycogConnectivity sparseRecurrent(int n, double pExc, double pInh, long seed) {
        int ne = excitatory(n);
        RandomKey rng = new RandomKey(seed, 0, RandomStream.INIT);
        double[] cRec = new double[n * n];
        for (int i = 0; i < n; i++) {
            double eSum = 0;
            double iCount = 0;
            for (int j = 0; j < n; j++) {
                boolean on = j != i && rng.uniform(STRUCTURE_TRIAL, i, j) < (j < ne ? pExc : pInh);
                cRec[i * n + j] = on ? 1 : 0;
                eSum += on && j < ne ? 1 : 0;
                iCount += on && j >= ne ? 1 : 0;
            }
            for (int j = ne; j < n && iCount > 0; j++) {
                cRec[i * n + j] *= eSum / iCount;
            }
        }
        return new PycogConnectivity(null, normaliseRows(cRec, n), null);
    }

    /**
     * Row i's inhibitory columns [from, to) set to (row's E sum)/(number of those columns other than i), 0 elsewhere
     * among I columns and at the autapse.
     */
    private static void fillInhibitory(double[] c, int n, int i, int ne, int from, int to) {
        double eSum = 0;
        for (int j = 0; j < ne; j++) {
            eSum += c[i * n + j];
        }
        int count = to - from - (i >= from && i < to ? 1 : 0);
        for (int j = ne; j < n; j++) {
            c[i * n + j] = j >= from && j < to && j != i && count > 0 ? eSum / count : 0;
        }
    }

    /** Every row scaled to unit L2 norm (rows of zeros stay zero). */
    static double[] normaliseRows(double[] c, int n) {
        for (int i = 0; i < n; i++) {
            double norm2 = 0;
            for (int j = 0; j < n; j++) {
                norm2 += c[i * n + j] * c[i * n + j];
            }
            for (int j = 0; j < n && norm2 > 0; j++) {
                c[i * n + j] /= Math.sqrt(norm2);
            }
        }
        return c;
    }
}
