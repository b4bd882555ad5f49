package org.eirnn.engine;

import org.eirnn.engine.cpu.CpuEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * The engines every behaviour test runs over (GeNN style): the CPU reference, and OpenCL once available.
 * Use as a {@code @MethodSource}: {@code static Stream<Arguments>} combining {@link #names()} with batch sizes,
 * and open the engine inside the test with {@link #open(String)}.
 */
public final class TestEngines {
    private TestEngines() {
    }

    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("cpu");
        return names;
    }

    public static Engine open(String name) {
        if (name.equals("cpu")) {
            return new CpuEngine();
        }
        throw new IllegalArgumentException(name);
    }
}
