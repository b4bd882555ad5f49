package org.eirnn.plot;

import org.eirnn.model.RateNetwork;
import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Figures of a rate network's parameters: the effective weight matrix, its eigenvalues and the time constants. */
public final class NetworkFigures {
    /** One rate step of spikeRNN is 5 ms, so τ in ms is τ in steps × 5 (spec §1). */
    static final double MS_PER_RATE_STEP = 5;
    /** The heat map's colour saturates at this quantile of the nonzero |W| (a few large weights would wash it out). */
    static final double COLOUR_QUANTILE = 0.99;
    /** At most this many heat-map cells per side: larger networks are pooled into blocks of units. */
    static final int MAX_CELLS = 250;

    static {
        Figures.headless();
    }

    private NetworkFigures() {
    }

    /**
     * The data of the weight heat map: W_rec with rows (post-synaptic) and columns (pre-synaptic) sorted E then I,
     * an empty (NaN) row and column between the E and I blocks, and for N above {@link #MAX_CELLS} units pooled
     * into k×k blocks (k consecutive units of one type) drawn as their mean, so that no cell is below a pixel.
     *
     * @param cells           size×size row-major, row 0 = first E unit(s); NaN in the separator
     * @param size            cells per side: ⌈N_E/k⌉ + 1 + ⌈N_I/k⌉
     * @param order           the sorting
     * @param pool            k, units per cell along each side
     * @param excitatoryCells ⌈N_E/k⌉: the separator's index
     * @param colourLimit     the colour scale is ±colourLimit (values beyond it are drawn at the limit)
     */
    public record WeightMap(double[] cells, int size, EiOrder order, int pool, int excitatoryCells,
                            double colourLimit) {
        public static WeightMap of(RateNetwork net) {
            EiOrder o = EiOrder.of(net.inh);
            int n = net.n();
            int k = (n + MAX_CELLS - 1) / MAX_CELLS;
            int ge = (o.excitatory() + k - 1) / k;
            int size = ge + 1 + (o.inhibitory() + k - 1) / k;
            double[] w = net.effectiveRecurrent();
            double[] sum = new double[size * size];
            int[] count = new int[size * size];
            for (int r = 0; r < n; r++) {
                int row = group(r, o.excitatory(), ge, k);
                for (int c = 0; c < n; c++) {
                    int cell = row * size + group(c, o.excitatory(), ge, k);
                    sum[cell] += w[o.order()[r] * n + o.order()[c]];
                    count[cell]++;
                }
            }
            double[] cells = new double[size * size];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
            }
            return new WeightMap(cells, size, o, k, ge, NetworkFigures.colourLimit(cells));
        }

        /** The cell of sorted rank r (0-based). */
        static int group(int rank, int excitatory, int excitatoryCells, int pool) {
            return rank < excitatory ? rank / pool : excitatoryCells + 1 + (rank - excitatory) / pool;
        }

        /** 1-based sorted ranks of the first and last unit of cell {@code g}, or null for the separator. */
        int[] ranks(int g) {
            if (g == excitatoryCells) {
                return null;
            }
            int e = order.excitatory();
            int first = g < excitatoryCells ? g * pool : e + (g - excitatoryCells - 1) * pool;
            int end = g < excitatoryCells ? e : order.n();
            return new int[] {first + 1, Math.min(end, first + pool)};
        }
    }

    static double colourLimit(double[] w) {
        double[] nonzero = Arrays.stream(w).filter(v -> v != 0 && !Double.isNaN(v)).map(Math::abs).sorted().toArray();
        if (nonzero.length == 0) {
            return 1;
        }
        double q = nonzero[Math.min(nonzero.length - 1, (int) Math.floor(COLOUR_QUANTILE * (nonzero.length - 1)))];
        // two significant digits, rounded up, so that the colour bar's end labels stay short
        double scale = Math.pow(10, Math.floor(Math.log10(q)) - 1);
        return Math.ceil(q / scale) * scale;
    }

    /**
     * The effective recurrent matrix W_rec = (relu(w)·m) ⊙ som_m as a heat map, units sorted E then I, an empty grey
     * row and column between the blocks; row 1 at the top, as a matrix is read.
     */
    public static HeatMapChart weights(RateNetwork net, Figures.Source src) {
        WeightMap m = WeightMap.of(net);
        int n = net.n();
        EiOrder o = m.order();
        String units = Figures.format("(sorted: E 1–%d | I %d–%d)", o.excitatory(), o.excitatory() + 1, n);
        String pooled = m.pool() == 1 ? "" : Figures.format("; cells are means over %d×%d units", m.pool(), m.pool());
        HeatMapChart c = new HeatMapChartBuilder().width(Figures.WIDTH).height(Figures.SQUARE)
                .title(src.title("Effective recurrent weights W_rec", Figures.WIDTH))
                .xAxisTitle("presynaptic unit j " + units + pooled
                        + Figures.format("; colour saturates at ±%s", m.colourLimit()))
                .yAxisTitle("postsynaptic unit i " + units).build();
        Figures.style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setRangeColors(new Color[] {Figures.INHIBITORY, Color.WHITE, Figures.EXCITATORY});
        c.getStyler().setMin(-m.colourLimit());
        c.getStyler().setMax(m.colourLimit());
        c.getStyler().setDrawBorder(false);
        c.getStyler().setPlotBackgroundColor(new Color(0x90, 0x90, 0x90));
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setAxisTicksMarksVisible(false);
        int size = m.size();
        List<Number[]> cells = new ArrayList<>(size * size);
        for (int r = 0; r < size; r++) {
            for (int col = 0; col < size; col++) {
                double v = m.cells()[r * size + col];
                if (!Double.isNaN(v)) {
                    cells.add(new Number[] {col, size - 1 - r, Math.max(-m.colourLimit(), Math.min(m.colourLimit(), v))});
                }
            }
        }
        c.addSeries("W_rec", tickLabels(m, false), tickLabels(m, true), cells);
        return c;
    }

    /**
     * Category labels of the cells: a unit rank where a cell holds rank 1 or a multiple of a round step, blank
     * elsewhere (blank labels must differ, hence the spaces); reversed for the y axis.
     */
    private static List<String> tickLabels(WeightMap m, boolean reversed) {
        int n = m.order().n();
        int every = n <= 20 ? 1 : n <= 100 ? 10 : n <= 500 ? 50 : n <= 2000 ? 100 : 500;
        List<String> labels = new ArrayList<>(m.size());
        for (int g = 0; g < m.size(); g++) {
            int[] r = m.ranks(g);
            int multiple = r == null ? 0 : (r[0] + every - 1) / every * every;
            labels.add(r == null ? " ".repeat(g + 1) : r[0] == 1 ? "1" : multiple <= r[1]
                    ? Integer.toString(multiple) : " ".repeat(g + 1));
        }
        if (reversed) {
            java.util.Collections.reverse(labels);
        }
        return labels;
    }

    /** Eigenvalues of an n×n row-major matrix, as {re, im} pairs. */
    public static double[][] eigenvalues(double[] w, int n) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(new DMatrixRMaj(n, n, true, w))) {
            throw new IllegalStateException("the eigen decomposition of W_rec did not converge");
        }
        double[][] out = new double[2][eig.getNumberOfEigenvalues()];
        for (int k = 0; k < out[0].length; k++) {
            Complex_F64 l = eig.getEigenvalue(k);
            out[0][k] = l.real;
            out[1][k] = l.imaginary;
        }
        return out;
    }

    /** The eigenvalues of W_rec after (and, when known, before) training in the complex plane, with the unit circle. */
    public static XYChart eigenvalues(RateNetwork trained, RateNetwork initial, Figures.Source src) {
        int n = trained.n();
        double[][] after = eigenvalues(trained.effectiveRecurrent(), n);
        double[][] before = initial == null ? null : eigenvalues(initial.effectiveRecurrent(), n);
        double radius = Math.max(1, Math.max(maxModulus(after), before == null ? 0 : maxModulus(before))) * 1.08;
        XYChart c = Figures.xy(Figures.SQUARE, Figures.SQUARE, src.title("Eigenvalues of W_rec", Figures.SQUARE), "real part Re λ",
                "imaginary part Im λ");
        c.getStyler().setMarkerSize(6);
        c.getStyler().setXAxisMin(-radius).setXAxisMax(radius).setYAxisMin(-radius).setYAxisMax(radius);
        c.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        double[][] circle = unitCircle(181);
        Figures.line(c, "unit circle |λ| = 1", circle[0], circle[1], Figures.GREY);
        if (before != null) {
            Figures.dots(c, Figures.format("before training (w0), max |λ| %.2f", maxModulus(before)), before[0],
                    before[1], new Color(0xAA, 0xAA, 0xAA));
        }
        Figures.dots(c, Figures.format("after training (w), max |λ| %.2f", maxModulus(after)), after[0], after[1],
                Figures.EXCITATORY);
        return c;
    }

    static double maxModulus(double[][] l) {
        double m = 0;
        for (int k = 0; k < l[0].length; k++) {
            m = Math.max(m, Math.hypot(l[0][k], l[1][k]));
        }
        return m;
    }

    private static double[][] unitCircle(int points) {
        double[][] xy = new double[2][points];
        for (int k = 0; k < points; k++) {
            double a = 2 * Math.PI * k / (points - 1);
            xy[0][k] = Math.cos(a);
            xy[1][k] = Math.sin(a);
        }
        return xy;
    }

    /** τ of every unit in ms, before (taus_gaus0) and after (taus_gaus) training, as side-by-side histograms. */
    public static CategoryChart taus(RateNetwork trained, RateNetwork initial, Figures.Source src, int bins) {
        double[] after = tauMs(trained);
        double[] before = initial == null ? null : tauMs(initial);
        double lo = trained.spec.taus().min() * MS_PER_RATE_STEP;
        double hi = trained.spec.taus().max() * MS_PER_RATE_STEP;
        if (hi <= lo) {
            hi = lo + 1;
            lo = lo - 1;
        }
        CategoryChart c = new CategoryChartBuilder().width(Figures.WIDTH).height(Figures.HEIGHT)
                .title(src.title("Synaptic decay time constants τ", Figures.WIDTH))
                .xAxisTitle(Figures.format("τ (ms; bins of %.1f ms over the trainable range %s–%s ms)",
                        (hi - lo) / bins, lo, hi)).yAxisTitle("number of units").build();
        Figures.style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisDecimalPattern("0.0");
        c.getStyler().setXAxisLabelRotation(45);
        if (before != null) {
            Histogram h = new Histogram(boxed(before), bins, lo, hi);
            c.addSeries(Figures.format("before training (taus_gaus0), mean %.1f ms", mean(before)), h.getxAxisData(),
                    h.getyAxisData()).setFillColor(new Color(0x99, 0x99, 0x99));
        }
        Histogram h = new Histogram(boxed(after), bins, lo, hi);
        c.addSeries(Figures.format("after training (taus_gaus), mean %.1f ms", mean(after)), h.getxAxisData(),
                h.getyAxisData()).setFillColor(Figures.EXCITATORY);
        return c;
    }

    /** τ per unit in ms. */
    public static double[] tauMs(RateNetwork net) {
        double[] t = net.tau();
        for (int i = 0; i < t.length; i++) {
            t[i] *= MS_PER_RATE_STEP;
        }
        return t;
    }

    static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }
}
