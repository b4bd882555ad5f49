package org.eirnn.io;

import com.jmatio.io.MatFileReader;
import com.jmatio.types.MLArray;
import org.eirnn.cli.ExportSampleCommand;
import org.eirnn.io.MatModelFile.Flavour;
import org.eirnn.io.MatModelFile.ImportedModel;
import org.eirnn.model.RateNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export of eirnn's own files (spec §2.7 classes and shapes) and the bit-exact round trip. */
class MatModelFileTest {
    @TempDir
    Path dir;

    /** Spec §2.7: MATLAB class and dimensions of every variable for N, N_in, T, 100 eval trials, n_trials losses. */
    static Map<String, String> expectedLayout(int n, int nIn, int t, int evalTrials, int nTrials, boolean textLabels,
                                              int taus) {
        return Map.ofEntries(
                Map.entry("x0", "single " + t + "x" + n + "x1"), Map.entry("r0", "single " + t + "x" + n + "x1"),
                Map.entry("w0", "single " + n + "x" + n), Map.entry("taus_gaus0", "single " + n + "x1"),
                Map.entry("w_in0", "single " + n + "x" + nIn), Map.entry("u", "double " + nIn + "x" + t),
                Map.entry("o", "single " + (t - 1) + "x1x1"), Map.entry("w", "single " + n + "x" + n),
                Map.entry("x", "single " + t + "x" + n + "x1"), Map.entry("r", "single " + t + "x" + n + "x1"),
                Map.entry("target", "double 1x" + t), Map.entry("w_out", "single 1x" + n),
                Map.entry("m", "single " + n + "x" + n), Map.entry("som_m", "single " + n + "x" + n),
                Map.entry("N", "int64 1x1"), Map.entry("exc", "logical " + n + "x1"),
                Map.entry("inh", "logical " + n + "x1"), Map.entry("w_in", "single " + n + "x" + nIn),
                Map.entry("b_out", "single 1x1"), Map.entry("som_N", "int64 1x1"),
                Map.entry("losses", "double 1x" + nTrials), Map.entry("taus", "double 1x" + taus),
                Map.entry("eval_perf_mean", "double 1x1"), Map.entry("eval_loss_mean", "double 1x1"),
                Map.entry("eval_os", "double " + evalTrials + "x" + (t - 1)),
                Map.entry("eval_labels", textLabels ? "char " + evalTrials + "x4" : "double 1x" + evalTrials),
                Map.entry("taus_gaus", "single " + n + "x1"), Map.entry("tr", "int64 1x1"),
                Map.entry("activation", "char 1x7"));
    }

    static String describe(MLArray a) {
        String cls = a.isLogical() ? "logical" : MLArray.typeToString(a.getType());
        return cls + " " + String.join("x", Arrays.stream(a.getDimensions()).mapToObj(Integer::toString).toList());
    }

    @ParameterizedTest
    @CsvSource({"go-nogo, 1, false", "xor, 2, true", "mante, 4, false"})
    void exportHasEveryVariableOfTheSpecTableWithItsClassAndShape(String task, int nIn, boolean text) throws Exception {
        ModelRecord rec = ExportSampleCommand.sample(task, 12, 0, true, 3, 5);
        Path file = dir.resolve("m.mat");
        MatModelFile.write(file, rec);
        Map<String, MLArray> vars = new MatFileReader(file.toFile()).getContent();
        Map<String, String> expected = expectedLayout(12, nIn, rec.steps(), 5, 10, text, 2);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertTrue(vars.containsKey(e.getKey()), "missing " + e.getKey());
            assertEquals(e.getValue(), describe(vars.get(e.getKey())), e.getKey());
        }
        for (String name : vars.keySet()) {
            assertTrue(expected.containsKey(name) || name.startsWith(MatModelFile.PREFIX)
                    || FamilyVariables.NAMES.contains(name), "unexpected " + name);
        }
        assertEquals("sigmoid", ((com.jmatio.types.MLChar) vars.get("activation")).getString(0));
    }

    /** som_N above the inhibitory count, or without Dale (spikeRNN accepts both and stores som_N as given), round-trips. */
    @ParameterizedTest
    @CsvSource({"10, true", "3, false"})
    void somNAboveTheInhibitoryCountRoundTrips(int somN, boolean dale) throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 10, somN, dale, 5, 3);
        Path file = dir.resolve("som.mat");
        MatModelFile.write(file, rec);
        RateNetwork back = MatModelFile.read(file).record().network();
        assertEquals(somN, back.spec.somN());
        assertTrue(back.sameParameters(rec.network()), "network differs");
    }

    @Test
    void storedWIsReluOfTheRawWeightsWithDaleAndTheSignMatrixFollowsInh() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 10, 1, true, 5, 3);
        RateNetwork net = rec.network();
        net.w[3] = -0.25; // a weight pushed negative by training: dead in the forward pass
        Path file = dir.resolve("m.mat");
        MatModelFile.write(file, rec);
        MatVariables v = new MatVariables(file, new MatFileReader(file.toFile()).getContent());
        double[] w = v.matrix("w", 10, 10, "");
        double[] m = v.matrix("m", 10, 10, "");
        for (int k = 0; k < w.length; k++) {
            assertEquals((float) Math.max(net.w[k], 0), w[k], 0.0);
            int i = k / 10;
            int j = k % 10;
            assertEquals(i != j ? 0 : net.inh[j] ? -1 : 1, m[k], 0.0);
        }
        assertArrayEquals(rec.x0(), Arrays.stream(MatArrays.rowMajor(v.numbers("x0"), rec.steps()))
                .toArray(), 1e-6);
    }

    @ParameterizedTest
    @CsvSource({"go-nogo, true, 0", "xor, true, 2", "mante, false, 0"})
    void exportThenImportGivesTheSameNetworkBitForBit(String task, boolean dale, int somN) throws Exception {
        ModelRecord rec = ExportSampleCommand.sample(task, 16, somN, dale, 11, 4);
        rec.network().w[5] = -1e-3; // raw negative weight (dead with Dale) must survive
        rec.network().bOut[0] = 0.1; // not representable in single precision
        Path file = dir.resolve("Task_" + task + "_N_16_Taus_4.0_20.0_Act_sigmoid_2026_01_01_000000.mat");
        MatModelFile.write(file, rec);
        ImportedModel imported = MatModelFile.read(file);
        ModelRecord back = imported.record();
        assertEquals(Flavour.EIRNN, imported.flavour());
        assertTrue(back.network().sameParameters(rec.network()), "trained network differs");
        assertTrue(back.initial().sameParameters(rec.initial()), "initial network differs");
        assertEquals(task, back.task());
        assertEquals(rec.steps(), back.steps());
        assertEquals(rec.lastTrial(), back.lastTrial());
        assertArrayEquals(rec.u(), back.u());
        assertArrayEquals(rec.target(), back.target());
        assertArrayEquals(rec.losses(), back.losses());
        assertArrayEquals(rec.evalOutputs(), back.evalOutputs());
        assertArrayEquals(rec.evalLabels(), back.evalLabels());
        assertEquals(rec.textLabels(), back.textLabels());
        assertEquals(rec.evalPerfMean(), back.evalPerfMean());
        assertEquals(rec.evalLossMean(), back.evalLossMean());
        assertArrayEquals(floats(rec.x()), back.x());
        assertArrayEquals(floats(rec.r0()), back.r0());
        assertArrayEquals(floats(rec.o()), back.o());
        assertEquals(rec.extras(), back.extras());
        assertNull(back.grid());
    }

    @Test
    void writeLeavesNoTemporaryFileAndReplacesAnOldFile() throws Exception {
        Path file = dir.resolve("model.mat");
        Files.writeString(file, "old content");
        MatModelFile.write(file, ExportSampleCommand.sample("go-nogo", 8, 0, true, 1, 2));
        try (var listing = Files.list(dir)) {
            assertEquals(java.util.List.of(file), listing.toList());
        }
        assertFalse(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("old"));
        assertEquals(8, MatModelFile.read(file).record().network().n());
    }

    /**
     * Like scipy.io.savemat (and so spikeRNN's TensorFlow code): little-endian, uncompressed. Octave's save -append
     * writes native little-endian elements, which would corrupt a big-endian file.
     */
    @Test
    void fileIsLittleEndianAndUncompressedLikeScipy() throws Exception {
        Path file = dir.resolve("m.mat");
        MatModelFile.write(file, ExportSampleCommand.sample("go-nogo", 8, 0, true, 1, 2));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals("MATLAB 5.0 MAT-file", new String(bytes, 0, 19, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals('I', bytes[126]);
        assertEquals('M', bytes[127]);
        MatFileLayout layout = MatFileLayout.scan(file, bytes);
        assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, layout.order);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(layout.order);
        for (MatFileLayout.Element e : layout.elements) {
            assertEquals(14, b.getInt(e.offset()), e.name() + " is an uncompressed miMATRIX");
            assertEquals(0, (e.end() - e.offset()) % 8, e.name() + " is 8-byte aligned");
        }
    }

    static double[] floats(double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }
}
