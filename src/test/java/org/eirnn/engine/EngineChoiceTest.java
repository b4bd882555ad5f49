package org.eirnn.engine;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.ClPlatforms;
import org.eirnn.engine.opencl.OpenClTestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineChoiceTest {
    private static final ClPlatforms.Discovery NONE = new ClPlatforms.Discovery(List.of(), "no OpenCL platform");

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpu", "opencl:", "opencl:0", "opencl:a:b", "opencl:-1:0", "opencl:0:0:0", "CPU0"})
    void malformedSpecsAreInvalidInput(String spec) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EngineChoice.open(spec, log, ClPlatforms.discover()));
        assertTrue(e.getMessage().contains("'" + spec + "'"), e.getMessage());
    }

    @Test
    void unknownDeviceNumberListsTheAvailableOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EngineChoice.open("opencl:99:0", log, ClPlatforms.discover()));
        assertTrue(e.getMessage().contains("no such OpenCL device"), e.getMessage());
    }

    @Test
    void withoutOpenClAutoFallsBackToCpuAndSaysSo() {
        try (Engine e = EngineChoice.open("auto", log, NONE)) {
            assertEquals("cpu", e.kind());
        }
        assertTrue(log().contains("no OpenCL device (no OpenCL platform); using the CPU engine"), log());
    }

    @Test
    void withoutOpenClAnExplicitOpenClRequestIsAClearError() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EngineChoice.open("opencl", log, NONE));
        assertTrue(e.getMessage().contains("no OpenCL device found"), e.getMessage());
    }

    @Test
    void cpuIsAlwaysAvailable() {
        try (Engine e = EngineChoice.open("cpu", log, NONE)) {
            assertEquals("cpu", e.kind());
        }
        assertTrue(log().startsWith("eirnn: device cpu"), log());
    }

    @Test
    void autoAndOpenClAndExplicitPickTheDevice() {
        ClDevice d = OpenClTestDevice.require();
        for (String spec : new String[] {"auto", "opencl", d.spec()}) {
            try (Engine e = EngineChoice.open(spec, log, ClPlatforms.discover())) {
                assertEquals("opencl", e.kind(), spec);
            }
        }
        assertTrue(log().contains(d.spec()), log());
    }
}
