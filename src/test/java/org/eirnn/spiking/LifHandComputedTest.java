package org.eirnn.spiking;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CPU reference against numbers worked out by hand from LIF_network_fnc.m (spec §4.4) for a 2-unit network:
 * unit 0 → unit 1 synapse 0.05, w_in = [20; 1], u = [0 2 0 0] (nt = 300), td = [20, 50] ms, v0 = [−30, −60],
 * scaling factor 2 on the readout w_out = [1 0], no noise.
 */
class LifHandComputedTest {
    private static final double DT = 5e-5;
    private static final double TR = 0.002;
    private static final double[] TD = {0.02, 0.05};
    private static final double W10 = 0.05;

    private static LifTraces traces;
    private static double[] out;
    private static SpikeTrains spikes;

    private static synchronized void run() {
        if (traces != null) {
            return;
        }
        LifNetwork net = new LifNetwork(2, 1, 2.0, new double[] {0, 0, W10, 0}, new double[] {20, 1},
                new double[] {1, 0}, TD.clone(), TD.clone(), 0);
        LifBatch batch = new LifBatch(LifParams.spikeRnn(1).withNoiseSd(0), List.of(net), 4,
                List.of(new LifTrial(0, 0, new double[] {0, 2, 0, 0}, new double[] {-30, -60})), 1, Stimulation.NONE);
        LifResult r = new CpuLifSimulator().simulate(batch, new LifRecording(true, true, true, 1));
        traces = r.traces()[0];
        out = r.out();
        spikes = r.spikes()[0];
    }

    /** MATLAB's REC(i, unit), i 1-based. */
    private static double rec(int unit, int i) {
        run();
        return traces.rec()[unit * 300 + i - 1];
    }

    private static double ipsc(int unit, int i) {
        run();
        return traces.ipscs()[unit * 300 + i - 1];
    }

    private static double rs(int unit, int i) {
        run();
        return traces.rs()[unit * 300 + i - 1];
    }

    @Test
    void unitsAboveThresholdSpikeAtStepOneAndShowPlus30() {
        assertEquals(30.0, rec(0, 1));
        assertEquals(-60.0, rec(1, 1));
        assertEquals(1, spikes.steps()[0]);
        assertEquals(0, spikes.units()[0]);
    }

    @Test
    void nothingIntegratesBeforeStep41AndASpikeAtStep1HoldsUntilStep42() {
        for (int i = 2; i <= 41; i++) {
            assertEquals(-65.0, rec(0, i), "unit 0 refractory at step " + i);
        }
        for (int i = 1; i <= 40; i++) {
            assertEquals(-60.0, rec(1, i), "unit 1 before dt·i > 0.002 at step " + i);
        }
        // step 42: dt·42 > dt·1 + 0.002 at last; I = BIAS = −40 (no input to unit 0, u = 0).
        assertEquals(-65.0 + DT * ((-40.0 + 65.0) / 0.010), rec(0, 42), 1e-12);
        // unit 1 integrates from step 41 (5e-5·40 is not > 0.002 in double, 5e-5·41 is).
        double i41 = ipsc(1, 41) - 40.0;
        assertEquals(-60.0 + DT * ((i41 + 60.0) / 0.010), rec(1, 41), 1e-12);
    }

    @Test
    void aSpikeEntersHAtItsStepIpscAtTheNextAndRAfterOneStep() {
        double h1 = W10 / (TR * TD[1]);
        assertEquals(0.0, ipsc(1, 1));
        assertEquals(0.0, ipsc(1, 2));
        assertEquals(h1 * DT, ipsc(1, 3), 1e-15);
        assertEquals(h1 * DT * Math.exp(-DT / TD[1]) + h1 * Math.exp(-DT / TR) * DT, ipsc(1, 4), 1e-15);
        double hr = 1 / (TR * TD[0]);
        assertEquals(0.0, rs(0, 1));
        assertEquals(hr * DT, rs(0, 2), 1e-12);
        assertEquals(hr * DT * Math.exp(-DT / TD[0]) + hr * Math.exp(-DT / TR) * DT, rs(0, 3), 1e-12);
        // out = (w_out / scaling_factor) · rs
        assertEquals(rs(0, 3) / 2.0, out[2], 1e-15);
        assertEquals(0.0, ipsc(0, 10), "unit 0 has no presynaptic partner");
    }

    @Test
    void inputColumnsSwitchAtSteps50And150() {
        // Unit 1 integrates and does not spike here, so its drive is readable from its voltage change:
        // ext = (v_i − v_{i−1})·tm/dt + v_{i−1} − IPSC_i − BIAS.
        int[] steps = {45, 49, 50, 51, 149, 150, 151, 249, 250};
        double[] expected = {0, 0, 2, 2, 2, 0, 0, 0, 0};
        for (int k = 0; k < steps.length; k++) {
            int i = steps[k];
            double ext = (rec(1, i) - rec(1, i - 1)) * 0.010 / DT + rec(1, i - 1) - ipsc(1, i) + 40.0;
            assertEquals(expected[k], ext, 1e-9, "ext_stim of unit 1 at step " + i);
        }
    }

    @Test
    void aLaterSpikeResetsToMinus65AndHoldsForTheRefractoryPeriod() {
        int second = -1;
        for (int k = 1; k < spikes.count(); k++) {
            if (spikes.units()[k] == 0) {
                second = spikes.steps()[k];
                break;
            }
        }
        assertTrue(second > 42 && second < 260, "unit 0 driven by w_in·2 = 40 spikes again; got " + second);
        assertEquals(30.0, rec(0, second));
        // MATLAB: tlast = tlast + (dt·i − tlast).*spk, then dt·i > tlast + tref in double; at i = s + 40 the test
        // holds for some s and not others.
        double tlast = DT + (DT * second - DT);
        int free = DT * (second + 40) > tlast + 0.002 ? second + 40 : second + 41;
        for (int i = second + 1; i < free; i++) {
            assertEquals(-65.0, rec(0, i), "refractory at step " + i);
        }
        assertTrue(rec(0, free) > -65.0);
    }

    /**
     * 'exc' stimulation of unit 2 (MATLAB index) over steps 5 ≤ i < 30: before step 41 nothing integrates, so its
     * voltage moves only by +0.5 mV on the steps whose coin (stream LIF_STIM, one per step) is below 0.5; 'inh' the
     * same with −0.5; unit 1 is not listed and stays put.
     */
    @Test
    void artificialStimulationKicksListedUnitsOnCoinSteps() {
        for (Stimulation.Mode mode : new Stimulation.Mode[] {Stimulation.Mode.EXC, Stimulation.Mode.INH}) {
            LifNetwork net = new LifNetwork(2, 1, 2.0, new double[4], new double[] {0, 0}, new double[] {1, 0},
                    TD.clone(), TD.clone(), 0);
            Stimulation stim = new Stimulation(mode, 5, 30, new int[] {1});
            LifBatch batch = new LifBatch(LifParams.spikeRnn(1).withNoiseSd(0), List.of(net), 2,
                    List.of(new LifTrial(0, 9, new double[2], new double[] {-60, -60})), 3, stim);
            LifTraces t = new CpuLifSimulator().simulate(batch, new LifRecording(false, false, true, 1)).traces()[0];
            org.eirnn.rng.RandomKey coin = new org.eirnn.rng.RandomKey(3, 0, org.eirnn.rng.RandomStream.LIF_STIM);
            double expected = -60;
            int kicks = 0;
            for (int i = 1; i <= 40; i++) {
                if (i >= 5 && i < 30 && coin.uniform(9, i, 0) < 0.5) {
                    expected += mode == Stimulation.Mode.EXC ? 0.5 : -0.5;
                    kicks++;
                }
                assertEquals(expected, t.rec()[100 + i - 1], 1e-12, mode + " unit 2 at step " + i);
                assertEquals(-60.0, t.rec()[i - 1], mode + " unit 1 at step " + i);
            }
            assertTrue(kicks > 5 && kicks < 20, "about half of 25 coins: " + kicks);
        }
    }
}
