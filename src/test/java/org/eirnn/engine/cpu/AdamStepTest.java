package org.eirnn.engine.cpu;

import org.eirnn.engine.AdamConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class AdamStepTest {

    /**
     * Two TF1 Adam steps worked by hand (lr 0.01, β 0.9/0.999, ε 1e-8). Step 1: lr_1 = 0.01·√0.001/0.1,
     * m = 0.1·g, √v = √0.001·|g|, so θ moves by ≈ lr = 0.01 against the gradient sign (0.99000000632… for g = 0.5:
     * ε shows in the 9th digit). Step 2: lr_2 = 0.01·√(1−0.999²)/(1−0.9²), m = 0.9·m + 0.1·g, v = 0.999·v + 0.001·g².
     * A parameter whose gradient stays 0 does not move.
     */
    @Test
    void twoStepsMatchHandComputation() {
        double[] theta = {1.0, -2.0, 0.5};
        double[] m = new double[3];
        double[] v = new double[3];
        AdamStep.apply(AdamConfig.SPIKERNN, 1, theta, new double[] {0.5, -1e-3, 0.0}, m, v);
        assertArrayEquals(new double[] {0.05, -1e-4, 0.0}, m, 1e-16);
        assertArrayEquals(new double[] {2.5e-4, 1e-9, 0.0}, v, 1e-18);
        assertArrayEquals(new double[] {0.9900000063245513, -1.9900031612779763, 0.5}, theta, 1e-15);
        AdamStep.apply(AdamConfig.SPIKERNN, 2, theta, new double[] {-0.2, 0.3, 0.0}, m, v);
        assertArrayEquals(new double[] {0.025, 0.02991, 0.0}, m, 1e-16);
        assertArrayEquals(new double[] {2.8975e-4, 9.0000999e-05, 0.0}, v, 1e-18);
        assertArrayEquals(new double[] {0.986543949875767, -1.9974221564133228, 0.5}, theta, 1e-15);
    }
}
