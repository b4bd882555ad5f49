package org.eirnn.engine.cpu;

import org.eirnn.model.Regularisers;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** nn4n's firing-rate regularisers on a 2-trial, 3-step, 2-unit pass, against numbers worked by hand. */
class RatePenaltiesTest {

    /** Rates r_t (t = 1, 2) of trials 0 and 1 for units 0 and 1; r_0 does not count. */
    private static ForwardStates states() {
        ForwardStates s = ForwardStates.allocate(2, 3, 2, 0, 1, true, false, true);
        double[][] r = {{9, 9, 9, 9}, {1, 2, 3, 4}, {5, 6, 7, 8}};   // [t][b·N + i]
        for (int t = 0; t < 3; t++) {
            System.arraycopy(r[t], 0, s.r(t).data, 0, 4);
        }
        return s;
    }

    @Test
    void valuesAndGradientMatchHandComputation() {
        // unit 0: rates 1, 3, 5, 7 → r̄_0 = 4; unit 1: 2, 4, 6, 8 → r̄_1 = 5; m = 4.5, SD = 0.5, CV = 1/9
        RatePenalties p = RatePenalties.of(new Regularisers(0, 0, 0, 0, 0, 0, 0.1, 2, 3, 9), states(), 2);
        double squares = 1 + 4 + 9 + 16 + 25 + 36 + 49 + 64;
        double want = 0.1 * squares / 8 + 2 * 4.5 * 4.5 + 3 * 0.5 + 9 * (0.5 / 4.5);
        assertEquals(want, p.objective(), 1e-12);
        assertEquals(2 * 0.1 / 8, p.elementCoef(), 1e-15);
        // g_0 = 2·2·4.5/2 + 3·(−0.5)/(2·0.5) + 9·[(−0.5)/(2·0.5·4.5) − 0.5/(2·4.5²)], then / C = 4 (C = B·(T−1))
        double g0 = 9 - 1.5 + 9 * (-0.5 / 4.5 - 0.5 / 40.5);
        double g1 = 9 + 1.5 + 9 * (0.5 / 4.5 - 0.5 / 40.5);
        assertEquals(g0 / 4, p.unitTerm()[0], 1e-12);
        assertEquals(g1 / 4, p.unitTerm()[1], 1e-12);
    }

    @Test
    void withoutDistributionPenaltiesOnlyTheL2RateTermRemains() {
        RatePenalties p = RatePenalties.of(new Regularisers(0, 0, 0, 0, 0, 0, 0.5), states(), 2);
        assertNull(p.unitTerm());
        assertEquals(0.5 * 204 / 8, p.objective(), 1e-12);
    }
}
