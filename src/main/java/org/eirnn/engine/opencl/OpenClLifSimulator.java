package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;
import org.eirnn.rng.Stream;
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
 * The LIF network on an OpenCL device ({@code kernels/lif.cl}): one launch runs every trial of a batch (all
 * networks × scaling factors × trials), {@link #LANES} trials of one configuration per work-item in vector lanes,
 * the whole time loop on the device; spikes come back once as (step, unit, lane bits) events.
 *
 * <p>Precision: float by default (MATLAB with TensorFlow files runs in single precision too); double on request
 * where the device has cl_khr_fp64, in which case a noise-free run equals the CPU reference bit for bit. The spike
 * times behind the refractory test are kept in double whenever the device has fp64 (in float otherwise, which can
 * move a refractory boundary by one step).
 */
public final class OpenClLifSimulator implements LifSimulator {
    /** Trials per work-item (vector width of the kernel). */
    public static final int LANES = 16;

    private final ClContext cl;
    private final boolean doublePrecision;
    private final boolean exactTime;
    private final Map<String, ClProgram> programs = new HashMap<>();

    public OpenClLifSimulator(ClContext cl, boolean doublePrecision) {
        this(cl, doublePrecision, cl.device().fp64());
    }

    /** With {@code exactTime} false, spike times are kept in float as on devices without fp64 (tests use this). */
    OpenClLifSimulator(ClContext cl, boolean doublePrecision, boolean exactTime) {
        InvalidInputException.require(!doublePrecision || cl.device().fp64(),
                () -> cl.device().label() + " has no double precision (cl_khr_fp64); use float");
        this.cl = cl;
        this.doublePrecision = doublePrecision;
        this.exactTime = exactTime && cl.device().fp64();
    }

    @Override
    public String description() {
        return "opencl LIF on " + cl.device().label() + " (" + (doublePrecision ? "double" : "float") + ", "
                + LANES + " trials per work-item)";
    }

    /** Trials grouped per configuration into work-items of {@link #LANES} lanes; -1 marks an empty lane. */
    private record Groups(int count, int[] config, int[] trialOfLane) {
        static Groups of(LifBatch batch) {
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
                for (int first = 0; first < t.size(); first += LANES) {
                    configs.add(c);
                    for (int l = 0; l < LANES; l++) {
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
        Groups groups = Groups.of(batch);
        int n = batch.n();
        int nt = batch.steps();
        int eventCap = LANES * n * 8 + nt;
        while (true) {
            Launch launch = new Launch(batch, rec, groups, eventCap);
            LifResult result = launch.run();
            if (result != null) {
                return result;
            }
            eventCap = launch.maxEvents;
        }
    }

    /** One attempt at a batch; returns null (and sets maxEvents) when the spike-event buffer was too small. */
    private final class Launch {
        final LifBatch batch;
        final LifRecording rec;
        final Groups groups;
        final int eventCap;
        int maxEvents;

        Launch(LifBatch batch, LifRecording rec, Groups groups, int eventCap) {
            this.batch = batch;
            this.rec = rec;
            this.groups = groups;
            this.eventCap = eventCap;
        }

        LifResult run() {
            int n = batch.n();
            int inputs = batch.inputs();
            int nt = batch.steps();
            int cols = batch.columns();
            int g = groups.count();
            LifParams p = batch.params();
            List<LifNetwork> nets = batch.networks();
            int configs = nets.size();

            int[] key1 = new int[g];
            int[] trialIds = new int[g * LANES];
            double[] u = new double[g * cols * inputs * LANES];
            double[] v0 = new double[g * n * LANES];
            for (int k = 0; k < g; k++) {
                key1[k] = nets.get(groups.config()[k]).rngNetwork();
                for (int l = 0; l < LANES; l++) {
                    int b = groups.trialOfLane()[k * LANES + l];
                    LifTrial t = b >= 0 ? batch.trials().get(b) : null;
                    trialIds[k * LANES + l] = t == null ? 0 : (int) t.trialId();
                    for (int i = 0; i < n; i++) {
                        v0[(k * n + i) * LANES + l] = t == null ? p.vreset() : t.v0()[i];
                    }
                    if (t != null) {
                        for (int col = 0; col < cols; col++) {
                            for (int c = 0; c < inputs; c++) {
                                u[((k * cols + col) * inputs + c) * LANES + l] = t.u()[c * cols + col];
                            }
                        }
                    }
                }
            }
            double[] w = new double[configs * n * n];
            double[] wIn = new double[configs * n * inputs];
            double[] readout = new double[configs * n];
            double[] decay = new double[configs * n];
            double[] trTd = new double[configs * n];
            for (int c = 0; c < configs; c++) {
                LifNetwork net = nets.get(c);
                LifStep.Constants k = LifStep.Constants.of(p, net);
                System.arraycopy(net.w(), 0, w, c * n * n, n * n);
                System.arraycopy(net.wIn(), 0, wIn, c * n * inputs, n * inputs);
                System.arraycopy(net.readout(), 0, readout, c * n, n);
                System.arraycopy(k.decay(), 0, decay, c * n, n);
                System.arraycopy(k.trTd(), 0, trTd, c * n, n);
            }
            int[] stimUnits = new int[n];
            boolean[] stimMask = batch.stimulation().mask(n);
            for (int i = 0; i < n; i++) {
                stimUnits[i] = stimMask[i] ? 1 : 0;
            }

            ClProgram program = program(batch, rec);
            List<ClBuffer> buffers = new ArrayList<>();
            try (ClKernel kernel = program.kernel("lif_run")) {
                int a = 0;
                kernel.arg(a++, nt).arg(a++, cols).arg(a++, rec.windowFrom()).arg(a++, (int) batch.seed());
                kernel.arg(a++, keep(buffers, cl.ints(groups.config()))).arg(a++, keep(buffers, cl.ints(key1)));
                kernel.arg(a++, keep(buffers, cl.ints(trialIds)));
                kernel.arg(a++, keep(buffers, reals(u))).arg(a++, keep(buffers, reals(v0)));
                kernel.arg(a++, keep(buffers, reals(w))).arg(a++, keep(buffers, reals(wIn)));
                kernel.arg(a++, keep(buffers, reals(readout))).arg(a++, keep(buffers, reals(decay)));
                kernel.arg(a++, keep(buffers, reals(trTd)));
                kernel.arg(a++, p.firstFreeStep(0.0, 0)).arg(a++, keep(buffers, cl.ints(stimUnits)));
                for (int s = 0; s < 5; s++) {
                    kernel.arg(a++, keep(buffers, realBuffer((long) g * n * LANES)));
                }
                kernel.arg(a++, keep(buffers, cl.ints((long) g * n * LANES)));
                kernel.arg(a++, keep(buffers, exactTime() ? cl.doubles((long) g * n * LANES)
                        : cl.floats((long) g * n * LANES)));
                ClBuffer.Ints counts = keep(buffers, cl.ints((long) g * n * LANES));
                ClBuffer wMax = keep(buffers, realBuffer((long) g * LANES));
                ClBuffer wMin = keep(buffers, realBuffer((long) g * LANES));
                ClBuffer out = keep(buffers, realBuffer(rec.out() ? (long) g * nt * LANES : 1));
                ClBuffer.Ints events = keep(buffers, cl.ints(rec.spikes() ? 2L * g * eventCap : 1));
                ClBuffer.Ints eventCount = keep(buffers, cl.ints(g));
                kernel.arg(a++, counts).arg(a++, wMax).arg(a++, wMin).arg(a++, out).arg(a++, events)
                        .arg(a++, eventCount).arg(a, eventCap);
                kernel.launch(new long[] {g}, new long[] {1});

                int[] evCount = eventCount.readAll();
                if (rec.spikes()) {
                    for (int e : evCount) {
                        maxEvents = Math.max(maxEvents, e);
                    }
                    if (maxEvents > eventCap) {
                        return null;
                    }
                }
                return collect(n, nt, readReals(wMax), readReals(wMin), counts.readAll(),
                        rec.out() ? readReals(out) : null, rec.spikes() ? events.readAll() : null, evCount);
            } finally {
                for (ClBuffer b : buffers) {
                    b.close();
                }
            }
        }

        /** Unpacks the lane layout into the batch's trial order. */
        private LifResult collect(int n, int nt, double[] wMax, double[] wMin, int[] counts, double[] out,
                                  int[] events, int[] evCount) {
            int trials = batch.trials().size();
            double[] maxOut = new double[trials];
            double[] minOut = new double[trials];
            int[] countOut = new int[trials * n];
            double[] outOut = out == null ? null : new double[trials * nt];
            List<List<int[]>> spikeLists = new ArrayList<>();
            for (int b = 0; b < trials && events != null; b++) {
                spikeLists.add(new ArrayList<>());
            }
            for (int k = 0; k < groups.count(); k++) {
                for (int l = 0; l < LANES; l++) {
                    int b = groups.trialOfLane()[k * LANES + l];
                    if (b < 0) {
                        continue;
                    }
                    maxOut[b] = wMax[k * LANES + l];
                    minOut[b] = wMin[k * LANES + l];
                    for (int i = 0; i < n; i++) {
                        countOut[b * n + i] = counts[(k * n + i) * LANES + l];
                    }
                    if (outOut != null) {
                        for (int s = 0; s < nt; s++) {
                            outOut[b * nt + s] = out[(k * nt + s) * LANES + l];
                        }
                    }
                }
                if (events != null) {
                    for (int e = 0; e < evCount[k]; e++) {
                        int at = 2 * (k * eventCap + e);
                        int step = events[at];
                        int unit = events[at + 1] >>> 16;
                        int bits = events[at + 1] & 0xFFFF;
                        for (int l = 0; l < LANES; l++) {
                            int b = groups.trialOfLane()[k * LANES + l];
                            if (b >= 0 && (bits >>> l & 1) != 0) {
                                spikeLists.get(b).add(new int[] {step, unit});
                            }
                        }
                    }
                }
            }
            SpikeTrains[] spikes = null;
            if (events != null) {
                spikes = new SpikeTrains[trials];
                for (int b = 0; b < trials; b++) {
                    List<int[]> list = spikeLists.get(b);
                    int[] steps = new int[list.size()];
                    int[] units = new int[list.size()];
                    for (int s = 0; s < steps.length; s++) {
                        steps[s] = list.get(s)[0];
                        units[s] = list.get(s)[1];
                    }
                    spikes[b] = new SpikeTrains(n, nt, steps, units);
                }
            }
            return new LifResult(nt, n, maxOut, minOut, countOut, outOut, spikes, null);
        }
    }

    private ClProgram program(LifBatch batch, LifRecording rec) {
        LifParams p = batch.params();
        Stimulation stim = batch.stimulation();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("V", LANES);
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
        d.put("STREAM_NOISE", Stream.LIF_NOISE.id);
        d.put("STREAM_STIM", Stream.LIF_STIM.id);
        d.put("RECORD_OUT", rec.out() ? 1 : 0);
        d.put("RECORD_SPIKES", rec.spikes() ? 1 : 0);
        return programs.computeIfAbsent(d.toString(), key -> cl.program(d, "philox.cl", "lif.cl"));
    }

    /** tlast in double (MATLAB's exact refractory boundary) wherever the device has fp64. */
    private boolean exactTime() {
        return exactTime;
    }

    private static <B extends ClBuffer> B keep(List<ClBuffer> all, B buffer) {
        all.add(buffer);
        return buffer;
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
