package org.eirnn.cli;

import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.ClPlatforms;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicesCommandTest {

    private static String print(ClPlatforms.Discovery found) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DevicesCommand.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), found);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutOpenClItSaysWhyAndStillListsTheCpuEngine() {
        String out = print(new ClPlatforms.Discovery(List.of(), "no OpenCL platform is installed"));
        assertTrue(out.startsWith("OpenCL: none (no OpenCL platform is installed)"), out);
        assertTrue(out.contains("cpu  cpu (double precision reference"), out);
    }

    @Test
    void eachDeviceShowsItsSelectorAndLimits() {
        ClDevice d = new ClDevice(null, null, 1, 2, "Some Platform", "Some GPU", "Vendor", "GPU", 40,
                8L << 30, 64 << 10, 2L << 30, 1024, false, "OpenCL 1.2 CUDA");
        String out = print(new ClPlatforms.Discovery(List.of(d), null));
        for (String expected : new String[] {"opencl:1:2  Some GPU", "platform        Some Platform",
                "vendor          Vendor", "type            GPU", "compute units   40", "global memory   8192 MiB",
                "local memory    64 KiB", "max allocation  2048 MiB", "fp64            no",
                "version         OpenCL 1.2 CUDA"}) {
            assertTrue(out.contains(expected), "missing '" + expected + "' in\n" + out);
        }
    }
}
