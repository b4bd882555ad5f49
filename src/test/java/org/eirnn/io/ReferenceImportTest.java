package org.eirnn.io;

import com.jmatio.types.MLInt64;
import org.eirnn.cli.ExportSampleCommand;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.io.MatModelFile.Flavour;
import org.eirnn.io.MatModelFile.ImportedModel;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;
import org.eirnn.task.TrialBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.eirnn.io.MatModelFileTest.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Import of files written by spikeRNN's TensorFlow code (spec §2.7), its PyTorch port (spec §3 item 6) and files
 * to which MATLAB's lambda_grid_search.m appended its results (spec §5), each built by {@link ReferenceFiles} in
 * that flavour's layout.
 */
class ReferenceImportTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"go-nogo, true, 0", "xor, true, 1", "mante, false, 0"})
    void tensorFlowFileImportsWithSinglePrecisionValuesAndInferredSpec(String task, boolean dale, int somN)
            throws Exception {
        ModelRecord rec = ExportSampleCommand.sample(task, 20, somN, dale, 7, 6);
        Path file = dir.resolve(task).resolve("Task_" + task + "_N_20_Taus_4.0_20.0_Act_sigmoid_2019_10_11_120000.mat");
        Files.createDirectories(file.getParent());
        ReferenceFiles.write(file, ReferenceFiles.tensorFlow(rec), v -> v);

        ImportedModel imported = MatModelFile.read(file);
        ModelRecord back = imported.record();
        RateNetwork net = back.network();
        RateNetwork original = rec.network();
        assertEquals(Flavour.SPIKERNN_TF, imported.flavour());
        assertEquals(task, back.task());
        assertEquals(dale, net.spec.applyDale());
        assertEquals(somN, net.spec.somN());
        assertEquals(original.spec.taus(), net.spec.taus());
        assertEquals(original.spec.activation(), net.spec.activation());
        assertEquals(original.spec.inputs(), net.spec.inputs());
        assertEquals(original.inhibitoryCount() / 20.0, net.spec.pInh());
        assertArrayEquals(floats(dale ? relu(original) : original.w), net.w);
        assertArrayEquals(floats(original.wIn), net.wIn);
        assertArrayEquals(floats(original.wOut), net.wOut);
        assertArrayEquals(floats(original.tausGaus), net.tausGaus);
        assertArrayEquals(original.inh, net.inh);
        assertArrayEquals(original.somMask, net.somMask);
        assertArrayEquals(floats(rec.x0()), back.x0());
        assertArrayEquals(floats(rec.r()), back.r());
        assertArrayEquals(floats(rec.o()), back.o());
        assertArrayEquals(rec.u(), back.u());
        assertArrayEquals(rec.evalLabels(), back.evalLabels());
        assertEquals(rec.textLabels(), back.textLabels());
        assertTrue(imported.notes().stream().anyMatch(s -> s.startsWith("P_inh, P_rec, gain")), imported.notes()
                .toString());
        assertTrue(back.extras().isEmpty());
    }

    @Test
    void pyTorchFileGetsReluOnWWithACountAndOneStepStates() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 20, 0, true, 8, 5);
        RateNetwork original = rec.network();
        int negatives = 0;
        for (int k = 0; k < original.w.length && negatives < 37; k++) {
            if (original.w[k] > 0) {
                original.w[k] = -original.w[k]; // pushed below zero by training; PyTorch saves them raw
                negatives++;
            }
        }
        Path file = dir.resolve("Task_go-nogo_N_20_Taus_4.0_20.0_Act_sigmoid_2025_08_01_090000.mat");
        ReferenceFiles.write(file, ReferenceFiles.pyTorch(rec), v -> v);

        ImportedModel imported = MatModelFile.read(file);
        RateNetwork net = imported.record().network();
        assertEquals(Flavour.SPIKERNN_PYTORCH, imported.flavour());
        assertTrue(imported.notes().contains("w: 37 negative entries set to 0 (relu, Dale on)"),
                imported.notes().toString());
        assertArrayEquals(relu(original), net.w);
        assertArrayEquals(original.wOut, net.wOut);
        assertArrayEquals(original.inh, net.inh);
        assertTrue(net.spec.applyDale());
        ModelRecord back = imported.record();
        assertArrayEquals(ReferenceFiles.row(rec.x0(), 20, 0), back.x0());
        assertArrayEquals(ReferenceFiles.row(rec.r(), 20, rec.steps() - 1), back.r());
        assertEquals(rec.steps() - 1, back.o().length);
        assertEquals(rec.steps() - 1, back.target().length);
        assertTrue(imported.notes().stream().anyMatch(s -> s.startsWith("taus_gaus: the PyTorch port re-draws")));
    }

    @Test
    void pyTorchGridSearchRewriteIsRead() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("mante", 10, 0, true, 9, 3);
        Path file = dir.resolve("Task_mante_N_10_Taus_4.0_20.0_Act_sigmoid_2025_08_01_090000.mat");
        double[] perfs = {0.1, 0.2, 0.9, 0.9, 0.5, 0.4, 0.3, 0.2, 0.1, 0.1, 0, 0};
        ReferenceFiles.write(file, ReferenceFiles.pyTorch(rec), v -> {
            v.add(new MLInt64("opt_scaling_factor", new long[] {30}, 1)); // python int → (1,1) int64 (spec §5.1)
            v.add(ReferenceFiles.dbl("all_perfs", new int[] {1, 12}, perfs));
            v.add(ReferenceFiles.dbl("scaling_factors", new int[] {1, 12}, factors()));
            return v;
        });
        ModelRecord.GridSearchResult grid = MatModelFile.read(file).record().grid();
        assertEquals(30.0, grid.optScalingFactor());
        assertArrayEquals(perfs, grid.allPerfs());
        assertArrayEquals(factors(), grid.scalingFactors());
    }

    /**
     * MATLAB's {@code save -append} (lambda_grid_search.m) adds compressed elements after the existing ones: first
     * the NaN claim, later the results (spec §5).
     */
    @Test
    void matlabAppendedGridSearchIsRead() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 10, 0, true, 10, 3);
        Path file = dir.resolve("model.mat");
        ReferenceFiles.write(file, ReferenceFiles.tensorFlow(rec), v -> v);
        appendDoubles(file, "opt_scaling_factor", 1, 1, Double.NaN);
        ModelRecord claimed = MatModelFile.read(file).record();
        assertTrue(Double.isNaN(claimed.grid().optScalingFactor()));
        assertNull(claimed.grid().allPerfs());

        double[] perfs = {0.5, 0.97, 0.97, 0.9, 0.8, 0.7, 0.6, 0.5, 0.5, 0.5, 0.5, 0.5};
        appendDoubles(file, "opt_scaling_factor", 1, 1, 25);
        appendDoubles(file, "all_perfs", 12, 1, perfs);
        appendDoubles(file, "scaling_factors", 1, 12, factors());
        ImportedModel imported = MatModelFile.read(file);
        assertEquals(Flavour.SPIKERNN_TF, imported.flavour());
        assertEquals(25.0, imported.record().grid().optScalingFactor());
        assertArrayEquals(perfs, imported.record().grid().allPerfs());
        assertArrayEquals(factors(), imported.record().grid().scalingFactors());
    }

    /** A model imported from a reference file runs: its task comes from the file name, its forward pass works. */
    @Test
    void importedTensorFlowModelEvaluatesOnItsTask() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("xor", 16, 0, true, 12, 3);
        Path file = dir.resolve("Task_xor_N_16_Taus_4.0_20.0_Act_sigmoid_2019_10_11_120000.mat");
        ReferenceFiles.write(file, ReferenceFiles.tensorFlow(rec), v -> v);
        ModelRecord back = MatModelFile.read(file).record();
        Task task = Tasks.byName(back.task());
        assertEquals(back.steps(), task.steps());
        TrialBatch batch = task.generate(new RandomKey(1, 0, RandomStream.TASK), 0, 4);
        RateNetwork expected = new RateNetwork(back.network().spec, floats(relu(rec.network())),
                floats(rec.network().wIn), floats(rec.network().wOut), (float) rec.network().bOut[0],
                floats(rec.network().tausGaus), rec.network().inh, rec.network().somMask);
        try (CpuEngine engine = new CpuEngine()) {
            Trajectories got = forward(engine, back.network(), batch);
            Trajectories want = forward(engine, expected, batch);
            assertEquals(4 * (task.steps() - 1), got.o().length);
            assertArrayEquals(want.o(), got.o());
            assertTrue(Arrays.stream(got.loss()).allMatch(Double::isFinite));
        }
    }

    /** The command-line path: {@code eirnn eval} on a PyTorch-port file (task from its name) runs and exits 0. */
    @Test
    void evalCommandRunsOnAPyTorchFile() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 12, 0, true, 16, 2);
        Path file = dir.resolve("Task_go-nogo_N_12_Taus_4.0_20.0_Act_sigmoid_2025_08_01_090000.mat");
        ReferenceFiles.write(file, ReferenceFiles.pyTorch(rec), v -> v);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int status = org.eirnn.cli.Main.run(new String[] {"eval", "--model", file.toString(), "--trials", "4",
                "--device", "cpu"}, new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void unknownTaskIsNullWithANote() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 8, 0, true, 13, 2);
        Path file = dir.resolve("trained.mat");
        ReferenceFiles.write(file, ReferenceFiles.tensorFlow(rec), v -> v);
        ImportedModel imported = MatModelFile.read(file);
        assertNull(imported.record().task());
        assertTrue(imported.notes().stream().anyMatch(s -> s.contains("--task")));
    }

    @Test
    void taskComesFromTheFolderWhenTheNameDoesNotSayIt() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("mante", 8, 0, true, 14, 2);
        Path file = dir.resolve("models/mante/P_rec_0.2_Taus_4.0_20.0/net1.mat");
        Files.createDirectories(file.getParent());
        ReferenceFiles.write(file, ReferenceFiles.tensorFlow(rec), v -> v);
        assertEquals("mante", MatModelFile.read(file).record().task());
    }

    @Test
    void noDaleFileIsRecognisedFromSignedInitialWeights() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 20, 0, false, 15, 2);
        Path file = dir.resolve("Task_go-nogo_N_20_Tau_10.0_Act_sigmoid_2019_10_11_120000.mat");
        ReferenceFiles.write(file, ReferenceFiles.pyTorch(rec), v -> v);
        RateNetwork net = MatModelFile.read(file).record().network();
        assertFalse(net.spec.applyDale());
        assertArrayEquals(rec.network().w, net.w); // raw, no relu without Dale
    }

    static Trajectories forward(CpuEngine engine, RateNetwork net, TrialBatch batch) {
        try (RateSession s = engine.openRate(net.spec, 1, batch.trials(), batch.steps(), LossFunction.L2)) {
            s.upload(List.of(net));
            return s.forward(batch, RateNoise.SPIKERNN, 5, false);
        }
    }

    /**
     * Appends double variables as MATLAB's save -append does: each a zlib-compressed element, in the file's own byte
     * order.
     */
    static void appendDoubles(Path file, String name, int rows, int cols, double... columnMajor) throws Exception {
        byte[] header = Arrays.copyOf(Files.readAllBytes(file), MatFileLayout.HEADER_BYTES);
        java.nio.ByteOrder order = header[126] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN;
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        MatFileEncoder.elements(plain, order).dbl(name, new int[] {rows, cols}, columnMajor);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(zipped)) {
            z.write(plain.toByteArray());
        }
        java.nio.ByteBuffer tag = java.nio.ByteBuffer.allocate(8).order(order).putInt(15).putInt(zipped.size());
        Files.write(file, tag.array(), java.nio.file.StandardOpenOption.APPEND);
        Files.write(file, zipped.toByteArray(), java.nio.file.StandardOpenOption.APPEND);
    }

    static double[] factors() {
        double[] f = new double[12];
        for (int k = 0; k < 12; k++) {
            f[k] = 20 + 5 * k;
        }
        return f;
    }

    static double[] relu(RateNetwork net) {
        double[] out = net.w.clone();
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.max(out[k], 0);
        }
        return out;
    }
}
