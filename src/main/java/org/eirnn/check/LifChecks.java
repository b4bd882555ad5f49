package org.eirnn.check;

import org.eirnn.engine.opencl.ClContext;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.KernelShape;
import org.eirnn.engine.opencl.LifShape;
import org.eirnn.engine.opencl.OpenClLifSimulator;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.spiking.CpuLifSimulator;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifNetwork;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifTrial;
import org.eirnn.spiking.SpikingTrials;
import org.eirnn.spiking.Stimulation;
import org.eirnn.task.GoNogoTask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * kernels/lif.cl on go-nogo trials of a spikeRNN network with the noise off and v0 drawn once (LIF_V0): 2 scaling
 * factors × 21 trials (a full and a partial work-item of 16 lanes per factor), N = 62 (a partial group of 4 units),
 * 30 columns of stimulus (3 000 steps). Against the CPU reference (double), computed once here.
 */
public final class LifChecks {
    private static final int N = 62;
    private static final int TRIALS_PER_FACTOR = 21;
    private static final int COLUMNS = 31;
    private static final double[] FACTORS = {20, 40};
    /** Per-trial spike totals of the float kernel, relative (OpenClLifSimulatorTest, float spike times). */
    static final double FLOAT_SPIKE_TOL = 0.05;

    private final LifBatch batch;
    private final LifRecording rec = new LifRecording(true, true, false, 1_000);
    private final LifResult reference;

    public LifChecks(long seed) {
        RateNetwork net = NetworkInit.draw(NetworkSpec.defaults(N, 1, DecayTaus.range(4, 20)), seed, 0);
        LifParams quiet = LifParams.spikeRnn(1).withNoiseSd(0);
        RandomKey taskKey = new RandomKey(seed, 0, RandomStream.TASK);
        List<LifNetwork> nets = new ArrayList<>();
        List<LifTrial> trials = new ArrayList<>();
        for (int f = 0; f < FACTORS.length; f++) {
            nets.add(LifNetwork.map(net, null, FACTORS[f], false, 0));
            for (int t = 0; t < TRIALS_PER_FACTOR; t++) {
                long id = (long) f * TRIALS_PER_FACTOR + t;
                double[] u = Arrays.copyOf(SpikingTrials.stimulus(new GoNogoTask(), taskKey, id).u(), COLUMNS);
                trials.add(new LifTrial(f, id, u,
                        SpikingTrials.initialVoltages(quiet, taskKey.with(RandomStream.LIF_V0), id, N)));
            }
        }
        batch = new LifBatch(quiet, nets, COLUMNS, trials, seed, Stimulation.NONE);
        reference = new CpuLifSimulator().simulate(batch, rec);
    }

    private LifResult simulate(ClDevice device, boolean doublePrecision, ShapeChoice choice) {
        try (ClContext cl = new ClContext(device); OpenClLifSimulator sim = new OpenClLifSimulator(cl,
                doublePrecision, shape(cl, choice))) {
            return sim.simulate(batch, rec);
        }
    }

    private static LifShape shape(ClContext cl, ShapeChoice choice) {
        return LifShape.of(choice.kernelChoice().gpu(cl.device().type()), KernelShape.DeviceLimits.of(cl));
    }

    /** "gpu 4x64": the choice, then trials per work-item × work-items per group. */
    static String label(ClDevice device, ShapeChoice choice) {
        try (ClContext cl = new ClContext(device)) {
            LifShape s = shape(cl, choice);
            return choice.name().toLowerCase(java.util.Locale.ROOT) + " " + s.lanes() + "x" + s.itemsPerGroup();
        }
    }

    /** In double: spike for spike and readout bit for bit the reference (OpenClLifSimulatorTest). */
    Verdict exact(ClDevice device, ShapeChoice choice) {
        if (!device.fp64()) {
            return Verdict.skip("the device has no double precision (cl_khr_fp64)");
        }
        LifResult got = simulate(device, true, choice);
        Verdict v = new Verdict().add(Difference.of(reference.out(), got.out()))
                .require(reference.spikes()[0].count() > 0, () -> "the reference does not spike");
        for (int b = 0; b < reference.trials(); b++) {
            int t = b;
            v.require(Arrays.equals(reference.spikes()[b].steps(), got.spikes()[b].steps())
                    && Arrays.equals(reference.spikes()[b].units(), got.spikes()[b].units()),
                    () -> "trial " + t + ": " + got.spikes()[t].count() + " spikes vs " + reference.spikes()[t].count()
                            + ", first difference at step " + firstDifference(reference.spikes()[t].steps(),
                            got.spikes()[t].steps()));
        }
        return v.require(Arrays.equals(reference.out(), got.out()), () -> "out differs")
                .require(Arrays.equals(reference.spikeCounts(), got.spikeCounts()), () -> "spike counts differ")
                .require(Arrays.equals(reference.windowMax(), got.windowMax())
                        && Arrays.equals(reference.windowMin(), got.windowMin()), () -> "window max/min differ");
    }

    /**
     * In float: a chaotic network moves single spikes by a step after the first few hundred, so only the spike
     * totals per trial are held to {@link #FLOAT_SPIKE_TOL}; the out difference is reported.
     */
    Verdict inFloat(ClDevice device, ShapeChoice choice) {
        LifResult got = simulate(device, false, choice);
        Verdict v = new Verdict().add(Difference.of(reference.out(), got.out()))
                .require(reference.spikes()[0].count() > 0, () -> "the reference does not spike");
        for (int b = 0; b < reference.trials(); b++) {
            long e = reference.spikeTotal(b);
            long a = got.spikeTotal(b);
            int t = b;
            v.require(Math.abs(e - a) <= FLOAT_SPIKE_TOL * e, () -> "trial " + t + ": " + a + " spikes vs "
                            + e);
        }
        return v;
    }

    private static int firstDifference(int[] a, int[] b) {
        int i = 0;
        while (i < a.length && i < b.length && a[i] == b[i]) {
            i++;
        }
        return i < a.length ? a[i] : (i < b.length ? b[i] : -1);
    }
}
