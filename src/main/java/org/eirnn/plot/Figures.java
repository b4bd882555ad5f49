package org.eirnn.plot;

import org.eirnn.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What every figure shares: headless PNG output written atomically, one look (white background, readable fonts,
 * excitatory red and inhibitory blue), and titles that name the task and the model file.
 */
public final class Figures {
    static {
        headless();
    }

    /** Size of the line and histogram figures, pixels. */
    public static final int WIDTH = 960;
    public static final int HEIGHT = 600;
    /** Size of the square figures (weight matrix, eigenvalues), pixels. */
    public static final int SQUARE = 800;

    /** Average width of a title character (bold 15 pt sans serif), pixels, with room for the margins. */
    static final double TITLE_PIXELS_PER_CHAR = 10;

    /** Excitatory units: red; inhibitory: blue (the usual convention of E/I figures). */
    public static final Color EXCITATORY = new Color(0xD6, 0x27, 0x28);
    public static final Color INHIBITORY = new Color(0x1F, 0x77, 0xB4);
    static final Color GREY = new Color(0x55, 0x55, 0x55);
    static final Color GREEN = new Color(0x2C, 0xA0, 0x2C);

    private Figures() {
    }

    /**
     * Figures are drawn off-screen (a cluster node or CI has no display): AWT must start headless, so every class
     * that builds charts calls this before its first chart.
     */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * What a figure is about, for its title.
     *
     * @param task the task (or "unknown task")
     * @param file the model file's name (no folder)
     */
    public record Source(String task, String file) {
        /**
         * "headline — task, FILE" for a chart {@code width} pixels wide: a file name too long for the width is
         * shortened in the middle (its start and its end, e.g. the date stamp, stay readable).
         */
        String title(String headline, int width) {
            String head = headline + " — " + task + ", ";
            int room = (int) (width / TITLE_PIXELS_PER_CHAR) - head.length();
            if (file.length() <= room) {
                return head + file;
            }
            int keep = Math.max(8, room - 1);
            return head + file.substring(0, keep / 2) + "…" + file.substring(file.length() - (keep - keep / 2));
        }
    }

    /** Writes {@code chart} as a PNG of its own size to {@code file}, atomically. */
    public static void save(Chart<?, ?> chart, Path file) throws IOException {
        save(List.of(chart), file);
    }

    /** Writes panels one under the other as one PNG (as wide as the widest, as high as all), atomically. */
    public static void save(List<? extends Chart<?, ?>> panels, Path file) throws IOException {
        int width = panels.stream().mapToInt(Chart::getWidth).max().orElseThrow();
        int height = panels.stream().mapToInt(Chart::getHeight).sum();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int y = 0;
        for (Chart<?, ?> p : panels) {
            g.drawImage(BitmapEncoder.getBufferedImage(p), 0, y, null);
            y += p.getHeight();
        }
        g.dispose();
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    /** An XY chart with the common look. */
    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return c;
    }

    /** White background, larger fonts (the legend's place is each chart's own). */
    static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(GREY);
        s.setPlotGridLinesColor(new Color(0xE6, 0xE6, 0xE6));
        s.setLegendBorderColor(new Color(0xCC, 0xCC, 0xCC));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setChartTitleBoxVisible(false);
        s.setLocale(Locale.ROOT);
    }

    /** A line series without markers. */
    static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color) {
        return series(c, name, x, y, color, XYSeries.XYSeriesRenderStyle.Line);
    }

    /** A scatter series of filled circles. */
    static XYSeries dots(XYChart c, String name, double[] x, double[] y, Color color) {
        return series(c, name, x, y, color, XYSeries.XYSeriesRenderStyle.Scatter);
    }

    private static XYSeries series(XYChart c, String name, double[] x, double[] y, Color color,
                                   XYSeries.XYSeriesRenderStyle style) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(style);
        boolean line = style == XYSeries.XYSeriesRenderStyle.Line;
        s.setMarker(line ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setLineColor(color);
        s.setMarkerColor(color);
        return s;
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
