package org.eirnn.engine.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads OpenCL C files from the classpath folder {@code /kernels/} (the top-level {@code kernels/} folder of the
 * source tree, packaged by the pom). Programs are built from several files concatenated in order, so shared
 * code such as {@code philox.cl} needs no {@code #include} path on the device compiler.
 *
 * <p>Override: when the system property {@value #OVERRIDE_PROPERTY} names a folder, a kernel file found there is
 * read instead of the packaged one (the others still come from the jar). It is read here only, at every program
 * build; it lets a patched kernel be tried without rebuilding the jar ({@code EIRNN_JAVA_OPTS=-Deirnn.kernels=DIR
 * tools/eirnn check}) and lets the tests of {@code eirnn check} feed it a broken kernel.
 */
public final class KernelSources {
    /** System property naming a folder of kernel files that replace the packaged ones of the same name. */
    public static final String OVERRIDE_PROPERTY = "eirnn.kernels";

    private KernelSources() {
    }

    public static String read(String file) {
        String folder = System.getProperty(OVERRIDE_PROPERTY);
        if (folder != null && Files.isRegularFile(Path.of(folder, file))) {
            try {
                return Files.readString(Path.of(folder, file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new OpenClException("cannot read kernel source " + Path.of(folder, file) + ": " + e.getMessage(),
                        e);
            }
        }
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
