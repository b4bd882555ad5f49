package org.eirnn.plot;

import org.eirnn.io.ModelRecord;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Draws the chosen figures of one model file into a folder as {@code <stem>_<kind>.png}. */
public final class ModelFigures {
    /** Histogram bins of the τ and firing-rate figures. */
    static final int BINS = 20;

    private ModelFigures() {
    }

    /** The file a figure of {@code stem} goes to. */
    public static Path file(Path dir, String stem, FigureKind kind) {
        return dir.resolve(stem + "_" + kind.word() + ".png");
    }

    /**
     * Writes every figure of {@code kinds}; {@code trial} must be given when one of them simulates, and the file's
     * grid search when GRID is asked for. Returns the files written, in the order of {@link FigureKind}.
     */
    public static List<Path> write(Set<FigureKind> kinds, ModelRecord model, ExampleTrial trial, Figures.Source src,
                                   Path dir, String stem) throws IOException {
        List<Path> written = new ArrayList<>();
        for (FigureKind k : kinds) {
            Path f = file(dir, stem, k);
            Figures.save(panels(k, model, trial, src), f);
            written.add(f);
        }
        return written;
    }

    /** The panels of a figure, top to bottom: the output figure has the stimulus under it, the others one panel. */
    static List<Chart<?, ?>> panels(FigureKind k, ModelRecord model, ExampleTrial trial, Figures.Source src) {
        if (k == FigureKind.LIF) {
            return List.of(SpikingFigures.output(trial, src), SpikingFigures.inputs(trial));
        }
        return List.of(chart(k, model, trial, src));
    }

    private static Chart<?, ?> chart(FigureKind k, ModelRecord model, ExampleTrial trial, Figures.Source src) {
        switch (k) {
            case WEIGHTS:
                return NetworkFigures.weights(model.network(), src);
            case EIGEN:
                return NetworkFigures.eigenvalues(model.network(), model.initial(), src);
            case TAUS:
                return NetworkFigures.taus(model.network(), model.initial(), src, BINS);
            case RASTER:
                return SpikingFigures.raster(trial, src);
            case RATES:
                return SpikingFigures.firingRates(trial, src, BINS);
            case GRID:
                return SpikingFigures.gridSearch(model.grid(), src);
            default:
                throw new IllegalArgumentException(k.toString());
        }
    }

    /** Whether the model holds a grid-search curve to draw. */
    public static boolean hasGridCurve(ModelRecord model) {
        ModelRecord.GridSearchResult g = model.grid();
        return g != null && g.allPerfs() != null && g.scalingFactors() != null && g.allPerfs().length > 0
                && g.allPerfs().length == g.scalingFactors().length;
    }
}
