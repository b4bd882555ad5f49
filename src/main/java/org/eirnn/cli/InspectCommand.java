package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.io.MatModelFile.ImportedModel;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads model files (eirnn's, spikeRNN TensorFlow or PyTorch, MATLAB-appended) and prints what they hold and what
 * the import had to change or infer. Exit 2 with one line naming the file and variable when a file is bad.
 */
final class InspectCommand implements Command {
    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "show what a .mat model file holds (eirnn or spikeRNN TF/PyTorch) and how it imports";
    }

    @Override
    public CliOptions options() {
        return CliOptions.of(name(), "eirnn inspect FILE.mat [FILE.mat ...]").positionals("model files");
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        InvalidInputException.require(!a.positional().isEmpty(), () -> "no model file given: expected FILE.mat");
        for (String file : a.positional()) {
            print(Path.of(file), ModelLoader.readQuietly(Path.of(file)), System.out);
        }
        return Main.EXIT_OK;
    }

    static void print(Path file, ImportedModel model, PrintStream out) {
        ModelRecord rec = model.record();
        RateNetwork net = rec.network();
        NetworkSpec spec = net.spec;
        out.println(file);
        out.println("  written by:  " + model.flavour().description);
        out.println("  task:        " + (rec.task() == null ? "(unknown)" : rec.task()) + ", T=" + rec.steps());
        out.printf(Locale.ROOT, "  network:     N=%d, inputs=%d, inhibitory=%d, som_N=%d, Dale %s, %s, taus %s%n",
                spec.n(), spec.inputs(), net.inhibitoryCount(), spec.somN(), spec.applyDale() ? "on" : "off",
                spec.activation().spikeRnnName, Arrays.toString(spec.taus().asArray()));
        out.printf(Locale.ROOT, "  training:    last trial %d, last evaluation perf %.3f, loss %.4g (%d trials)%n",
                rec.lastTrial(), rec.evalPerfMean(), rec.evalLossMean(),
                rec.evalLabels() == null ? 0 : rec.evalLabels().length);
        ModelRecord.GridSearchResult grid = rec.grid();
        if (grid != null) {
            out.printf(Locale.ROOT, "  grid search: opt_scaling_factor=%s, %d factors%n", grid.optScalingFactor(),
                    grid.scalingFactors() == null ? 0 : grid.scalingFactors().length);
        }
        if (!rec.extras().isEmpty()) {
            out.println("  eirnn:       " + rec.extras().entrySet().stream()
                    .map(e -> e.getKey() + "=" + (e.getValue() instanceof double[] d ? Arrays.toString(d) : e.getValue()))
                    .reduce((a, b) -> a + ", " + b).orElse(""));
        }
        for (String note : model.notes()) {
            out.println("  note:        " + note);
        }
    }
}
