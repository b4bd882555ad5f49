package org.eirnn.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pycog's SGD step (spec peers §1.5): global-norm clipping and the NaN/Inf safeguard. */
class SgdConfigTest {
    static final double[] THETA = {0.5, -0.2, 0.3, 0.1, 0.7, -0.4};
    static final int RECURRENT = 4;

    @Test
    void clipsTheGlobalNormAtC() {
        double[] theta = THETA.clone();
        double[] grad = {3, 0, 0, 0, 4, 0};   // ‖g‖ = 5 → scaled to norm 1
        double norm = new SgdConfig(0.1, 1.0).apply(theta, grad, RECURRENT);
        assertEquals(5.0, norm, 0.0);
        double[] expected = THETA.clone();
        expected[0] -= 0.1 * 0.6;
        expected[4] -= 0.1 * 0.8;
        assertArrayEquals(expected, theta, 1e-15);
    }

    @Test
    void smallGradientsPassUnclipped() {
        double[] theta = THETA.clone();
        double[] grad = {0.1, 0.2, 0, 0, 0, -0.3};
        new SgdConfig(0.01, 1.0).apply(theta, grad, RECURRENT);
        for (int p = 0; p < theta.length; p++) {
            assertEquals(THETA[p] - 0.01 * grad[p], theta[p], 0.0);
        }
    }

    @ParameterizedTest(name = "bad entry {0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 2e10})
    void unusableNormsShrinkTheRecurrentWeightsAndLeaveTheRest(double bad) {
        double[] theta = THETA.clone();
        double[] grad = {0.1, bad, 0.2, 0, 0.3, 0.4};
        new SgdConfig(0.01, 1.0).apply(theta, grad, RECURRENT);
        for (int p = 0; p < theta.length; p++) {
            double expected = p < RECURRENT ? THETA[p] - 0.01 * 0.02 * THETA[p] : THETA[p];
            assertEquals(expected, theta[p], 0.0, "entry " + p);
        }
    }

    @Test
    void theBoundIsPycogs() {
        assertTrue(SgdConfig.usable(0));
        assertTrue(SgdConfig.usable(1e10));
        assertFalse(SgdConfig.usable(1.0000001e10));
        assertFalse(SgdConfig.usable(-1));
        assertFalse(SgdConfig.usable(Double.NaN));
    }
}
