package org.eirnn.engine.opencl;

import org.eirnn.model.RateNetwork;
import org.eirnn.spiking.CpuLifSimulator;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifTestNetworks;
import org.eirnn.spiking.SpikeTrains;
import org.eirnn.spiking.Stimulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kernels/lif.cl against the CPU reference (spec §4). */
class OpenClLifSimulatorTest {

    private static LifResult run(boolean onDevice, boolean doublePrecision, LifBatch batch, LifRecording rec) {
        if (!onDevice) {
            return new CpuLifSimulator().simulate(batch, rec);
        }
        try (ClContext cl = new ClContext(OpenClTestDevice.require());
             OpenClLifSimulator sim = new OpenClLifSimulator(cl, doublePrecision)) {
            return sim.simulate(batch, rec);
        }
    }

    private static void assertSameSpikes(SpikeTrains expected, SpikeTrains actual, String what) {
        assertTrue(expected.count() > 0, what + ": the test network must spike");
        assertArrayEquals(expected.steps(), actual.steps(), what + " spike steps");
        assertArrayEquals(expected.units(), actual.units(), what + " spike units");
    }

    /** A full 1 s go-nogo trial (nt = 20 000, N = 200), no noise, same v0: the same spikes and outputs. */
    @Test
    void doublePrecisionEqualsTheReferenceSpikeForSpikeOverAFullGoNogoTrial() {
        RateNetwork net = LifTestNetworks.goNogo(200, 7);
        LifParams quiet = LifParams.spikeRnn(1).withNoiseSd(0);
        LifBatch batch = LifTestNetworks.batch(net, new double[] {25}, 2, 201, quiet, 3);
        LifRecording rec = new LifRecording(true, true, false, 10_000);
        LifResult cpu = run(false, false, batch, rec);
        LifResult ocl = run(true, true, batch, rec);
        for (int b = 0; b < 2; b++) {
            assertSameSpikes(cpu.spikes()[b], ocl.spikes()[b], "trial " + b);
        }
        assertArrayEquals(cpu.out(), ocl.out(), 0.0);
        assertArrayEquals(cpu.spikeCounts(), ocl.spikeCounts());
        assertArrayEquals(cpu.windowMax(), ocl.windowMax(), 0.0);
    }

    /** The artificial stimulation (exc on a third of the units for 400 steps) in double equals the reference. */
    @Test
    void stimulationEqualsTheReference() {
        RateNetwork net = LifTestNetworks.goNogo(60, 11);
        LifBatch plain = LifTestNetworks.batch(net, new double[] {25}, 3, 31, LifParams.spikeRnn(1).withNoiseSd(0), 5);
        int[] units = java.util.stream.IntStream.range(0, 20).map(u -> 3 * u).toArray();
        LifBatch batch = new LifBatch(plain.params(), plain.networks(), plain.columns(), plain.trials(), plain.seed(),
                new Stimulation(Stimulation.Mode.EXC, 1_000, 1_400, units));
        LifRecording rec = new LifRecording(true, true, false, 1);
        LifResult cpu = run(false, false, batch, rec);
        LifResult ocl = run(true, true, batch, rec);
        LifResult without = run(false, false, plain, rec);
        for (int b = 0; b < 3; b++) {
            assertSameSpikes(cpu.spikes()[b], ocl.spikes()[b], "trial " + b);
        }
        assertArrayEquals(cpu.out(), ocl.out(), 0.0);
        assertTrue(cpu.spikeTotal(0) > without.spikeTotal(0), "excitation adds spikes");
    }

    /**
     * Batches that fill a work-item partly, exactly, and over several, across two scaling factors; N = 62 leaves a
     * partial group of four units.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 21})
    void batchesOfAnySizeEqualTheReference(int trialsPerFactor) {
        RateNetwork net = LifTestNetworks.goNogo(62, 11);
        LifParams quiet = LifParams.spikeRnn(1).withNoiseSd(0);
        LifBatch batch = LifTestNetworks.batch(net, new double[] {20, 40}, trialsPerFactor, 31, quiet, 5);
        LifRecording rec = new LifRecording(true, true, false, 1_000);
        LifResult cpu = run(false, false, batch, rec);
        LifResult ocl = run(true, true, batch, rec);
        for (int b = 0; b < cpu.trials(); b++) {
            assertSameSpikes(cpu.spikes()[b], ocl.spikes()[b], "trial " + b);
        }
        assertArrayEquals(cpu.out(), ocl.out(), 0.0);
        assertArrayEquals(cpu.windowMin(), ocl.windowMin(), 0.0);
    }

    /**
     * With noise (SD 0.1 mV) the float kernel and the double reference draw the same normals up to float rounding,
     * so their trajectories part only slowly; over 32 go-nogo trials the mean firing rates must agree within
     * sampling error (the standard error of the difference of two 32-trial means, from the trial spread).
     */
    @Test
    void floatKernelWithNoiseAgreesOnFiringRates() {
        RateNetwork net = LifTestNetworks.goNogo(200, 7);
        LifParams noisy = LifParams.spikeRnn(1);
        int trials = 32;
        LifBatch batch = LifTestNetworks.batch(net, new double[] {25}, trials, 101, noisy, 9);
        LifRecording rec = LifRecording.scores(1);
        LifResult cpu = run(false, false, batch, rec);
        LifResult ocl = run(true, false, batch, rec);
        double[] a = new double[trials];
        double[] b = new double[trials];
        for (int t = 0; t < trials; t++) {
            a[t] = cpu.spikeTotal(t);
            b[t] = ocl.spikeTotal(t);
        }
        double sd = Math.sqrt((variance(a) + variance(b)) / trials);
        assertTrue(mean(a) > 100, "the network must spike: " + mean(a));
        assertEquals(mean(a), mean(b), 4 * sd + 1, "mean spikes per trial, cpu vs opencl float");
    }

    /**
     * On devices without fp64 the spike times behind the refractory test are floats: the boundary can move by a
     * step, nothing more, so a noise-free trial keeps nearly the same spikes.
     */
    @Test
    void floatSpikeTimesMoveAtMostAFewSpikes() {
        RateNetwork net = LifTestNetworks.goNogo(60, 11);
        LifBatch batch = LifTestNetworks.batch(net, new double[] {25}, 4, 51, LifParams.spikeRnn(1).withNoiseSd(0), 5);
        LifRecording rec = LifRecording.scores(1);
        LifResult cpu = run(false, false, batch, rec);
        LifResult floatTimes;
        try (ClContext cl = new ClContext(OpenClTestDevice.require());
             OpenClLifSimulator sim = new OpenClLifSimulator(cl, true, false, 0, LifShape.CPU)) {
            floatTimes = sim.simulate(batch, rec);
        }
        for (int b = 0; b < 4; b++) {
            assertEquals(cpu.spikeTotal(b), floatTimes.spikeTotal(b), 0.05 * cpu.spikeTotal(b), "trial " + b);
        }
    }

    /** The real device with CL_DEVICE_MAX_MEM_ALLOC_SIZE cut to {@code maxAlloc} bytes. */
    private static ClDevice withMaxAlloc(ClDevice real, long maxAlloc) {
        return new ClDevice(real.platform(), real.id(), real.platformIndex(), real.deviceIndex(), real.platformName(),
                real.name(), real.vendor(), real.type(), real.computeUnits(), real.globalMemBytes(),
                real.localMemBytes(), maxAlloc, real.maxWorkGroup(), real.fp64(), real.version());
    }

    private static LifResult runOn(ClDevice device, boolean doublePrecision, int initialEventCap, LifBatch batch,
                                   LifRecording rec) {
        try (ClContext cl = new ClContext(device);
             OpenClLifSimulator sim = new OpenClLifSimulator(cl, doublePrecision, device.fp64(), initialEventCap, LifShape.CPU)) {
            return sim.simulate(batch, rec);
        }
    }

    private static void assertSameResults(LifResult expected, LifResult actual) {
        for (int b = 0; b < expected.trials(); b++) {
            assertSameSpikes(expected.spikes()[b], actual.spikes()[b], "trial " + b);
        }
        assertArrayEquals(expected.out(), actual.out(), 0.0);
        assertArrayEquals(expected.spikeCounts(), actual.spikeCounts());
        assertArrayEquals(expected.windowMax(), actual.windowMax(), 0.0);
        assertArrayEquals(expected.windowMin(), actual.windowMin(), 0.0);
    }

    /**
     * A device whose largest allocation holds the readout of one work-item (16 trials) but not of two runs the
     * 2 factors × 21 trials (four work-items) in four launches: spike for spike the one-launch result, without noise
     * (double) and with noise (float; draws are keyed by trial id, not by launch).
     */
    @ParameterizedTest(name = "noise {0}")
    @ValueSource(booleans = {false, true})
    void batchesLargerThanTheDeviceRunInLaunchesWithTheSameResults(boolean noise) {
        ClDevice real = OpenClTestDevice.require();
        boolean doublePrecision = !noise && real.fp64();
        RateNetwork net = LifTestNetworks.goNogo(62, 11);
        LifParams params = noise ? LifParams.spikeRnn(1) : LifParams.spikeRnn(1).withNoiseSd(0);
        LifBatch batch = LifTestNetworks.batch(net, new double[] {20, 40}, 21, 31, params, 5);
        LifRecording rec = new LifRecording(true, true, false, 1_000);
        long outPerWorkItem = (long) batch.steps() * OpenClLifSimulator.LANES
                * (doublePrecision ? Double.BYTES : Float.BYTES);
        ClDevice small = withMaxAlloc(real, outPerWorkItem * 3 / 2);
        assertTrue(4 * outPerWorkItem > small.maxAllocBytes(), "one launch would not fit the small device");
        LifResult whole = runOn(real, doublePrecision, 0, batch, rec);
        LifResult chunked = runOn(small, doublePrecision, 0, batch, rec);
        assertSameResults(whole, chunked);
    }

    /** Spike-event buffers far too small for the trials (4 events per work-item) are detected and run again. */
    @Test
    void anOverflowingEventBufferIsRunAgainNotTruncated() {
        ClDevice real = OpenClTestDevice.require();
        RateNetwork net = LifTestNetworks.goNogo(62, 11);
        LifBatch batch = LifTestNetworks.batch(net, new double[] {25}, 20, 31, LifParams.spikeRnn(1).withNoiseSd(0), 5);
        LifRecording rec = new LifRecording(true, true, false, 1_000);
        LifResult roomy = runOn(real, real.fp64(), 0, batch, rec);
        LifResult tight = runOn(real, real.fp64(), 4, batch, rec);
        assertTrue(roomy.spikes()[0].count() > 4, "the trials must spike more than the first buffer holds");
        assertSameResults(roomy, tight);
        if (real.fp64()) {
            assertSameResults(run(false, false, batch, rec), tight);
        }
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x), s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }
}
