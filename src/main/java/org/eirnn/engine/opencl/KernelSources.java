package org.eirnn.engine.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads OpenCL C files from the classpath folder {@code /kernels/} (the top-level {@code kernels/} folder of the
 * source tree, packaged by the pom). Programs are built from several files concatenated in order, so shared
 * code such as {@code philox.cl} needs no {@code #include} path on the device compiler.
 */
public final class KernelSources {
    private KernelSources() {
    }

    public static String read(String file) {
        String path = "/kernels/" + file;
        try (InputStream in = KernelSources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new OpenClException("kernel source " + path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OpenClException("cannot read kernel source " + path + ": " + e.getMessage(), e);
        }
    }
}
