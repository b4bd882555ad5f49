package org.eirnn.task.pycog;

import org.eirnn.model.PycogConnectivity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection structures of spec peers §1.7: who connects to whom, E/I balance per row, unit row norms. */
class StructuresTest {

    /** Every row has unit L2 norm and equal E and I sums (pycog's balancing; I columns from ne on). */
    private static void assertBalancedRows(double[] c, int n, int ne) {
        for (int i = 0; i < n; i++) {
            double norm2 = 0;
            double e = 0;
            double inh = 0;
            for (int j = 0; j < n; j++) {
                norm2 += c[i * n + j] * c[i * n + j];
                e += j < ne ? c[i * n + j] : 0;
                inh += j >= ne ? c[i * n + j] : 0;
            }
            assertEquals(1, norm2, 1e-12, "row " + i);
            assertEquals(e, inh, 1e-12, "row " + i + " balance");
            assertEquals(0, c[i * n + i], "autapse " + i);
        }
    }

    @Test
    void rdmFixedPoolsAreSelectiveAndNotInterconnected() {
        PycogConnectivity s = Structures.rdmFixed(100);
        double[] c = s.cRec();
        assertBalancedRows(c, 100, 80);
        assertTrue(c[0 * 100 + 1] > 0);      // pool 1 → pool 1
        assertEquals(0, c[0 * 100 + 20]);    // pool 2 ↛ pool 1
        assertEquals(0, c[20 * 100 + 19]);   // pool 1 ↛ pool 2
        assertTrue(c[0 * 100 + 40] > 0);     // non-selective → pool 1
        assertTrue(c[50 * 100 + 0] > 0);     // pool 1 → non-selective
        assertTrue(c[90 * 100 + 85] > 0);    // I → I
        assertEquals(1, s.cIn()[0 * 2]);
        assertEquals(0, s.cIn()[0 * 2 + 1]);
        assertEquals(1, s.cIn()[25 * 2 + 1]);
        assertEquals(0, s.cIn()[50 * 2] + s.cIn()[50 * 2 + 1] + s.cIn()[85 * 2]);
        assertEquals(1, s.cOut()[0 * 100 + 19]);
        assertEquals(0, s.cOut()[0 * 100 + 20]);
        assertEquals(1, s.cOut()[100 + 39]);
        assertEquals(0, s.cOut()[100 + 40]);
    }

    @Test
    void manteAreasSensoryAndMotor() {
        int n = 150;
        PycogConnectivity s = Structures.manteAreas(n, 6, 2);
        double[] c = s.cRec();
        assertBalancedRows(c, n, 120);
        int present = 0;
        int draws = 0;
        for (int i = 0; i < n; i++) {
            boolean sensory = i < 60 || (i >= 120 && i < 135);
            assertEquals(sensory ? 6 : 0, java.util.Arrays.stream(s.cIn(), i * 6, i * 6 + 6).sum(), "C_in row " + i);
            for (int j = 0; j < n; j++) {
                boolean sensoryJ = j < 60 || (j >= 120 && j < 135);
                if (j >= 120 && sensory != sensoryJ) {
                    assertEquals(0, c[i * n + j], "inhibition crosses areas at " + i + "," + j);
                }
                if (!sensory && j < 120 && j != i) {
                    assertTrue(c[i * n + j] > 0, "motor row " + i + " lacks E input " + j);
                }
                if (sensory && j >= 60 && j < 120) {
                    present += c[i * n + j] > 0 ? 1 : 0;
                    draws++;
                }
            }
            for (int o = 0; o < 2; o++) {
                assertEquals(i < 120 ? 1 : 0, s.cOut()[o * n + i], "readout from every E unit, as pycog's Cout");
            }
        }
        TrialChecks.assertProportion(present, draws, 0.2);
    }

    @Test
    void multisensoryInputsReachTheirThirds() {
        PycogConnectivity s = Structures.multisensory(150, 5);
        double[] cIn = s.cIn();
        for (int i = 0; i < 150; i++) {
            boolean visual = i < 40 || (i >= 120 && i < 130);
            boolean auditory = (i >= 40 && i < 80) || (i >= 130 && i < 140);
            assertEquals(visual ? 1 : 0, cIn[i * 5]);
            assertEquals(visual ? 1 : 0, cIn[i * 5 + 2]);
            assertEquals(auditory ? 1 : 0, cIn[i * 5 + 1]);
            assertEquals(auditory ? 1 : 0, cIn[i * 5 + 3]);
            assertEquals(0, cIn[i * 5 + 4]);
        }
        assertEquals(null, s.cRec());
    }

    @Test
    void romoSparseRecurrentDensities() {
        int n = 500;
        double[] c = Structures.sparseRecurrent(n, 0.1, 0.5, 1066).cRec();
        assertBalancedRows(c, n, 400);
        int e = 0;
        int in = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    e += j < 400 && c[i * n + j] > 0 ? 1 : 0;
                    in += j >= 400 && c[i * n + j] > 0 ? 1 : 0;
                }
            }
        }
        TrialChecks.assertProportion(e, 500 * 400 - 400, 0.1);
        TrialChecks.assertProportion(in, 500 * 100 - 100, 0.5);
        // the structure is the task's, not the network's: the same on every call
        assertTrue(java.util.Arrays.equals(c, Structures.sparseRecurrent(n, 0.1, 0.5, 1066).cRec()));
    }
}
