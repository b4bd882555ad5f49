package org.eirnn.local;

import org.eirnn.engine.opencl.ClBuffer;
import org.eirnn.engine.opencl.ClContext;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.ClKernel;
import org.eirnn.engine.opencl.ClProgram;
import org.eirnn.task.ForecastTask;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenCL engine of the local rule ({@code kernels/local_rule.cl}): networks ride in the lanes of a vector (16 per
 * work-item on a CPU device, 1 on a GPU; the ensemble is padded to a multiple with idle networks), every pass and
 * step of a call in one launch. The ensemble's state is uploaded before and read back after each call (a few
 * hundred numbers per network), so the host's {@link LocalEnsemble} stays the one state. Float by default; double
 * where the device has fp64 (tests hold it to the CPU reference to rounding).
 */
public final class OpenClLocalRule implements LocalEngine {
    private final ClContext cl;
    private final boolean doublePrecision;
    private final int lanes;
    /** Work-items per work-group: 1 on a CPU (so that every core gets work-groups), 32 on a GPU. */
    private final int group;
    private ClProgram program;
    private ClKernel kernel;
    private NgcSpec built;

    /** The device's default lanes: 1 on a GPU, else 16 (float) or 8 (double). */
    public OpenClLocalRule(ClDevice device, boolean doublePrecision) {
        this(device, doublePrecision, device.isGpu() ? 1 : doublePrecision ? 8 : 16);
    }

    /** Networks per work-item {@code lanes}: 1, 2, 4, 8 or 16. */
    public OpenClLocalRule(ClDevice device, boolean doublePrecision, int lanes) {
        if (Integer.bitCount(lanes) != 1 || lanes > 16) {
            throw new IllegalArgumentException("lanes must be 1, 2, 4, 8 or 16, got " + lanes);
        }
        this.cl = new ClContext(device);
        this.doublePrecision = doublePrecision;
        this.lanes = lanes;
        this.group = device.isGpu() ? 32 : 1;
    }

    @Override
    public String description() {
        return "opencl " + cl.device().label() + (doublePrecision ? " (double, " : " (float, ") + lanes
                + " network(s) per work-item)";
    }

    @Override
    public PassMetrics[][] run(LocalEnsemble e, ForecastTask task, long seed, int firstPass, int passes,
                               boolean learn) {
        ClKernel kn = kernelFor(e.spec);
        int real = e.networks;
        int perGroup = lanes * group;
        int nets = (real + perGroup - 1) / perGroup * perGroup;
        int p = e.spec.parameters();
        try (Device theta = new Device(interleaved(e.theta, real, nets, p));
             Device trace = new Device(interleaved(e.trace, real, nets, p));
             Device m = new Device(interleaved(e.m, real, nets, p));
             Device v = new Device(interleaved(e.v, real, nets, p));
             Device series = new Device(task.values());
             Device metrics = new Device(new double[2 * passes * nets])) {
            kn.arg(0, nets).arg(1, task.points()).arg(2, series.buffer).arg(3, (int) seed).arg(4, firstPass)
                    .arg(5, passes).arg(6, learn ? 1 : 0).arg(7, EVAL_PASS_ID).arg(8, Math.toIntExact(e.adamSteps()))
                    .arg(9, theta.buffer).arg(10, trace.buffer).arg(11, m.buffer).arg(12, v.buffer)
                    .arg(13, metrics.buffer);
            kn.launch(new long[] {nets / lanes}, new long[] {group});
            cl.finish();
            if (learn) {
                networkMajor(theta.read(), e.theta, real, nets, p);
                networkMajor(trace.read(), e.trace, real, nets, p);
                networkMajor(m.read(), e.m, real, nets, p);
                networkMajor(v.read(), e.v, real, nets, p);
                e.setAdamSteps(e.adamSteps() + (long) passes * task.steps());
            }
            return metrics(metrics.read(), passes, real, nets, (long) task.steps() * e.spec.channels());
        }
    }

    /** The kernel's sums, {@code [2q][k]} and {@code [2q + 1][k]}, of the first {@code real} networks. */
    private static PassMetrics[][] metrics(double[] raw, int passes, int real, int nets, long count) {
        PassMetrics[][] out = new PassMetrics[passes][real];
        for (int q = 0; q < passes; q++) {
            for (int k = 0; k < real; k++) {
                out[q][k] = new PassMetrics(raw[2 * q * nets + k], raw[(2 * q + 1) * nets + k], count);
            }
        }
        return out;
    }

    /** The program for {@code spec}, rebuilt only when the spec changes. */
    private ClKernel kernelFor(NgcSpec spec) {
        if (!spec.equals(built)) {
            releaseProgram();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("VW", lanes);
            if (doublePrecision) {
                d.put("LOCAL_DOUBLE", 1);
            }
            d.put("N", spec.n());
            d.put("NINH", spec.inhibitory());
            d.put("NCH", spec.channels());
            d.put("ALPHA", constant(spec.alpha()));
            d.put("NOISE_PRE", constant(spec.noisePre()));
            d.put("SIGMA_POST", constant(spec.sigmaPost()));
            d.put("INV_TAU", constant(1 / spec.tauElg()));
            d.put("LR", constant(spec.lr()));
            d.put("BETA1", constant(spec.beta1()));
            d.put("BETA2", constant(spec.beta2()));
            d.put("EPS", constant(spec.epsilon()));
            program = cl.program(d, "philox.cl", "vector.cl", "local_rule.cl");
            kernel = program.kernel("local_forecast");
            built = spec;
        }
        return kernel;
    }

    /** A build constant in the kernel's precision (a float literal gets its f). */
    private Object constant(double value) {
        return doublePrecision ? (Object) value : (Object) (float) value;
    }

    /** Network-major {@code [k][p]} to the device's {@code [p][k]}, padded from {@code real} to {@code nets}. */
    private static double[] interleaved(double[] networkMajor, int real, int nets, int p) {
        double[] out = new double[nets * p];
        for (int k = 0; k < real; k++) {
            for (int q = 0; q < p; q++) {
                out[q * nets + k] = networkMajor[k * p + q];
            }
        }
        return out;
    }

    private static void networkMajor(double[] interleaved, double[] out, int real, int nets, int p) {
        for (int k = 0; k < real; k++) {
            for (int q = 0; q < p; q++) {
                out[k * p + q] = interleaved[q * nets + k];
            }
        }
    }

    /** A device copy of host doubles in the kernel's precision. */
    private final class Device implements AutoCloseable {
        final ClBuffer buffer;

        Device(double[] host) {
            if (doublePrecision) {
                buffer = cl.doubles(host);
            } else {
                float[] f = new float[host.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) host[i];
                }
                buffer = cl.floats(f);
            }
        }

        /** The buffer's values as doubles (widened from float). */
        double[] read() {
            if (buffer instanceof ClBuffer.Floats f) {
                float[] values = f.readAll();
                return java.util.stream.IntStream.range(0, values.length).mapToDouble(i -> values[i]).toArray();
            }
            return ((ClBuffer.Doubles) buffer).readAll();
        }

        @Override
        public void close() {
            buffer.close();
        }
    }

    private void releaseProgram() {
        if (kernel != null) {
            kernel.close();
            kernel = null;
        }
        if (program != null) {
            program.close();
            program = null;
        }
        built = null;
    }

    @Override
    public void close() {
        releaseProgram();
        cl.close();
    }
}
