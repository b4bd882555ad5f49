package org.eirnn.engine.opencl;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The OpenCL device tests run on: the first device found. Without one the test is skipped with the reason,
 * except under CI=true where a missing device is a failure (CI installs POCL, so a skip would hide a break).
 */
public final class OpenClTestDevice {
    private OpenClTestDevice() {
    }

    public static ClDevice require() {
        ClPlatforms.Discovery found = ClPlatforms.discover();
        if (!found.found()) {
            String why = "no OpenCL device: " + found.problem();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why + " (CI=true requires one; install pocl-opencl-icd)");
            }
            Assumptions.abort(why + "; OpenCL tests skipped");
        }
        return found.devices().get(0);
    }
}
