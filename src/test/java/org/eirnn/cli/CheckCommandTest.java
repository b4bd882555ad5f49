package org.eirnn.cli;

import org.eirnn.engine.opencl.KernelSources;
import org.eirnn.engine.opencl.OpenClTestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code eirnn check} on the test device (POCL in CI): passes in both kernel shapes, and fails loudly, row by row,
 * when a kernel is broken on purpose through the {@code eirnn.kernels} override folder.
 */
class CheckCommandTest {

    private record Outcome(int status, String out, String err) {
        /** The table rows whose kernel column starts with {@code kernel}. */
        List<String> rows(String kernel) {
            return out.lines().filter(l -> l.startsWith("  " + kernel)).toList();
        }
    }

    private static Outcome check(String... args) throws Exception {
        OpenClTestDevice.require();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new CheckCommand().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyKernelPassesOnEveryDeviceInBothShapes() throws Exception {
        Outcome r = check("--device", "all", "--shape", "both");
        assertEquals(0, r.status, r.out + r.err);
        for (String kernel : new String[] {"forward", "train: gradients", "train: 3 Adam steps"}) {
            List<String> rows = r.rows(kernel);
            assertTrue(rows.stream().anyMatch(l -> l.contains(" cpu 16x") && l.contains(" pass ")), kernel + "\n" + r.out);
            assertTrue(rows.stream().anyMatch(l -> l.contains(" gpu 4x") && l.contains(" pass ")), kernel + "\n" + r.out);
        }
        for (String lif : new String[] {"lif double", "lif float"}) {
            List<String> rows = r.rows(lif);
            assertTrue(rows.stream().anyMatch(l -> l.contains(" cpu 16x1 ") && l.contains(" pass ")), lif + "\n" + r.out);
            assertTrue(rows.stream().anyMatch(l -> l.contains(" gpu 4x") && l.contains(" pass ")), lif + "\n" + r.out);
        }
        assertTrue(!r.out.contains("FAIL") && r.out.contains("check: every kernel passed"), r.out);
    }

    /**
     * A forward kernel whose readout is off by 0.01 and a LIF kernel that does not compile: those rows fail (the
     * LIF rows with the compiler's build log), the training rows still pass, and the exit status is 1.
     */
    @Test
    void brokenKernelsGiveFailRowsAndTheBuildLog(@TempDir Path kernels) throws Exception {
        String forward = KernelSources.read("rate_forward.cl");
        String readout = "out[oc] = b_out_k[oc];";
        assertTrue(forward.contains(readout), "rate_forward.cl changed; update the line this test perturbs");
        Files.writeString(kernels.resolve("rate_forward.cl"), forward.replace(readout,
                "out[oc] = b_out_k[oc] + 0.01f;"));
        Files.writeString(kernels.resolve("lif.cl"), "__kernel void lif_run(__global float *x) { x[0] = no_such_name; }\n");
        Outcome r;
        System.setProperty(KernelSources.OVERRIDE_PROPERTY, kernels.toString());
        try {
            r = check("--kernel-shape", "gpu");
        } finally {
            System.clearProperty(KernelSources.OVERRIDE_PROPERTY);
        }
        assertEquals(1, r.status, r.out);
        assertTrue(r.rows("forward").get(0).contains(" FAIL "), r.out);
        assertTrue(r.rows("train: gradients").get(0).contains(" pass "), r.out);
        assertTrue(r.rows("train: 3 Adam steps").get(0).contains(" pass "), r.out);
        assertTrue(r.rows("lif float").get(0).contains(" FAIL "), r.out);
        assertTrue(r.out.contains("FAIL forward (x, r, o, loss) [gpu 4x1/4 x") && r.out.contains(" w")
                && r.out.contains("]: max |Δ| of x, r, o"), r.out);
        assertTrue(r.out.contains("build of philox.cl + lif.cl failed") && r.out.contains("no_such_name"), r.out);
        assertTrue(r.out.contains("check: FAILED on"), r.out);
    }

    @Test
    void badShapeOrDeviceIsExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(2, Main.run(new String[] {"check", "--shape", "wide"}, e));
        assertEquals(2, Main.run(new String[] {"check", "--device", "cpu"}, e));
        assertEquals(2, Main.run(new String[] {"check", "--kernel-shape", "wide"}, e));
        assertEquals(2, Main.run(new String[] {"check", "--shape", "cpu", "--kernel-shape", "gpu"}, e));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("--shape 'wide' is not valid"), text);
        assertTrue(text.contains("--device 'cpu' is not valid here"), text);
        assertTrue(text.contains("--kernel-shape 'wide' is not valid: expected auto, cpu or gpu"), text);
        assertTrue(text.contains("--shape and --kernel-shape name the same thing here"), text);
    }
}
