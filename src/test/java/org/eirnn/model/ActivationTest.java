package org.eirnn.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rate nonlinearities of spec §2.2 at chosen points, including the clip at 20, and their derivatives. */
class ActivationTest {

    @Test
    void valuesFollowSpikeRnn() {
        assertEquals(0.5, Activation.SIGMOID.apply(0), 0);
        assertEquals(1 / (1 + Math.exp(-2.5)), Activation.SIGMOID.apply(2.5), 1e-15);
        assertEquals(0.0, Activation.CLIPPED_RELU.apply(-3), 0);
        assertEquals(7.5, Activation.CLIPPED_RELU.apply(7.5), 0);
        assertEquals(20.0, Activation.CLIPPED_RELU.apply(25), 0);
        assertEquals(Math.log(1 + Math.exp(-2)), Activation.SOFTPLUS.apply(-2), 1e-15);
        assertEquals(Math.log(1 + Math.exp(3)), Activation.SOFTPLUS.apply(3), 1e-15);
        assertEquals(Math.log(1 + Math.exp(19.9)), Activation.SOFTPLUS.apply(19.9), 1e-12);
        assertEquals(20.0, Activation.SOFTPLUS.apply(21), 0);
        assertEquals(20.0, Activation.SOFTPLUS.apply(1000), 0);
    }

    @Test
    void derivativesAreZeroWhereTheClipHolds() {
        assertEquals(0.25, Activation.SIGMOID.derivative(0), 1e-15);
        assertEquals(0.0, Activation.CLIPPED_RELU.derivative(-1), 0);
        assertEquals(1.0, Activation.CLIPPED_RELU.derivative(5), 0);
        assertEquals(0.0, Activation.CLIPPED_RELU.derivative(25), 0);
        assertEquals(1 / (1 + Math.exp(-3)), Activation.SOFTPLUS.derivative(3), 1e-15);
        assertEquals(0.0, Activation.SOFTPLUS.derivative(21), 0);
    }

    @Test
    void namesParseCaseInsensitively() {
        assertEquals(Activation.CLIPPED_RELU, Activation.parse("Clipped_ReLU"));
        assertEquals("softplus", Activation.parse("SOFTPLUS").spikeRnnName);
    }
}
