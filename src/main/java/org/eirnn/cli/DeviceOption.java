package org.eirnn.cli;

import org.eirnn.engine.Engine;
import org.eirnn.engine.EngineChoice;
import org.eirnn.engine.opencl.KernelShape;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code --device}: the engine a command runs on. Commands differ only in the default: {@code auto} for training and
 * the searches, {@code cpu} (the double-precision reference) for {@code lif}, whose single runs are compared with
 * MATLAB. {@code --kernel-shape}: how the OpenCL kernels map work onto the device ({@link KernelShape.Choice}).
 */
final class DeviceOption {
    static final Flag DEVICE = Flag.value("device", "dev",
            "engine: auto (the first GPU, else any OpenCL device, else cpu), cpu, opencl or opencl:P:D");
    static final Flag KERNEL_SHAPE = Flag.value("kernel-shape", "S",
            "OpenCL kernel shape: auto (gpu on GPUs and accelerators, cpu on CPU devices), cpu (trials in float16 "
                    + "lanes, a network per work-item) or gpu (W_rec tiles in local memory, trials and units across "
                    + "work-items), forced on any OpenCL device").detail("default auto");

    private DeviceOption() {
    }

    /** The group with {@code spec} as this command's default, and --kernel-shape. */
    static OptionGroup defaultingTo(String spec) {
        return () -> List.of(DEVICE.detail("default " + spec), KERNEL_SHAPE);
    }

    static String spec(Args a, String defaultSpec) {
        return a.string(DEVICE, defaultSpec);
    }

    /** {@code --kernel-shape}, auto when absent. */
    static KernelShape.Choice shape(Args a) {
        return KernelShape.Choice.parse(a.string(KERNEL_SHAPE, "auto"), "--kernel-shape");
    }

    static Engine open(Args a, String defaultSpec, PrintStream err) {
        return org.eirnn.engine.FallbackEngine.around(EngineChoice.open(spec(a, defaultSpec), shape(a), err), err);
    }
}
