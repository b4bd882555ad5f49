package org.eirnn.io;

import com.jmatio.types.MLArray;
import org.eirnn.InvalidInputException;
import org.eirnn.cli.ExportSampleCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad model file gives one InvalidInputException naming the file and, where there is one, the variable. */
class BadModelFileTest {
    @TempDir
    Path dir;
    private ModelRecord rec;
    private Path file;

    @BeforeEach
    void sample() {
        rec = ExportSampleCommand.sample("go-nogo", 10, 0, true, 21, 3);
        file = dir.resolve("bad.mat");
    }

    private String failure() {
        String message = assertThrows(InvalidInputException.class, () -> MatModelFile.read(file)).getMessage();
        assertTrue(message.contains(file.toString()), "names the file: " + message);
        assertTrue(!message.contains("\n"), "one line: " + message);
        return message;
    }

    /** The sample written by eirnn to {@code file}, and its layout. */
    private MatFileLayout written() throws Exception {
        MatModelFile.write(file, rec);
        return MatFileLayout.scan(file, Files.readAllBytes(file));
    }

    private void tensorFlowFile(UnaryOperator<List<MLArray>> edit) throws Exception {
        ReferenceFiles.write(file, ReferenceFiles.tensorFlow(rec), edit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"w", "w_in", "m", "som_m", "taus", "activation", "N", "inh", "eval_os", "u"})
    void missingVariableIsNamed(String name) throws Exception {
        tensorFlowFile(v -> ReferenceFiles.without(v, name));
        String message = failure();
        assertTrue(message.contains("'" + name + "' is missing"), message);
    }

    @Test
    void misShapedWeightsAreNamedWithTheExpectedShape() throws Exception {
        tensorFlowFile(v -> ReferenceFiles.replacing(v, ReferenceFiles.single("w", new int[] {10, 9}, new double[90])));
        String message = failure();
        assertTrue(message.contains("'w' is 10×9 single, expected 10×10"), message);
    }

    @Test
    void misShapedTrajectoryIsNamed() throws Exception {
        tensorFlowFile(v -> ReferenceFiles.replacing(v, ReferenceFiles.single("x", new int[] {200, 9, 1},
                new double[1800])));
        assertTrue(failure().contains("'x' is 200×9×1 single, expected 200×10×1"));
    }

    @Test
    void outputsNotMatchingTheTrialLengthAreNamed() throws Exception {
        tensorFlowFile(v -> ReferenceFiles.replacing(v, ReferenceFiles.single("o", new int[] {150, 1, 1},
                new double[150])));
        String message = failure();
        assertTrue(message.contains("'o' is 150×1×1 single, expected 199 outputs (T−1, T=200 from u)"), message);
    }

    @Test
    void wOfAnIntegerClassIsRejected() throws Exception {
        tensorFlowFile(v -> ReferenceFiles.replacing(v, new com.jmatio.types.MLInt64("w", new int[] {10, 10})));
        assertTrue(failure().contains("'w' is int64, expected single"));
    }

    @Test
    void signMatrixDisagreeingWithInhIsRejected() throws Exception {
        double[] m = new double[100];
        for (int j = 0; j < 10; j++) {
            m[j * 10 + j] = rec.network().sign(j);
        }
        m[0] = -m[0]; // unit 1's sign contradicts inh(1)
        tensorFlowFile(v -> ReferenceFiles.replacing(v, ReferenceFiles.single("m", new int[] {10, 10}, m)));
        String message = failure();
        assertTrue(message.contains("variable 'm' has " + m[0] + " at (1,1)"), message);
    }

    @Test
    void flagsOtherThanZeroOneAreRejected() throws Exception {
        double[] inh = new double[10];
        inh[2] = 2;
        tensorFlowFile(v -> ReferenceFiles.replacing(v, ReferenceFiles.dbl("inh", new int[] {10, 1}, inh)));
        assertTrue(failure().contains("variable 'inh' has value 2.0 at unit 3"));
    }

    @Test
    void matlabV73FileIsRecognised() throws Exception {
        byte[] header = new byte[600];
        byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 ."
                .getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(header, 0, 116, (byte) ' ');
        System.arraycopy(text, 0, header, 0, text.length);
        header[124] = 0x00;
        header[125] = 0x02;
        header[126] = 'I';
        header[127] = 'M';
        byte[] hdf5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        System.arraycopy(hdf5, 0, header, 512, hdf5.length);
        Files.write(file, header);
        assertTrue(failure().contains("v7.3 (HDF5)"));
    }

    @Test
    void plainHdf5FileIsRecognised() throws Exception {
        byte[] b = new byte[1024];
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, b, 0, 8);
        Files.write(file, b);
        assertTrue(failure().contains("v7.3 (HDF5)"));
    }

    @Test
    void textFileIsNotAMatFile() throws Exception {
        Files.writeString(file, "x0,r0,w0\n".repeat(40));
        assertTrue(failure().contains("is not a MATLAB level-5 MAT-file"));
    }

    @Test
    void emptyFileIsTooShort() throws Exception {
        Files.write(file, new byte[0]);
        assertTrue(failure().contains("shorter than the 128-byte MAT-file header"));
    }

    @Test
    void missingFileIsNamed() {
        assertTrue(failure().contains("does not exist"));
    }

    /** Cut inside each variable in turn: the error names that variable. */
    @Test
    void truncatedFileNamesTheVariableWhereItEnds() throws Exception {
        MatFileLayout layout = written();
        byte[] whole = layout.bytes;
        for (MatFileLayout.Element e : layout.elements) {
            Files.write(file, Arrays.copyOf(whole, e.end() - 1));
            String message = failure();
            assertTrue(message.contains("truncated") && message.contains("'" + e.name() + "'"), message);
        }
        MatFileLayout.Element second = layout.elements.get(1);
        Files.write(file, Arrays.copyOf(whole, second.offset() + 10));
        String early = failure();
        assertTrue(early.contains("truncated") && early.contains("after '" + layout.elements.get(0).name() + "'"), early);
        Files.write(file, Arrays.copyOf(whole, MatFileLayout.HEADER_BYTES + 5));
        assertTrue(failure().contains("truncated: a partial data element tag"));
    }

    /** A variable whose compressed bytes are damaged (length intact, so only zlib notices) is named. */
    @Test
    void corruptCompressedVariableIsNamed() throws Exception {
        tensorFlowFile(v -> v); // MatFileRW compresses every variable
        damageSecondHalf("w");
        String message = failure();
        assertTrue(message.contains("'w'"), message);
    }

    /** A broken variable that eirnn does not read (e.g. analysis data appended in MATLAB) is skipped with a note. */
    @Test
    void undecodableUnusedVariableIsSkippedWithANote() throws Exception {
        tensorFlowFile(v -> {
            double[] spikes = new java.util.Random(1).doubles(2000).toArray(); // incompressible: a long zlib stream
            v.add(ReferenceFiles.dbl("trial_spks", new int[] {40, 50}, spikes));
            return v;
        });
        damageSecondHalf("trial_spks");
        MatModelFile.ImportedModel model = MatModelFile.read(file);
        assertTrue(model.notes().contains("variables eirnn does not use and cannot decode were skipped: trial_spks"),
                model.notes().toString());
        assertArrayEquals(MatModelFileTest.floats(ReferenceImportTest.relu(rec.network())),
                model.record().network().w);
    }

    /** Flips the bits of the second half of a variable's bytes (its name, near the start, stays readable). */
    private void damageSecondHalf(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        MatFileLayout.Element e = MatFileLayout.scan(file, bytes).elements.stream()
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        for (int k = (e.offset() + e.end()) / 2; k < e.end() - 8; k++) {
            bytes[k] ^= 0x5a;
        }
        Files.write(file, bytes);
    }

    /** A data element of a type that cannot start a variable is reported with its position. */
    @Test
    void unexpectedElementTypeIsCorrupt() throws Exception {
        MatModelFile.write(file, rec);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(MatFileLayout.HEADER_BYTES, 3); // BE file: type miUINT8 at top level
        Files.write(file, bytes);
        assertTrue(failure().contains("is corrupt: data element 1"));
    }

    /** A NaN in any network parameter is named with its 1-based MATLAB (row, col), in spikeRNN files. */
    @ParameterizedTest
    @ValueSource(strings = {"w", "w0", "w_in", "w_in0", "w_out", "b_out", "taus_gaus", "taus_gaus0"})
    void nonFiniteWeightIsNamedWithItsPosition(String name) throws Exception {
        int[] dims = switch (name) {
            case "w", "w0" -> new int[] {10, 10};
            case "w_in", "w_in0" -> new int[] {10, rec.network().spec.inputs()};
            case "w_out" -> new int[] {1, 10};
            case "b_out" -> new int[] {1, 1};
            default -> new int[] {10, 1};
        };
        double[] values = new double[dims[0] * dims[1]];
        int row = dims[0] > 1 ? 3 : 0;
        int col = dims[1] > 1 ? (dims[1] > 4 ? 4 : dims[1] - 1) : 0;
        values[row * dims[1] + col] = Double.NaN;
        tensorFlowFile(v -> ReferenceFiles.replacing(v, ReferenceFiles.single(name, dims, values)));
        String message = failure();
        assertTrue(message.contains("variable '" + name + "' has NaN at (" + (row + 1) + "," + (col + 1) + ")"),
                message);
    }

    /** eirnn's own files: the exact double copy is what is checked. */
    @Test
    void infiniteWeightInAnEirnnFileIsRefused() throws Exception {
        rec.network().wOut[6] = Double.POSITIVE_INFINITY;
        MatModelFile.write(file, rec);
        String message = failure();
        assertTrue(message.contains("'w_out' has Infinity at (1,7)")
                || message.contains("'eirnn_exact_w_out' has Infinity at (1,7)"), message);
    }

    @Test
    void nonFiniteInitialReadoutIsRefused() throws Exception {
        rec.initial().wOut[2] = Double.NaN;
        MatModelFile.write(file, rec);
        assertTrue(failure().contains("'eirnn_w_out0' has NaN at (1,3)"));
    }

    /** Weights must be floating point whatever their class: int16 w_out is refused as int32 w is. */
    @Test
    void integerReadoutIsRefusedLikeIntegerW() throws Exception {
        com.jmatio.types.MLInt16 wOut = new com.jmatio.types.MLInt16("w_out", new int[] {1, 10});
        tensorFlowFile(v -> ReferenceFiles.replacing(v, wOut));
        assertTrue(failure().contains("variable 'w_out' is int16, expected single or double"));
    }

    @Test
    void unknownTaskInTheFileIsNamedWithTheFile() throws Exception {
        MatFileLayout layout = written();
        java.io.ByteArrayOutputStream task = new java.io.ByteArrayOutputStream();
        MatFileEncoder.elements(task, layout.order).chars("eirnn_task", "go-no-go");
        Files.write(file, layout.replacing(java.util.Set.of("eirnn_task"), task.toByteArray()));
        assertTrue(failure().contains("variable 'eirnn_task' is 'go-no-go', expected one of go-nogo, xor, mante, dms"));
    }

    /** Cut exactly between two variables after spikeRNN's table: read, with a note naming where it ends. */
    @Test
    void fileCutAtAVariableBoundaryIsNoted() throws Exception {
        MatFileLayout layout = written();
        byte[] whole = layout.bytes;
        assertTrue(MatModelFile.read(file).notes().stream().noneMatch(n -> n.contains("cut short")));
        List<MatFileLayout.Element> e = layout.elements;
        int cut = e.size() - 1;
        Files.write(file, Arrays.copyOf(whole, e.get(cut).offset()));
        List<String> notes = MatModelFile.read(file).notes();
        assertTrue(notes.stream().anyMatch(n -> n.contains("cut short after variable '" + e.get(cut - 1).name() + "'")),
                notes.toString());
        int inTable = e.indexOf(e.stream().filter(x -> x.name().equals("tr")).findFirst().orElseThrow());
        Files.write(file, Arrays.copyOf(whole, e.get(inTable).offset()));
        assertTrue(failure().contains("' is missing"));
    }
}
