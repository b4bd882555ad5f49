package org.eirnn.model;

import org.eirnn.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The masks {@link Areas} generates (spec peers §3.2) and nn4n's E/I balancing, against counts and hand numbers. */
class StructureTest {

    private static NetworkSpec spec(int n, int inputs) {
        return new NetworkSpec(n, inputs, 0.2, 1.0, 0, 1.5, WeightDistribution.GAUS, true, Activation.SIGMOID,
                DecayTaus.range(4, 20));
    }

    @Test
    void areasSplitUnitsAndEiPerArea() {
        Areas a = Areas.layers(3, 0.5, 0.8);
        int[] area = a.areaOf(31);
        assertEquals(0, area[0]);
        assertEquals(1, area[10]);
        assertEquals(2, area[30], "the last area takes the remainder");
        boolean[] inh = a.inhibitory(area);
        assertTrue(!inh[7] && inh[8] && inh[9], "area 0 (10 units): units 8 and 9 inhibitory");
        assertTrue(!inh[27] && inh[28] && inh[30], "area 2 (11 units): ⌊0.8·11⌋ = 8 excitatory");
    }

    @Test
    void layerStackConnectsOnlyConsecutiveLayersAtTheGivenDensity() {
        int n = 400;
        Structure s = Structure.generate(Areas.layers(2, 0.3, 0.8), spec(n, 2), 3, 0, null, false);
        int forward = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double c = s.cRec()[i * n + j];
                boolean sameLayer = (i < 200) == (j < 200);
                if (sameLayer) {
                    assertEquals(1.0, c, 0.0, "within a layer: density 1");
                } else if (i < 200) {
                    assertEquals(0.0, c, 0.0, "no feedback from layer 2 to layer 1");
                } else {
                    forward += (int) c;
                }
            }
        }
        double p = forward / (200.0 * 200.0);
        assertEquals(0.3, p, 5 * Math.sqrt(0.3 * 0.7 / 40000), "layer 1 → 2 density");
        for (int i = 0; i < n; i++) {
            assertEquals(i < 200 ? 1.0 : 0.0, s.cIn()[i * 2], 0.0, "inputs reach layer 1 only");
            assertEquals(i < 200 ? 0.0 : 1.0, s.cOut()[i], 0.0, "readout from layer 2 only (E and I)");
        }
    }

    @Test
    void interAreaSwitchesKeepInhibitionLocalAndReadoutExcitatory() {
        int n = 100;
        double[][] d = {{1, 1}, {1, 1}};
        Areas a = new Areas(2, d, new boolean[] {true, false}, new boolean[] {false, true}, 0.8, true, false, false,
                false, false);
        Structure s = Structure.generate(a, spec(n, 1), 3, 0, null, false);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean same = (i < 50) == (j < 50);
                boolean expected = same || (!s.inh()[j] && !s.inh()[i]);
                assertEquals(expected ? 1.0 : 0.0, s.cRec()[i * n + j], 0.0, "entry " + i + "," + j);
            }
            assertEquals(i >= 50 && !s.inh()[i] ? 1.0 : 0.0, s.cOut()[i], 0.0, "readout from area 2's E units");
        }
    }

    @Test
    void applyZeroesMaskedWeightsAndSetsAreaTaus() {
        NetworkSpec spec = spec(20, 1);
        Structure s = Structure.generate(Areas.layers(2, 0.5, 0.8), spec, 3, 0, new double[] {6, 15}, false);
        RateNetwork net = s.apply(NetworkInit.draw(spec, 3, 0));
        for (int p = 0; p < 400; p++) {
            if (s.cRec()[p] == 0) {
                assertEquals(0.0, net.w[p], 0.0);
                assertEquals(0.0, net.somMask[p], 0.0);
            }
        }
        double[] tau = net.tau();
        assertEquals(6.0, tau[0], 1e-12);
        assertEquals(15.0, tau[19], 1e-12);
        assertThrows(InvalidInputException.class, () -> new Structure(s.area(), s.inh(), s.cRec(), s.cIn(),
                s.cOut(), new double[] {3, 15}, false).apply(NetworkInit.draw(spec, 3, 0)), "τ outside [4, 20]");
    }

    @Test
    void balancingScalesTheLargerSideDownToTheSmaller() {
        NetworkSpec spec = new NetworkSpec(3, 0, 0.2, 1.0, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.SIGMOID, DecayTaus.single(4));
        RateNetwork net = NetworkInit.draw(spec, 1, 0);
        double[] w = {0, 1, 2, 3, 0, 1, 4, 1, 0};   // pre unit 2 inhibitory: column 2 negative
        System.arraycopy(w, 0, net.w, 0, 9);
        java.util.Arrays.fill(net.somMask, 1.0);
        net.inh[0] = false;
        net.inh[1] = false;
        net.inh[2] = true;
        Structure.balanceExcitationInhibition(net);
        // E total = 1+3+4+1 = 9, |I| total = 2+1 = 3: E weights × 3/9, I weights unchanged
        double[] want = {0, 1.0 / 3, 2, 1, 0, 1, 4.0 / 3, 1.0 / 3, 0};
        for (int p = 0; p < 9; p++) {
            assertEquals(want[p], net.w[p], 1e-15, "entry " + p);
        }
    }
}
