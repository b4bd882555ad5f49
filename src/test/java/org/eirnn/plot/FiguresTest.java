package org.eirnn.plot;

import org.eirnn.cli.ExportSampleCommand;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.spiking.CpuLifSimulator;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.SpikeTrains;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each figure is a valid PNG of its size and draws the data it claims to (small N, one short LIF trial). */
class FiguresTest {
    private static final int N = 30;
    @TempDir
    static Path dir;
    static ModelRecord model;
    static ExampleTrial trial;
    static final Figures.Source SRC = new Figures.Source("go-nogo", "Task_go-nogo_N_30.mat");

    @BeforeAll
    static void setUp() {
        ModelRecord sample = ExportSampleCommand.sample("go-nogo", N, 0, true, 5, 4);
        RateNetwork before = sample.initial().copy();
        for (int i = 0; i < N; i++) {
            before.tausGaus[i] -= 1.5;    // the "before" taus differ from the "after" ones
        }
        model = new ModelRecord(sample.task(), sample.network(), before, sample.steps(), sample.x0(), sample.r0(),
                sample.u(), sample.o(), sample.x(), sample.r(), sample.target(), sample.losses(),
                sample.evalPerfMean(), sample.evalLossMean(), sample.evalOutputs(), sample.evalLabels(),
                sample.textLabels(), sample.lastTrial(),
                new ModelRecord.GridSearchResult(30, new double[] {0.4, 0.7, 0.9, 0.85}, new double[] {20, 25, 30, 35}),
                sample.extras());
        trial = ExampleTrial.run(model, Tasks.byName("go-nogo"), LifParams.spikeRnn(1), 10, false, 2, "go",
                new CpuLifSimulator());
    }

    private static BufferedImage saved(Chart<?, ?> chart, String name, int width, int height) throws Exception {
        Path f = dir.resolve(name + ".png");
        Figures.save(chart, f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img, name + " is a readable PNG");
        assertEquals(width, img.getWidth(), name + " width");
        assertEquals(height, img.getHeight(), name + " height");
        try (var in = Files.newInputStream(f)) {
            byte[] magic = in.readNBytes(8);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, magic, "PNG signature");
        }
        assertTrue(distinctColours(img) > 3, name + " is not blank");
        return img;
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                c.add(img.getRGB(x, y));
            }
        }
        return c.size();
    }

    @Test
    void heatMapSortsEThenIWithTheBlockBoundaryAtTheNumberOfEUnits() throws Exception {
        HeatMapChart c = NetworkFigures.weights(model.network(), SRC);
        saved(c, "weights", Figures.WIDTH, Figures.SQUARE);
        int ne = N - model.network().inhibitoryCount();
        assertTrue(ne > 0 && ne < N);
        NetworkFigures.WeightMap m = NetworkFigures.WeightMap.of(model.network());
        assertEquals(ne, m.order().excitatory());
        assertEquals(1, m.pool(), "no pooling at N = 30");
        assertEquals(ne, m.excitatoryCells(), "the separator sits at column N_E");
        double[] w = model.network().effectiveRecurrent();
        List<? extends Number[]> cells = c.getHeatMapSeries().getHeatData();
        assertEquals(N * N, cells.size(), "one cell per weight");
        int positive = 0;
        int negative = 0;
        for (Number[] cell : cells) {
            int x = cell[0].intValue();
            int y = cell[1].intValue();
            assertNotEquals(ne, x, "column " + ne + " is the empty separator between the E and I blocks");
            assertNotEquals(N - ne, y, "row separator sits after the " + ne + " E rows (row 1 drawn at the top)");
            double v = cell[2].doubleValue();
            // Dale: every presynaptic E column is >= 0, every I column <= 0
            assertTrue(x < ne ? v >= 0 : v <= 0, "cell " + x + "," + y + " = " + v);
            positive += v > 0 ? 1 : 0;
            negative += v < 0 ? 1 : 0;
        }
        long wPos = java.util.Arrays.stream(w).filter(v -> v > 0).count();
        long wNeg = java.util.Arrays.stream(w).filter(v -> v < 0).count();
        assertEquals(wPos, positive, "every positive weight is drawn");
        assertEquals(wNeg, negative, "every negative weight is drawn");
        // the top-left cell is W_rec[first E unit, first E unit]
        int e0 = m.order().order()[0];
        Number[] topLeft = null;
        for (Number[] k : cells) {
            if (k[0].intValue() == 0 && k[1].intValue() == N) {
                topLeft = k;
            }
        }
        assertNotNull(topLeft, "a cell at the top left");
        double clip = m.colourLimit();
        assertEquals(Math.max(-clip, Math.min(clip, w[e0 * N + e0])), topLeft[2].doubleValue(), 0);
    }

    @Test
    void largeNetworksArePooledWithinTheEAndIBlocksAndKeepTheirSums() {
        int n = 520;
        RateNetwork net = org.eirnn.model.NetworkInit.draw(org.eirnn.model.NetworkSpec.defaults(n, 1,
                org.eirnn.model.DecayTaus.range(4, 20)), 3, 0);
        NetworkFigures.WeightMap m = NetworkFigures.WeightMap.of(net);
        int ne = n - net.inhibitoryCount();
        assertEquals(3, m.pool(), "⌈520 / 250⌉ units per cell");
        assertEquals((ne + 2) / 3, m.excitatoryCells());
        assertEquals(m.excitatoryCells() + 1 + (net.inhibitoryCount() + 2) / 3, m.size());
        double total = java.util.Arrays.stream(net.effectiveRecurrent()).sum();
        double pooled = 0;
        for (int r = 0; r < m.size(); r++) {
            for (int c = 0; c < m.size(); c++) {
                double v = m.cells()[r * m.size() + c];
                boolean separator = r == m.excitatoryCells() || c == m.excitatoryCells();
                assertEquals(separator, Double.isNaN(v), "only the separator is empty: " + r + "," + c);
                if (!separator) {
                    pooled += v * units(m, r) * units(m, c);
                    assertTrue(c < m.excitatoryCells() ? v >= 0 : v <= 0, "blocks do not mix E and I columns");
                }
            }
        }
        assertEquals(total, pooled, 1e-9 * Math.max(1, Math.abs(total)), "means × block sizes give back the sum");
    }

    private static int units(NetworkFigures.WeightMap m, int g) {
        int[] r = m.ranks(g);
        return r[1] - r[0] + 1;
    }

    @Test
    void eigenvaluesSumToTheTraceAndComeInConjugatePairs() throws Exception {
        XYChart c = NetworkFigures.eigenvalues(model.network(), model.initial(), SRC);
        saved(c, "eigen", Figures.SQUARE, Figures.SQUARE);
        XYSeries after = c.getSeriesMap().values().stream().filter(s -> s.getName().startsWith("after")).findFirst()
                .orElseThrow();
        assertEquals(N, after.getXData().length);
        double[] w = model.network().effectiveRecurrent();
        double trace = 0;
        for (int i = 0; i < N; i++) {
            trace += w[i * N + i];
        }
        assertEquals(trace, java.util.Arrays.stream(after.getXData()).sum(), 1e-9, "sum of eigenvalues = trace");
        assertEquals(0, java.util.Arrays.stream(after.getYData()).sum(), 1e-9, "conjugate pairs");
        double frob = java.util.Arrays.stream(w).map(v -> v * v).sum();
        double[][] l = NetworkFigures.eigenvalues(w, N);
        double sumSq = 0;
        for (int k = 0; k < N; k++) {
            sumSq += l[0][k] * l[0][k] - l[1][k] * l[1][k];
        }
        // Σ λ² = trace(W²)
        double traceW2 = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                traceW2 += w[i * N + j] * w[j * N + i];
            }
        }
        assertEquals(traceW2, sumSq, 1e-8 * Math.max(1, frob));
        assertTrue(c.getSeriesMap().containsKey("unit circle |λ| = 1"));
    }

    @Test
    void tauHistogramsCountEveryUnitBeforeAndAfterTraining() throws Exception {
        CategoryChart c = NetworkFigures.taus(model.network(), model.initial(), SRC, 10);
        saved(c, "taus", Figures.WIDTH, Figures.HEIGHT);
        List<CategorySeries> series = new ArrayList<>(c.getSeriesMap().values());
        assertEquals(2, series.size());
        assertEquals(N, total(series.get(0)), "before: every unit in a bin");
        assertEquals(N, total(series.get(1)), "after: every unit in a bin");
        double[] before = NetworkFigures.tauMs(model.initial());
        double[] after = NetworkFigures.tauMs(model.network());
        assertTrue(NetworkFigures.mean(before) < NetworkFigures.mean(after));
        assertTrue(series.get(0).getName().contains(Figures.format("mean %.1f ms", NetworkFigures.mean(before))));
        assertTrue(series.get(1).getName().contains(Figures.format("mean %.1f ms", NetworkFigures.mean(after))));
        for (double t : after) {
            assertTrue(t >= 20 && t <= 100, "τ in ms within 4·5 … 20·5: " + t);
        }
    }

    private static double total(CategorySeries s) {
        return s.getYData().stream().mapToDouble(Number::doubleValue).sum();
    }

    @Test
    void rasterPlotsEverySpikeOfTheSimulationInTwoGroups() throws Exception {
        XYChart c = SpikingFigures.raster(trial, SRC);
        saved(c, "raster", Figures.WIDTH, Figures.HEIGHT);
        SpikeTrains s = trial.lif().spikes()[0];
        assertTrue(s.count() > 0, "the trial spikes");
        List<XYSeries> series = new ArrayList<>(c.getSeriesMap().values());
        assertEquals(2, series.size());
        int drawn = 0;
        int ne = N - model.network().inhibitoryCount();
        for (XYSeries g : series) {
            boolean inh = g.getName().startsWith("inhibitory");
            for (int k = 0; k < g.getXData().length; k++) {
                double y = g.getYData()[k];
                if (y < 0) {
                    continue;   // the placeholder of a silent group
                }
                drawn++;
                assertTrue(inh ? y > ne : y <= ne, "E ranks 1 … N_E, I above: " + y);
            }
        }
        assertEquals(s.count(), drawn, "one dot per spike");
        assertEquals(trial.stepMs(s.steps()[s.count() - 1]),
                series.stream().flatMapToDouble(g -> java.util.Arrays.stream(g.getXData())).max().orElseThrow(), 1e-9);
    }

    @Test
    void outputFigureDrawsTheLifReadoutAndTheRateOutputOfTheSameStimulus() throws Exception {
        XYChart c = SpikingFigures.output(trial, SRC);
        XYChart inputs = SpikingFigures.inputs(trial);
        Path f = dir.resolve("lif-panels.png");
        Figures.save(ModelFigures.panels(FigureKind.LIF, model, trial, SRC), f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(Figures.WIDTH, img.getWidth());
        assertEquals(Figures.HEIGHT + SpikingFigures.INPUT_HEIGHT, img.getHeight(), "output panel over input panel");
        XYSeries lif = c.getSeriesMap().get("LIF network (readout of filtered spikes)");
        XYSeries rate = c.getSeriesMap().get("rate network (no noise)");
        assertEquals(trial.lif().nt() / SpikingFigures.OUTPUT_EVERY, lif.getXData().length);
        for (int k = 0; k < lif.getXData().length; k++) {
            int step = (k + 1) * SpikingFigures.OUTPUT_EVERY;
            assertEquals(trial.lif().out()[step - 1], lif.getYData()[k]);
            assertEquals(step * 0.05, lif.getXData()[k], 1e-9, "ms at dt = 0.05 ms");
        }
        // the rate network, run here independently on the same trial of the TASK stream
        Task task = Tasks.byName("go-nogo");
        var batch = task.generate(new RandomKey(2, 0, RandomStream.TASK), trial.chosen().trialId(), 1);
        assertEquals(1, batch.labels()[0], "a go trial was asked for");
        try (CpuEngine e = new CpuEngine();
             RateSession s = e.openRate(model.network().spec, 1, 1, batch.steps(), LossFunction.L2)) {
            s.upload(List.of(model.network()));
            assertArrayEquals(s.forward(batch, RateNoise.NONE, 2, false).o(), rate.getYData());
        }
        assertEquals(5.0, rate.getXData()[0], 1e-12, "o[0] is time step 1, 5 ms");
        double[] u = inputs.getSeriesMap().get("input u").getYData();
        double[] at = inputs.getSeriesMap().get("input u").getXData();
        for (int k = 0; k < u.length; k++) {
            // a point inside its column's holding interval: the LIF step there holds that column
            double mid = (at[k - k % 2] + at[k - k % 2 + 1]) / 2;
            int step = Math.max(1, (int) Math.round(mid / 0.05));
            assertEquals(trial.chosen().stimulus().u()[LifParams.column(step)], u[k], "the input held at step " + step);
        }
        assertEquals(2 * trial.chosen().stimulus().columns(), u.length, "two points per column");
    }

    @Test
    void longFileNamesAreShortenedInTheMiddleToFitTheTitle() {
        String file = "Task_go-nogo_N_200_Taus_4.0_20.0_Act_sigmoid_2026_12_01_205806_and_some_more_words.mat";
        String t = new Figures.Source("go-nogo", file).title("Spike raster, go trial (id 0), scaling factor 25",
                Figures.WIDTH);
        assertTrue(t.length() <= Figures.WIDTH / Figures.TITLE_PIXELS_PER_CHAR, t);
        assertTrue(t.contains("— go-nogo, Task_go-nogo_N_") && t.endsWith("_words.mat") && t.contains("…"), t);
        assertEquals("Grid — xor, a.mat", new Figures.Source("xor", "a.mat").title("Grid", Figures.WIDTH));
    }

    @Test
    void firingRateHistogramCountsEveryUnitOnceByGroup() throws Exception {
        CategoryChart c = SpikingFigures.firingRates(trial, SRC, 12);
        saved(c, "rates", Figures.WIDTH, Figures.HEIGHT);
        List<CategorySeries> series = new ArrayList<>(c.getSeriesMap().values());
        int ni = model.network().inhibitoryCount();
        assertEquals(N - ni, total(series.get(0)));
        assertEquals(ni, total(series.get(1)));
        double[] fr = trial.firingRatesHz();
        double meanE = NetworkFigures.mean(SpikingFigures.select(fr, trial.inh(), false));
        assertTrue(series.get(0).getName().contains(Figures.format("mean %.1f Hz", meanE)), series.get(0).getName());
        assertTrue(meanE > 0);
    }

    @Test
    void gridCurveIsAllPerfsAgainstScalingFactors() throws Exception {
        XYChart c = SpikingFigures.gridSearch(model.grid(), SRC);
        saved(c, "grid", Figures.WIDTH, Figures.HEIGHT);
        XYSeries s = c.getSeriesMap().get("all_perfs: accuracy at each factor");
        assertArrayEquals(model.grid().allPerfs(), s.getYData());
        assertArrayEquals(model.grid().scalingFactors(), s.getXData());
        assertTrue(c.getTitle().contains("opt_scaling_factor 30 (accuracy 0.90)"), c.getTitle());
    }

    @Test
    void modelFiguresWritesOneFilePerKindAndRejectsUnknownNames() throws Exception {
        Path out = dir.resolve("all");
        java.util.Set<FigureKind> fromFile = java.util.EnumSet.allOf(FigureKind.class);
        fromFile.removeIf(FigureKind::behavioural);   // drawn from a run of the network, PsychometricFiguresTest
        List<Path> files = ModelFigures.write(fromFile, model, trial, SRC, out, "m");
        assertEquals(fromFile.size(), files.size());
        for (Path f : files) {
            assertNotNull(ImageIO.read(f.toFile()), f.toString());
        }
        assertEquals(out.resolve("m_raster.png"), ModelFigures.file(out, "m", FigureKind.RASTER));
        assertFalse(Files.list(out).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.eirnn.InvalidInputException.class,
                () -> FigureKind.parse("weights,spectrum"));
        assertTrue(e.getMessage().contains("'spectrum'"), e.getMessage());
    }
}
