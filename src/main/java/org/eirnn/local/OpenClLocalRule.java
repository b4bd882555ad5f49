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
 * The OpenCL engine of the local rule ({@code kernels/local_rule.cl}): one work-item per network, every pass and
 * step of a call in one launch. The ensemble's state is uploaded before and read back after each call (a few
 * hundred numbers per network), so the host's {@link LocalEnsemble} stays the one state. Float by default; double
 * where the device has fp64 (tests hold it to the CPU reference to rounding).
 */
public final class OpenClLocalRule implements LocalEngine {
    private final ClContext cl;
    private final boolean doublePrecision;
    private ClProgram program;
    private ClKernel kernel;
    private NgcSpec built;

    public OpenClLocalRule(ClDevice device, boolean doublePrecision) {
        this.cl = new ClContext(device);
        this.doublePrecision = doublePrecision;
    }

    @Override
    public String description() {
        return "opencl " + cl.device().label() + (doublePrecision ? " (double)" : " (float)");
    }

    @Override
    public PassMetrics[][] run(LocalEnsemble e, ForecastTask task, long seed, int firstPass, int passes,
                               boolean learn) {
        ClKernel kn = kernelFor(e.spec);
        int nets = e.networks;
        int p = e.spec.parameters();
        try (Device theta = new Device(interleaved(e.theta, nets, p));
             Device trace = new Device(interleaved(e.trace, nets, p));
             Device m = new Device(interleaved(e.m, nets, p));
             Device v = new Device(interleaved(e.v, nets, p));
             Device series = new Device(task.values());
             Device metrics = new Device(new double[2 * passes * nets])) {
            kn.arg(0, nets).arg(1, task.points()).arg(2, series.buffer).arg(3, (int) seed).arg(4, firstPass)
                    .arg(5, passes).arg(6, learn ? 1 : 0).arg(7, EVAL_PASS_ID).arg(8, Math.toIntExact(e.adamSteps()))
                    .arg(9, theta.buffer).arg(10, trace.buffer).arg(11, m.buffer).arg(12, v.buffer)
                    .arg(13, metrics.buffer);
            kn.launch(new long[] {nets}, null);
            cl.finish();
            if (learn) {
                networkMajor(theta.read(), e.theta, nets, p);
                networkMajor(trace.read(), e.trace, nets, p);
                networkMajor(m.read(), e.m, nets, p);
                networkMajor(v.read(), e.v, nets, p);
                e.setAdamSteps(e.adamSteps() + (long) passes * task.steps());
            }
            return metrics(metrics.read(), passes, nets, (long) task.steps() * e.spec.channels());
        }
    }

    private static PassMetrics[][] metrics(double[] raw, int passes, int nets, long count) {
        PassMetrics[][] out = new PassMetrics[passes][nets];
        for (int q = 0; q < passes; q++) {
            for (int k = 0; k < nets; k++) {
                int at = (q * nets + k) * 2;
                out[q][k] = new PassMetrics(raw[at], raw[at + 1], count);
            }
        }
        return out;
    }

    /** The program for {@code spec}, rebuilt only when the spec changes. */
    private ClKernel kernelFor(NgcSpec spec) {
        if (!spec.equals(built)) {
            releaseProgram();
            Map<String, Object> d = new LinkedHashMap<>();
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
            program = cl.program(d, "philox.cl", "local_rule.cl");
            kernel = program.kernel("local_forecast");
            built = spec;
        }
        return kernel;
    }

    /** A build constant in the kernel's precision (a float literal gets its f). */
    private Object constant(double value) {
        return doublePrecision ? (Object) value : (Object) (float) value;
    }

    /** Network-major {@code [k][p]} to the device's {@code [p][k]}. */
    private static double[] interleaved(double[] networkMajor, int nets, int p) {
        double[] out = new double[networkMajor.length];
        for (int k = 0; k < nets; k++) {
            for (int q = 0; q < p; q++) {
                out[q * nets + k] = networkMajor[k * p + q];
            }
        }
        return out;
    }

    private static void networkMajor(double[] interleaved, double[] out, int nets, int p) {
        for (int k = 0; k < nets; k++) {
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

        double[] read() {
            if (buffer instanceof ClBuffer.Doubles d) {
                return d.readAll();
            }
            float[] f = ((ClBuffer.Floats) buffer).readAll();
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
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
