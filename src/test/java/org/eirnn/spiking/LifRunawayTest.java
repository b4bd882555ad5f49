package org.eirnn.spiking;

import org.eirnn.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 item 5: a LIF result whose readout ran away (non-finite) is refused in one line, not scored. */
class LifRunawayTest {
    @Test
    void aNonFiniteReadoutIsARunaway() {
        var e = assertThrows(InvalidInputException.class, () -> new LifResult(10, 2, new double[] {0.5,
            Double.POSITIVE_INFINITY}, new double[] {0.1, 0.2}, new int[4], null, null, null));
        assertTrue(e.getMessage().contains("ran away in trial 1"), e.getMessage());
        new LifResult(10, 2, new double[] {0.5}, new double[] {0.1}, new int[2], null, null, null);
        new LifResult(10, 2, new double[] {Double.NEGATIVE_INFINITY}, new double[] {Double.POSITIVE_INFINITY},
                new int[2], null, null, null);   // an empty scoring window is no runaway
        assertThrows(InvalidInputException.class, () -> new LifResult(10, 2, new double[] {Double.NaN},
                new double[] {0.1}, new int[2], null, null, null));
    }
}
