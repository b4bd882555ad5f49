package org.eirnn.engine.opencl;

import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.spiking.CpuLifSimulator;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifTestNetworks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine behaviour tests in the GPU kernel shape ({@code --kernel-shape gpu}) on whatever OpenCL device the tests
 * have (POCL here): W_rec tiled through local memory, trial slices across work-items, LIF work-groups of many
 * work-items. Forward, gradients, Adam steps and LIF equal the CPU reference at the tolerances of the CPU-shape
 * tests, over batch sizes that fill a work-group's trial slices and ones that do not.
 */
class GpuShapeTest {
    private static OpenClEngine gpuShape;

    @BeforeAll
    static void openDevice() {
        gpuShape = new OpenClEngine(OpenClTestDevice.require(), KernelShape.Choice.GPU);
    }

    @AfterAll
    static void closeDevice() {
        if (gpuShape != null) {
            gpuShape.close();
        }
    }

    @ParameterizedTest(name = "K={0} B={1}")
    @CsvSource({"1, 1", "2, 5", "1, 9", "3, 17", "1, 64"})
    void forwardEqualsTheReference(int networks, int trialsPerNetwork) {
        NetworkSpec spec = OpenClRateSessionTest.spec(37, 2, 2, true, Activation.SIGMOID, DecayTaus.range(4, 20));
        assertTrue(gpuShape.shapeFor(spec.n(), networks, trialsPerNetwork).tiled(), "the GPU shape is tiled");
        OpenClRateSessionTest.assertSameForward(gpuShape, spec, networks, trialsPerNetwork,
                OpenClRateSessionTest.xorTrials(networks * trialsPerNetwork), LossFunction.L2);
    }

    /** B = 3, K = 2 puts both networks in one tile's lanes; B = 9 pads 3 tiles to a work-group of 4. */
    @ParameterizedTest(name = "B={0} K={1}")
    @CsvSource({"1, 1", "3, 2", "7, 2", "9, 1", "64, 1"})
    void gradientsEqualTheReference(int trialsPerNetwork, int networks) {
        RateTrainingTest.assertGradientsEqualCpu(gpuShape, RateTrainingTest.spec(Activation.CLIPPED_RELU),
                trialsPerNetwork, networks, LossFunction.L2);
    }

    /** W_rec tiles of 8 columns: N = 26 pads to 28 units, so the training products cross 4 tiles, the last partial. */
    @ParameterizedTest(name = "B={0} K={1}")
    @CsvSource({"3, 2", "9, 1", "16, 2"})
    void gradientsThroughNarrowTilesEqualTheReference(int trialsPerNetwork, int networks) {
        try (OpenClEngine narrow = new OpenClEngine(OpenClTestDevice.require(), new KernelShape(4, 1, 4, 4, 8))) {
            RateTrainingTest.assertGradientsEqualCpu(narrow, RateTrainingTest.spec(Activation.SOFTPLUS),
                    trialsPerNetwork, networks, LossFunction.L1);
        }
    }

    @ParameterizedTest(name = "B={0} K={1}")
    @CsvSource({"1, 1", "7, 2", "9, 1"})
    void adamStepsEqualTheReference(int trialsPerNetwork, int networks) {
        RateTrainingTest.assertTrainStepsEqualCpu(gpuShape, trialsPerNetwork, networks);
    }

    /** In double with the noise off the LIF kernel equals the reference bit for bit, in any work-group shape. */
    @ParameterizedTest(name = "{0} trials")
    @ValueSource(ints = {1, 5, 37})
    void lifInDoubleEqualsTheReference(int trials) {
        RateNetwork net = LifTestNetworks.goNogo(60, 11);
        LifBatch batch = LifTestNetworks.batch(net, new double[] {25, 40}, trials, 31,
                LifParams.spikeRnn(1).withNoiseSd(0), 5);
        LifRecording rec = new LifRecording(true, true, false, 1_000);
        LifResult cpu = new CpuLifSimulator().simulate(batch, rec);
        ClDevice device = OpenClTestDevice.require();
        LifResult ocl;
        try (ClContext cl = new ClContext(device); OpenClLifSimulator sim = new OpenClLifSimulator(cl, true,
                LifShape.of(true, KernelShape.DeviceLimits.of(cl)))) {
            ocl = sim.simulate(batch, rec);
        }
        assertTrue(cpu.spikes()[0].count() > 0, "the test network must spike");
        for (int b = 0; b < cpu.trials(); b++) {
            assertArrayEquals(cpu.spikes()[b].steps(), ocl.spikes()[b].steps(), "trial " + b + " spike steps");
            assertArrayEquals(cpu.spikes()[b].units(), ocl.spikes()[b].units(), "trial " + b + " spike units");
        }
        assertArrayEquals(cpu.out(), ocl.out(), 0.0);
        assertArrayEquals(cpu.spikeCounts(), ocl.spikeCounts());
    }
}
