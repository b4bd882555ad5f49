package org.eirnn.cli;

import org.eirnn.engine.Engine;
import org.eirnn.engine.EngineChoice;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code --device}: the engine a command runs on. Commands differ only in the default: {@code auto} for training and
 * the searches, {@code cpu} (the double-precision reference) for {@code lif}, whose single runs are compared with
 * MATLAB.
 */
final class DeviceOption {
    static final Flag DEVICE = Flag.value("device", "dev",
            "engine: auto (the first GPU, else any OpenCL device, else cpu), cpu, opencl or opencl:P:D");

    private DeviceOption() {
    }

    /** The group with {@code spec} as this command's default. */
    static OptionGroup defaultingTo(String spec) {
        return () -> List.of(DEVICE.detail("default " + spec));
    }

    static String spec(Args a, String defaultSpec) {
        return a.string(DEVICE, defaultSpec);
    }

    static Engine open(Args a, String defaultSpec, PrintStream err) {
        return org.eirnn.engine.FallbackEngine.around(EngineChoice.open(spec(a, defaultSpec), err), err);
    }
}
