package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.RandomStream;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifNetwork;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.spiking.LifStep;
import org.eirnn.spiking.LifTrial;
import org.eirnn.spiking.SpikeTrains;
import org.eirnn.spiking.Stimulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The LIF network on an OpenCL device ({@code kernels/lif.cl}): one launch runs the trials of a batch (all
 * networks × scaling factors × trials), {@link #LANES} trials of one configuration per work-item in vector lanes,
 * the whole time loop on the device; spikes come back once as (step, unit, lane bits) events. A batch larger than
 * the device's memory runs as several launches of whole work-items ({@link ClMemory}); every trial's result is
 * the same as in one launch, since a trial's noise and coins are keyed by its id, not by its place. A work-item
 * whose spike events overflow their buffer is detected (the kernel counts on) and run again with room for all.
 *
 * <p>Precision: float by default (MATLAB with TensorFlow files runs in single precision too); double on request
 * where the device has cl_khr_fp64, in which case a noise-free run equals the CPU reference bit for bit. The spike
 * times behind the refractory test are kept in double whenever the device has fp64 (in float otherwise, which can
 * move a refractory boundary by one step).
 */
public final class OpenClLifSimulator implements LifSimulator {
    /** Trials per work-item (vector width of the kernel) in the CPU shape. */
    public static final int LANES = LifShape.CPU.lanes();

    private final ClContext cl;
    private final boolean doublePrecision;
    private final LifShape shape;
    private final int lanes;
    private final boolean exactTime;
    private final int initialEventCap;
    private final Map<String, ClProgram> programs = new HashMap<>();

    public OpenClLifSimulator(ClContext cl, boolean doublePrecision) {
        this(cl, doublePrecision, LifShape.CPU);
    }

    /** A simulator in the given work-group shape ({@link LifShape}). */
    public OpenClLifSimulator(ClContext cl, boolean doublePrecision, LifShape shape) {
        this(cl, doublePrecision, cl.device().fp64(), 0, shape);
    }

    /**
     * Tests use this: with {@code exactTime} false, spike times are kept in float as on devices without fp64; a
     * positive {@code initialEventCap} replaces the first launch's events per work-item (small forces a re-run).
     */
    OpenClLifSimulator(ClContext cl, boolean doublePrecision, boolean exactTime, int initialEventCap,
                       LifShape shape) {
        InvalidInputException.require(!doublePrecision || cl.device().fp64(),
                () -> cl.device().label() + " has no double precision (cl_khr_fp64); use float");
        this.cl = cl;
        this.doublePrecision = doublePrecision;
        this.exactTime = exactTime && cl.device().fp64();
        this.initialEventCap = initialEventCap;
        this.shape = shape;
        this.lanes = shape.lanes();
    }

    @Override
    public String description() {
        return "opencl LIF on " + cl.device().label() + " (" + (doublePrecision ? "double" : "float") + ", "
                + lanes + " trials per work-item)";
    }

    /** Trials grouped per configuration into work-items of {@link LifShape#lanes()} lanes; -1 marks an empty lane. */
    private record Groups(int count, int[] config, int[] trialOfLane) {
        static Groups of(LifBatch batch, int lanesPerItem) {
            List<List<Integer>> byConfig = new ArrayList<>();
            for (int c = 0; c < batch.networks().size(); c++) {
                byConfig.add(new ArrayList<>());
            }
            for (int b = 0; b < batch.trials().size(); b++) {
                byConfig.get(batch.trials().get(b).config()).add(b);
            }
            List<Integer> configs = new ArrayList<>();
            List<Integer> lanes = new ArrayList<>();
            for (int c = 0; c < byConfig.size(); c++) {
                List<Integer> t = byConfig.get(c);
                for (int first = 0; first < t.size(); first += lanesPerItem) {
                    configs.add(c);
                    for (int l = 0; l < lanesPerItem; l++) {
                        lanes.add(first + l < t.size() ? t.get(first + l) : -1);
                    }
                }
            }
            return new Groups(configs.size(), configs.stream().mapToInt(Integer::intValue).toArray(),
                    lanes.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    @Override
    public LifResult simulate(LifBatch batch, LifRecording rec) {
        InvalidInputException.require(!rec.traces(),
                () -> "REC, rs and IPSCs are recorded by the cpu engine only; use --device cpu for them");
        Groups groups = Groups.of(batch, lanes);
        Results results = new Results(batch, rec);
        int eventCap = initialEventCap(batch);
        try (Weights weights = new Weights(batch)) {
            for (int first = 0; first < groups.count(); ) {
                int count = Math.min(groupsPerLaunch(batch, rec, groups.count() - first, eventCap, weights.bytes()),
                        groups.count() - first);
                int needed = new Launch(batch, rec, groups, first, count, eventCap, weights).run(results);
                if (needed > eventCap) {
                    eventCap = needed;      // re-run these groups with room for every event (bounded by N·nt)
                } else {
                    first += count;
                }
            }
        }
        return results.result();
    }

    /** Events per work-item the first launch has room for: 8 per unit and lane, plus one per step. */
    private int initialEventCap(LifBatch batch) {
        return (int) Math.min(eventBound(batch), initialEventCap > 0 ? initialEventCap
                : (long) lanes * batch.n() * 8 + batch.steps());
    }

    /**
     * At most one event per unit and step in a work-item (an event carries the lanes that spiked), so a buffer of
     * N·nt events per work-item never overflows; the kernel counts past its cap, so a re-run needs at most this.
     */
    private static long eventBound(LifBatch batch) {
        return (long) batch.n() * batch.steps();
    }

    /**
     * How many work-items of {@link LifShape#lanes()} trials one launch may hold: every per-work-item buffer (inputs, states,
     * summaries, out, events) within the device's memory besides the weights, no buffer above its largest
     * allocation, and out readable into one Java array.
     */
    private int groupsPerLaunch(LifBatch batch, LifRecording rec, int groups, int eventCap, long fixedBytes) {
        long real = doublePrecision ? Double.BYTES : Float.BYTES;
        long time = exactTime ? Double.BYTES : Float.BYTES;
        long laneUnits = (long) batch.n() * lanes;
        long inputs = (long) batch.columns() * batch.inputs() * lanes * real;
        long states = laneUnits * (real * 6 + Integer.BYTES * 2 + time);   // v0, 5 filters, free, count, tlast
        long out = rec.out() ? (long) batch.steps() * lanes * real : 0;
        long events = rec.spikes() ? 2L * eventCap * Integer.BYTES : 0;
        long small = (3L + lanes) * Integer.BYTES + 2L * lanes * real;     // config, key, ids, count; max/min
        long largest = Math.max(Math.max(inputs, laneUnits * Math.max(real, time)), Math.max(out, events));
        int items = ClMemory.itemsPerChunk(cl.device(), groups, fixedBytes, inputs + states + out + events + small,
                largest, 1);
        long outElements = (long) batch.steps() * lanes;
        return rec.out() ? (int) Math.max(1, Math.min(items, (Integer.MAX_VALUE - 8) / outElements)) : items;
    }

    /** Every configuration's constants on the device, shared by all launches of a batch. */
    private final class Weights implements AutoCloseable {
        final ClBuffer w;
        final ClBuffer wIn;
        final ClBuffer readout;
        final ClBuffer decay;
        final ClBuffer trTd;
        final ClBuffer.Ints stimUnits;
        private final ClResources all = new ClResources();

        Weights(LifBatch batch) {
            int n = batch.n();
            int inputs = batch.inputs();
            List<LifNetwork> nets = batch.networks();
            int configs = nets.size();
            double[] wAll = new double[configs * n * n];
            double[] wInAll = new double[configs * n * inputs];
            double[] readoutAll = new double[configs * n];
            double[] decayAll = new double[configs * n];
            double[] trTdAll = new double[configs * n];
            for (int c = 0; c < configs; c++) {
                LifNetwork net = nets.get(c);
                LifStep.Constants k = LifStep.Constants.of(batch.params(), net);
                System.arraycopy(net.w(), 0, wAll, c * n * n, n * n);
                System.arraycopy(net.wIn(), 0, wInAll, c * n * inputs, n * inputs);
                System.arraycopy(net.readout(), 0, readoutAll, c * n, n);
                System.arraycopy(k.decay(), 0, decayAll, c * n, n);
                System.arraycopy(k.trTd(), 0, trTdAll, c * n, n);
            }
            int[] stimulated = new int[n];
            boolean[] stimMask = batch.stimulation().mask(n);
            for (int i = 0; i < n; i++) {
                stimulated[i] = stimMask[i] ? 1 : 0;
            }
            try {
                w = all.own(reals(wAll));
                wIn = all.own(reals(wInAll));
                readout = all.own(reals(readoutAll));
                decay = all.own(reals(decayAll));
                trTd = all.own(reals(trTdAll));
                stimUnits = all.own(cl.ints(stimulated));
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        long bytes() {
            return all.bufferBytes();
        }

        @Override
        public void close() {
            all.close();
        }
    }

    /** The batch's results in its trial order, filled launch by launch. */
    private static final class Results {
        final int n;
        final int nt;
        final double[] windowMax;
        final double[] windowMin;
        final int[] counts;
        final double[] out;
        final List<List<int[]>> spikes;

        Results(LifBatch batch, LifRecording rec) {
            int trials = batch.trials().size();
            n = batch.n();
            nt = batch.steps();
            windowMax = new double[trials];
            windowMin = new double[trials];
            counts = new int[trials * n];
            out = rec.out() ? new double[Math.multiplyExact(trials, nt)] : null;
            spikes = rec.spikes() ? new ArrayList<>() : null;
            for (int b = 0; b < trials && spikes != null; b++) {
                spikes.add(new ArrayList<>());
            }
        }

        LifResult result() {
            SpikeTrains[] trains = null;
            if (spikes != null) {
                trains = new SpikeTrains[spikes.size()];
                for (int b = 0; b < trains.length; b++) {
                    List<int[]> list = spikes.get(b);
                    int[] steps = new int[list.size()];
                    int[] units = new int[list.size()];
                    for (int s = 0; s < steps.length; s++) {
                        steps[s] = list.get(s)[0];
                        units[s] = list.get(s)[1];
                    }
                    trains[b] = new SpikeTrains(n, nt, steps, units);
                }
            }
            return new LifResult(nt, n, windowMax, windowMin, counts, out, trains, null);
        }
    }

    /** One launch: work-items [first, first + count) of the batch's groups. */
    private final class Launch {
        final LifBatch batch;
        final LifRecording rec;
        final Groups groups;
        final int first;
        final int count;
        final int eventCap;
        final Weights weights;

        Launch(LifBatch batch, LifRecording rec, Groups groups, int first, int count, int eventCap, Weights weights) {
            this.batch = batch;
            this.rec = rec;
            this.groups = groups;
            this.first = first;
            this.count = count;
            this.eventCap = eventCap;
            this.weights = weights;
        }

        /** Runs and stores the results; returns the events a work-item needed when more than the cap, else 0. */
        int run(Results results) {
            try (ClResources buffers = new ClResources();
                 ClKernel kernel = program(batch, rec).kernel("lif_run")) {
                Outputs outputs = bind(kernel, buffers);
                long group = shape.itemsPerGroup();
                kernel.launch(new long[] {(count + group - 1) / group * group}, new long[] {group});
                int[] evCount = outputs.eventCount().readAll();
                int most = 0;
                for (int e : evCount) {
                    most = Math.max(most, e);
                }
                if (rec.spikes() && most > eventCap) {
                    return most;
                }
                collect(results, readReals(outputs.wMax()), readReals(outputs.wMin()), outputs.counts().readAll(),
                        rec.out() ? readReals(outputs.out()) : null, rec.spikes() ? outputs.events() : null,
                        evCount);
                return 0;
            }
        }

        /** What a launch gives back: per-unit spike counts, window max/min, out and the events per work-item. */
        private record Outputs(ClBuffer.Ints counts, ClBuffer wMax, ClBuffer wMin, ClBuffer out,
                               ClBuffer.Ints events, ClBuffer.Ints eventCount) {
        }

        /** The inputs of this launch's work-items, packed into the kernel's lane layout. */
        private record Inputs(int[] config, int[] key1, int[] trialIds, double[] u, double[] v0) {
        }

        /** Config, network key, trial ids, u [g][col][c][lane] and v0 [g][i][lane]; empty lanes hold vreset. */
        private Inputs pack() {
            int n = batch.n();
            int inputs = batch.inputs();
            int cols = batch.columns();
            Inputs in = new Inputs(new int[count], new int[count], new int[count * lanes],
                    new double[count * cols * inputs * lanes], new double[count * n * lanes]);
            for (int k = 0; k < count; k++) {
                in.config()[k] = groups.config()[first + k];
                in.key1()[k] = batch.networks().get(in.config()[k]).rngNetwork();
                for (int l = 0; l < lanes; l++) {
                    int b = trialOf(k, l);
                    LifTrial t = b >= 0 ? batch.trials().get(b) : null;
                    in.trialIds()[k * lanes + l] = t == null ? 0 : (int) t.trialId();
                    for (int i = 0; i < n; i++) {
                        in.v0()[(k * n + i) * lanes + l] = t == null ? batch.params().vreset() : t.v0()[i];
                    }
                    for (int col = 0; t != null && col < cols; col++) {
                        for (int c = 0; c < inputs; c++) {
                            in.u()[((k * cols + col) * inputs + c) * lanes + l] = t.u()[c * cols + col];
                        }
                    }
                }
            }
            return in;
        }

        /** Uploads the inputs, allocates the state and outputs in {@code buffers} and sets every kernel argument. */
        private Outputs bind(ClKernel kernel, ClResources buffers) {
            Inputs in = pack();
            long laneUnits = (long) count * batch.n() * lanes;
            int a = 0;
            kernel.arg(a++, batch.steps()).arg(a++, batch.columns()).arg(a++, rec.windowFrom())
                    .arg(a++, (int) batch.seed());
            kernel.arg(a++, buffers.own(cl.ints(in.config()))).arg(a++, buffers.own(cl.ints(in.key1())));
            kernel.arg(a++, buffers.own(cl.ints(in.trialIds())));
            kernel.arg(a++, buffers.own(reals(in.u()))).arg(a++, buffers.own(reals(in.v0())));
            kernel.arg(a++, weights.w).arg(a++, weights.wIn).arg(a++, weights.readout).arg(a++, weights.decay);
            kernel.arg(a++, weights.trTd);
            kernel.arg(a++, batch.params().firstFreeStep(0.0, 0)).arg(a++, weights.stimUnits);
            for (int s = 0; s < 5; s++) {
                kernel.arg(a++, buffers.own(realBuffer(laneUnits)));
            }
            kernel.arg(a++, buffers.own(cl.ints(laneUnits)));
            kernel.arg(a++, buffers.own(exactTime() ? cl.doubles(laneUnits) : cl.floats(laneUnits)));
            Outputs o = new Outputs(buffers.own(cl.ints(laneUnits)), buffers.own(realBuffer((long) count * lanes)),
                    buffers.own(realBuffer((long) count * lanes)),
                    buffers.own(realBuffer(rec.out() ? (long) count * batch.steps() * lanes : 1)),
                    buffers.own(cl.ints(rec.spikes() ? 2L * count * eventCap : 1)), buffers.own(cl.ints(count)));
            kernel.arg(a++, o.counts()).arg(a++, o.wMax()).arg(a++, o.wMin()).arg(a++, o.out()).arg(a++, o.events())
                    .arg(a++, o.eventCount()).arg(a++, eventCap).arg(a, count);
            return o;
        }

        /** The batch trial in lane l of this launch's work-item k, -1 for an empty lane. */
        private int trialOf(int k, int l) {
            return groups.trialOfLane()[(first + k) * lanes + l];
        }

        /** Unpacks the lane layout into the batch's trial order; reads only the events each work-item wrote. */
        private void collect(Results results, double[] wMax, double[] wMin, int[] counts, double[] out,
                             ClBuffer.Ints events, int[] evCount) {
            int n = results.n;
            int nt = results.nt;
            for (int k = 0; k < count; k++) {
                for (int l = 0; l < lanes; l++) {
                    int b = trialOf(k, l);
                    if (b < 0) {
                        continue;
                    }
                    results.windowMax[b] = wMax[k * lanes + l];
                    results.windowMin[b] = wMin[k * lanes + l];
                    for (int i = 0; i < n; i++) {
                        results.counts[b * n + i] = counts[(k * n + i) * lanes + l];
                    }
                    if (out != null) {
                        for (int s = 0; s < nt; s++) {
                            results.out[b * nt + s] = out[(k * nt + s) * lanes + l];
                        }
                    }
                }
                if (events != null && evCount[k] > 0) {
                    int[] mine = events.read(new int[2 * evCount[k]], 2L * k * eventCap);
                    for (int e = 0; e < evCount[k]; e++) {
                        int step = mine[2 * e];
                        int unit = mine[2 * e + 1] >>> 16;
                        int bits = mine[2 * e + 1] & 0xFFFF;
                        for (int l = 0; l < lanes; l++) {
                            int b = trialOf(k, l);
                            if (b >= 0 && (bits >>> l & 1) != 0) {
                                results.spikes.get(b).add(new int[] {step, unit});
                            }
                        }
                    }
                }
            }
        }
    }

    private ClProgram program(LifBatch batch, LifRecording rec) {
        LifParams p = batch.params();
        Stimulation stim = batch.stimulation();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("V", lanes);
        d.put("REAL_DOUBLE", doublePrecision ? 1 : 0);
        d.put("N", batch.n());
        d.put("INPUTS", batch.inputs());
        d.put("DT", p.dt());
        d.put("TM", p.tm());
        d.put("TREF", p.tref());
        d.put("REF_STEPS", p.refractorySteps());
        d.put("TIME_DOUBLE", exactTime() ? 1 : 0);
        d.put("VRESET", p.vreset());
        d.put("VPEAK", p.vpeak());
        d.put("BIAS", p.bias());
        d.put("RISE", p.riseDecay());
        d.put("NOISE_ON", p.noiseSd() > 0 ? 1 : 0);
        d.put("NOISE_SD", p.noiseSd());
        d.put("STIM_KICK_ON", stim.kick() != 0 ? 1 : 0);
        d.put("STIM_KICK", stim.kick());
        d.put("STIM_FROM", stim.from());
        d.put("STIM_TO", stim.to());
        d.put("FR_FROM", LifParams.FIRING_RATE_FROM_STEP);
        d.put("STREAM_NOISE", RandomStream.LIF_NOISE.id);
        d.put("STREAM_STIM", RandomStream.LIF_STIM.id);
        d.put("RECORD_OUT", rec.out() ? 1 : 0);
        d.put("RECORD_SPIKES", rec.spikes() ? 1 : 0);
        return programs.computeIfAbsent(d.toString(), key -> cl.program(d, "philox.cl", "lif.cl"));
    }

    /** tlast in double (MATLAB's exact refractory boundary) wherever the device has fp64. */
    private boolean exactTime() {
        return exactTime;
    }

    private ClBuffer reals(double[] data) {
        if (doublePrecision) {
            return cl.doubles(data);
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return cl.floats(f);
    }

    private ClBuffer realBuffer(long length) {
        return doublePrecision ? cl.doubles(length) : cl.floats(length);
    }

    private double[] readReals(ClBuffer b) {
        if (b instanceof ClBuffer.Doubles d) {
            return d.readAll();
        }
        float[] f = ((ClBuffer.Floats) b).readAll();
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    @Override
    public void close() {
        for (ClProgram p : programs.values()) {
            p.close();
        }
        programs.clear();
    }
}
