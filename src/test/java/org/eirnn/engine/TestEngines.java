package org.eirnn.engine;

import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.engine.opencl.OpenClEngine;
import org.eirnn.engine.opencl.OpenClTestDevice;

import java.util.List;

/**
 * The engines every behaviour test runs over (GeNN style): the CPU reference and OpenCL on the first device.
 * Use as a {@code @MethodSource}: {@code static Stream<Arguments>} combining {@link #names()} with batch sizes,
 * and open the engine inside the test with {@link #open(String)}. Without an OpenCL device the opencl cases are
 * skipped with the reason, except under CI=true where they fail.
 */
public final class TestEngines {
    private TestEngines() {
    }

    public static List<String> names() {
        return List.of("cpu", "opencl");
    }

    public static Engine open(String name) {
        return switch (name) {
            case "cpu" -> new CpuEngine();
            case "opencl" -> new OpenClEngine(OpenClTestDevice.require());
            default -> throw new IllegalArgumentException(name);
        };
    }

}
