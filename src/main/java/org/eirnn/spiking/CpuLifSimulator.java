package org.eirnn.spiking;

import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The reference LIF simulator: every trial is repeated calls of {@link LifStep#step}, in double precision,
 * trials in parallel on the CPU cores. Obviously correct rather than fast; the referee of the OpenCL kernel.
 */
public final class CpuLifSimulator implements LifSimulator {

    @Override
    public String description() {
        return "cpu LIF reference (double precision)";
    }

    @Override
    public boolean recordsTraces() {
        return true;
    }

    @Override
    public LifResult simulate(LifBatch batch, LifRecording rec) {
        int trials = batch.trials().size();
        int n = batch.n();
        int nt = batch.steps();
        List<LifStep.Constants> constants = new ArrayList<>();
        for (LifNetwork net : batch.networks()) {
            constants.add(LifStep.Constants.of(batch.params(), net));
        }
        double[] wMax = new double[trials];
        double[] wMin = new double[trials];
        int[] counts = new int[trials * n];
        double[] out = rec.out() ? new double[trials * nt] : null;
        SpikeTrains[] spikes = rec.spikes() ? new SpikeTrains[trials] : null;
        LifTraces[] traces = rec.traces() ? new LifTraces[trials] : null;
        IntStream.range(0, trials).parallel().forEach(b -> {
            TrialRecord r = runTrial(batch, constants.get(batch.trials().get(b).config()), batch.trials().get(b), rec);
            wMax[b] = r.windowMax;
            wMin[b] = r.windowMin;
            System.arraycopy(r.counts, 0, counts, b * n, n);
            if (out != null) {
                System.arraycopy(r.out, 0, out, b * nt, nt);
            }
            if (spikes != null) {
                spikes[b] = r.spikes;
            }
            if (traces != null) {
                traces[b] = r.traces;
            }
        });
        return new LifResult(nt, n, wMax, wMin, counts, out, spikes, traces);
    }

    private static final class TrialRecord {
        double windowMax = Double.NEGATIVE_INFINITY;
        double windowMin = Double.POSITIVE_INFINITY;
        int[] counts;
        double[] out;
        SpikeTrains spikes;
        LifTraces traces;
    }

    private static TrialRecord runTrial(LifBatch batch, LifStep.Constants k, LifTrial trial, LifRecording rec) {
        LifParams p = batch.params();
        LifNetwork net = k.net();
        int n = net.n();
        int nt = batch.steps();
        RandomKey noiseKey = new RandomKey(batch.seed(), net.rngNetwork(), RandomStream.LIF_NOISE);
        RandomKey stimKey = noiseKey.with(RandomStream.LIF_STIM);
        Stimulation stim = batch.stimulation();
        boolean[] kicked = stim.mask(n);
        double[] readout = net.readout();

        TrialRecord r = new TrialRecord();
        r.counts = new int[n];
        r.out = rec.out() ? new double[nt] : null;
        r.traces = rec.traces() ? LifTraces.allocate(n, nt) : null;
        List<int[]> spikeList = rec.spikes() ? new ArrayList<>() : null;

        LifState before = LifState.initial(trial.v0());
        LifState after = LifState.zeros(n);
        double[] ext = new double[n];
        double[] noise = new double[n];
        double[] jd = new double[n];
        int heldColumn = -1;
        for (int i = 1; i <= nt; i++) {
            int col = LifParams.column(i);
            if (col != heldColumn) {
                net.externalInput(trial.u(), batch.columns(), col, ext);
                heldColumn = col;
            }
            if (p.noiseSd() > 0) {
                noiseKey.normals(trial.trialId(), i, noise, 0, n);
                for (int u = 0; u < n; u++) {
                    noise[u] *= p.noiseSd();
                }
            }
            double kick = stim.active(i) && stimKey.uniform(trial.trialId(), i, 0) < 0.5 ? stim.kick() : 0.0;

            LifStep.step(k, i, ext, noise, kick, kicked, before, after, jd);

            double o = LifStep.readout(readout, after.r());
            if (i >= rec.windowFrom()) {
                r.windowMax = Math.max(r.windowMax, o);
                r.windowMin = Math.min(r.windowMin, o);
            }
            if (r.out != null) {
                r.out[i - 1] = o;
            }
            for (int u = 0; u < n; u++) {
                if (after.spiked()[u]) {
                    if (i >= LifParams.FIRING_RATE_FROM_STEP) {
                        r.counts[u]++;
                    }
                    if (spikeList != null) {
                        spikeList.add(new int[] {i, u});
                    }
                }
            }
            if (r.traces != null) {
                for (int u = 0; u < n; u++) {
                    r.traces.ipscs()[u * nt + i - 1] = before.ipsc()[u];
                    r.traces.rec()[u * nt + i - 1] = LifStep.recordedVoltage(p, after, u);
                    r.traces.rs()[u * nt + i - 1] = after.r()[u];
                }
            }
            LifState t = before;
            before = after;
            after = t;
        }
        if (spikeList != null) {
            int[] steps = new int[spikeList.size()];
            int[] units = new int[spikeList.size()];
            for (int s = 0; s < steps.length; s++) {
                steps[s] = spikeList.get(s)[0];
                units[s] = spikeList.get(s)[1];
            }
            r.spikes = new SpikeTrains(n, nt, steps, units);
        }
        return r;
    }
}
