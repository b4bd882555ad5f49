package org.eirnn.local;

import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.OpenClTestDevice;
import org.eirnn.task.ForecastTask;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenCL kernel of the local rule ({@code kernels/local_rule.cl}) equals the CPU reference: in double to
 * rounding over whole passes, in float within float tolerances over a shorter run, for several network counts
 * (one, a few, more than a vector's lanes and not a multiple of them) and lanes per work-item (1 as on a GPU, 16 as
 * on a CPU; idle padding networks when the count is not a multiple). Noise on, the exhibit's network.
 */
class LocalEnginesTest {
    private static final long SEED = 7;

    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(3, 1), Arguments.of(17, 1), Arguments.of(1, 16),
                Arguments.of(3, 4), Arguments.of(17, 16), Arguments.of(40, 8));
    }

    /** Both engines from one initial ensemble: train {@code passes}, then one evaluation pass. */
    private static double[][] compare(LocalEngine device, int networks, ForecastTask task, int passes,
                                      double[] worst) {
        NgcSpec spec = NgcSpec.exhibit(1);
        LocalEnsemble cpu = LocalEnsemble.initial(spec, networks, SEED);
        LocalEnsemble dev = cpu.copy();
        CpuLocalRule reference = new CpuLocalRule();
        PassMetrics[][] mc = reference.run(cpu, task, SEED, 0, passes, true);
        PassMetrics[][] md = device.run(dev, task, SEED, 0, passes, true);
        PassMetrics[][] ec = reference.run(cpu, task, SEED, 0, 1, false);
        PassMetrics[][] ed = device.run(dev, task, SEED, 0, 1, false);
        assertEquals(cpu.adamSteps(), dev.adamSteps());
        worst[0] = Math.max(maxAbs(cpu.theta, dev.theta), 0);
        worst[1] = Math.max(maxAbs(cpu.m, dev.m), maxAbs(cpu.trace, dev.trace));
        for (int k = 0; k < networks; k++) {
            for (int q = 0; q < passes; q++) {
                worst[2] = Math.max(worst[2], relative(mc[q][k].sse(), md[q][k].sse()));
                worst[2] = Math.max(worst[2], relative(mc[q][k].sae(), md[q][k].sae()));
            }
            worst[2] = Math.max(worst[2], relative(ec[0][k].sse(), ed[0][k].sse()));
        }
        return new double[][] {cpu.theta, dev.theta};
    }

    @ParameterizedTest(name = "double kernel, {0} network(s), {1} per work-item")
    @MethodSource("shapes")
    void doubleKernelEqualsCpuToRounding(int networks, int lanes) {
        ClDevice device = OpenClTestDevice.require();
        Assumptions.assumeTrue(device.fp64(), "device without fp64");
        double[] worst = new double[3];
        try (LocalEngine cl = new OpenClLocalRule(device, true, lanes)) {
            compare(cl, networks, ForecastTask.sine(300), 3, worst);
        }
        assertTrue(worst[0] < 1e-10, "theta differs by " + worst[0]);
        assertTrue(worst[1] < 1e-10, "trace or m differs by " + worst[1]);
        assertTrue(worst[2] < 1e-10, "metrics differ by " + worst[2]);
    }

    @ParameterizedTest(name = "float kernel, {0} network(s), {1} per work-item")
    @MethodSource("shapes")
    void floatKernelEqualsCpu(int networks, int lanes) {
        double[] worst = new double[3];
        try (LocalEngine cl = new OpenClLocalRule(OpenClTestDevice.require(), false, lanes)) {
            compare(cl, networks, ForecastTask.sine(300), 2, worst);
        }
        assertTrue(worst[0] < 2e-5, "theta differs by " + worst[0]);
        assertTrue(worst[1] < 2e-5, "trace or m differs by " + worst[1]);
        assertTrue(worst[2] < 1e-4, "metrics differ by " + worst[2]);
    }

    static double maxAbs(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }

    static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(1e-12, Math.abs(a));
    }
}
