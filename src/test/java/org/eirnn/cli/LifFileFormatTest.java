package org.eirnn.cli;

import com.jmatio.io.MatFileReader;
import com.jmatio.types.MLArray;
import com.jmatio.types.MLCell;
import com.jmatio.types.MLSingle;
import com.jmatio.types.MLSparse;
import com.jmatio.types.MLStructure;
import com.jmatio.types.MLUInt8;
import org.eirnn.InvalidInputException;
import org.eirnn.io.LifMatFile;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.spiking.LifTraces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code eirnn lif} files: little-endian like model files, exc/inh for rasters, single precision, size checks. */
class LifFileFormatTest {
    private static final int N = 24;
    @TempDir
    static Path dir;
    static Path model;
    static Path stimulus;
    static ModelRecord record;

    @BeforeAll
    static void writeModel() throws Exception {
        model = dir.resolve("Task_go-nogo_N_24.mat");
        record = ExportSampleCommand.sample("go-nogo", N, 0, true, 6, 4);
        MatModelFile.write(model, record);
        double[] u = new double[11];
        u[3] = 1;
        stimulus = dir.resolve("u.mat");
        LifMatFile.write(stimulus, Map.of("u", LifMatFile.Matrix.row(u)));
    }

    private static Path lif(String name, String... extra) {
        Path out = dir.resolve(name);
        String[] base = {"lif", "--model", model.toString(), "--scaling-factor", "10", "--stimulus",
                stimulus.toString(), "--noise-sd", "0", "--seed", "3", "--out", out.toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        String[] r = Cli.run(args);
        assertEquals("0", r[0], r[1]);
        return out;
    }

    @Test
    void lifFilesAreLittleEndianAsScipyReadsTheHeader() throws Exception {
        Path f = lif("le.mat", "--record", "all");
        byte[] b = Files.readAllBytes(f);
        assertTrue(new String(b, 0, 10, StandardCharsets.US_ASCII).startsWith("MATLAB 5.0"));
        // scipy.io.matlab: mat_stream[126:128] == b'IM' means little-endian ('<'), b'MI' big-endian
        assertEquals('I', b[126]);
        assertEquals('M', b[127]);
        // version 0x0100 in little-endian order, and the first element's type miMATRIX (14) read little-endian
        assertEquals(0x00, b[124]);
        assertEquals(0x01, b[125]);
        assertEquals(14, b[128] & 0xFF | (b[129] & 0xFF) << 8 | (b[130] & 0xFF) << 16 | (b[131] & 0xFF) << 24);
    }

    @Test
    void lifFilesHoldExcAndInhAndReadBackInEveryTypeTheyUse() throws Exception {
        Path f = lif("all.mat", "--record", "all", "--trials", "2");
        MatFileReader r = new MatFileReader(f.toFile());
        MLArray exc = r.getMLArray("exc");
        MLArray inh = r.getMLArray("inh");
        assertNotNull(exc);
        assertNotNull(inh);
        assertTrue(exc.isLogical() && inh.isLogical(), "logical, as in model files");
        assertEquals(N, exc.getM());
        for (int i = 0; i < N; i++) {
            assertEquals(record.network().inh[i] ? 1 : 0, ((MLUInt8) inh).get(i, 0).intValue());
            assertEquals(record.network().inh[i] ? 0 : 1, ((MLUInt8) exc).get(i, 0).intValue());
        }
        MLCell spk = (MLCell) r.getMLArray("spk");
        assertEquals(2, spk.getN(), "1x2 cell for 2 trials");
        MLSparse s = (MLSparse) spk.get(0);
        assertEquals(N, s.getM());
        assertEquals(1000, s.getN(), "nt = (11 − 1)·100");
        MLCell rec = (MLCell) r.getMLArray("REC");
        com.jmatio.types.MLDouble rec0 = (com.jmatio.types.MLDouble) rec.get(0);
        int spikes = 0;
        int spikesAtRec = 0;
        for (int i = 0; i < N; i++) {
            for (int t = 0; t < 1000; t++) {
                double v = s.get(i, t);
                spikes += v == 1 ? 1 : 0;
                spikesAtRec += v == 1 && rec0.get(i, t) == 30 ? 1 : 0;
            }
        }
        assertTrue(spikes > 0, "the network spikes");
        assertEquals(spikes, spikesAtRec, "REC is +30 mV exactly where spk has a spike");
        assertEquals(spikes, s.getIR().length == 0 ? 0 : countNonzero(s), "sparse holds only the spikes");
        MLStructure params = (MLStructure) r.getMLArray("params");
        assertEquals(5e-5, ((com.jmatio.types.MLDouble) params.getField("dt")).get(0), 0);
        assertEquals(1000.0, ((com.jmatio.types.MLDouble) params.getField("nt")).get(0), 0);
        assertInstanceOf(MLCell.class, params.getField("IPSCs"));
    }

    private static int countNonzero(MLSparse s) {
        int c = 0;
        for (Double v : s.exportReal()) {
            c += v != 0 ? 1 : 0;
        }
        return c;
    }

    @Test
    void singleStoresTheDenseOutputsInHalfTheBytesWithTheSameValuesRounded() throws Exception {
        Path d = lif("double.mat", "--record", "REC,out,W");
        Path s = lif("single.mat", "--record", "REC,out,W", "--single");
        MLArray recSingle = new MatFileReader(s.toFile()).getMLArray("REC");
        assertInstanceOf(MLSingle.class, recSingle);
        double[] a = LifMatFile.read(d, "REC").rowMajor();
        double[] b = LifMatFile.read(s, "REC").rowMajor();
        for (int k = 0; k < a.length; k++) {
            assertEquals((float) a[k], b[k], 0, "element " + k);
        }
        assertTrue(Files.size(s) < 0.55 * Files.size(d), Files.size(s) + " vs " + Files.size(d));
    }

    @Test
    void theSizeEstimateCountsTheDenseTracesAndWarnsAboveTheLimit() {
        // the case: lif --record all of 4 mante trials (T 500 → nt 50 000)
        Set<String> all = Set.of("W", "REC", "spk", "rs", "all_fr", "out", "params", "IPSCs");
        int n = 200;
        int nt = 50_000;
        long est = LifMatFile.estimateLifOutputBytes(all, n, nt, 4, false, LifMatFile.Precision.DOUBLE, 2.5);
        long dense = 3L * n * nt * 8 * 4;
        assertTrue(est > dense && est < dense * 1.05, "dominated by REC, rs, IPSCs: " + est);
        long half = LifMatFile.estimateLifOutputBytes(all, n, nt, 4, false, LifMatFile.Precision.SINGLE, 2.5);
        assertTrue(half < 0.55 * est);
        String w = LifMatFile.sizeWarning(all, n, nt, 4, false, LifMatFile.Precision.DOUBLE, 2.5);
        assertNotNull(w);
        assertTrue(w.contains(String.format(java.util.Locale.ROOT, "about %.0f MB", est / 1e6)) && w.contains("--single"),
                w);
        assertNull(LifMatFile.sizeWarning(Set.of("spk", "out"), n, nt, 4, false, LifMatFile.Precision.DOUBLE, 2.5));
    }

    @Test
    void tracesThatCannotFitInMemoryAreRefusedBeforeSimulating() {
        long heap = Runtime.getRuntime().maxMemory();
        int trials = (int) Math.min(Integer.MAX_VALUE, heap / LifTraces.bytes(200, 50_000) + 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LifTraces.requireFits(200, 50_000, trials));
        assertTrue(e.getMessage().contains("--trials"), e.getMessage());
        LifTraces.requireFits(N, 1000, 2);
    }

    @Test
    void anEmptySparseMatrixAndNestedCellsRoundTrip() throws Exception {
        Path f = dir.resolve("nested.mat");
        LifMatFile.write(f, new java.util.LinkedHashMap<>(Map.of(
                "e", new LifMatFile.Sparse(3, 4, new int[0], new int[0], new double[0]),
                "c", java.util.List.of(new LifMatFile.Matrix(2, 1, new double[] {1, 2}), 7.0))));
        MatFileReader r = new MatFileReader(f.toFile());
        MLSparse e = (MLSparse) r.getMLArray("e");
        assertEquals(3, e.getM());
        assertEquals(4, e.getN());
        assertEquals(0, countNonzero(e));
        MLCell c = (MLCell) r.getMLArray("c");
        assertArrayEquals(new double[] {1, 2}, new double[] {((com.jmatio.types.MLDouble) c.get(0)).get(0),
                ((com.jmatio.types.MLDouble) c.get(0)).get(1)});
        assertEquals(7.0, ((com.jmatio.types.MLDouble) c.get(1)).get(0));
    }
}
