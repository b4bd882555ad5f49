package org.eirnn.check;

import org.eirnn.engine.opencl.ClContext;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.ClProgram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every kernel check on one OpenCL device: the rate checks once per kernel shape asked for, then the LIF checks
 * once per shape (org.eirnn.engine.opencl.LifShape) and a build of the bench yardstick. Each row is timed and any exception (a build
 * error carries the device's build log) becomes a FAIL row, so one broken kernel does not hide the others.
 */
public final class DeviceCheck {
    private final RateChecks rate;
    private final LifChecks lif;

    /** The problems of seed {@code seed}, with their CPU references (computed here, once for every device). */
    public DeviceCheck(long seed) {
        this.rate = new RateChecks(seed);
        this.lif = new LifChecks(seed);
    }

    /** One shaped rate check: its name, tolerance, shape label and comparison. */
    private record RateCheck(String kernel, String tolerance, BiFunction<ClDevice, ShapeChoice, String> shape,
                             BiFunction<ClDevice, ShapeChoice, Verdict> run) {
    }

    private List<RateCheck> rateChecks() {
        return List.of(
                new RateCheck("forward (x, r, o, loss)", RateChecks.forwardTolerance(), rate::forwardShape,
                        rate::forward),
                new RateCheck("train: gradients", RateChecks.gradientTolerance(), rate::trainingShape,
                        rate::gradients),
                new RateCheck("train: 3 Adam steps", RateChecks.adamTolerance(), rate::trainingShape,
                        rate::adamSteps));
    }

    /**
     * The rows of {@code device}: rate checks for each of {@code shapes}, then LIF and the yardstick build; each row
     * also goes to {@code progress} as soon as it is done.
     */
    public List<CheckRow> run(ClDevice device, List<ShapeChoice> shapes, Consumer<CheckRow> progress) {
        List<CheckRow> rows = new ArrayList<>() {
            @Override
            public boolean add(CheckRow row) {
                progress.accept(row);
                return super.add(row);
            }
        };
        for (ShapeChoice choice : shapes) {
            for (RateCheck c : rateChecks()) {
                String shape;
                try {
                    shape = c.shape.apply(device, choice);
                } catch (RuntimeException e) {
                    shape = choice.name().toLowerCase(java.util.Locale.ROOT) + " (does not fit)";
                }
                rows.add(row(c.kernel, shape, c.tolerance, d -> c.run.apply(d, choice), device));
            }
        }
        for (ShapeChoice choice : shapes) {
            String shape = LifChecks.label(device, choice);
            rows.add(row("lif double, noise off", shape, "identical spikes and out", d -> lif.exact(d, choice),
                    device));
            rows.add(row("lif float, noise off", shape, "spikes/trial " + LifChecks.FLOAT_SPIKE_TOL + " rel",
                    d -> lif.inFloat(d, choice), device));
        }
        rows.add(row("matmul_peak (bench) build", "-", "builds", DeviceCheck::buildYardstick, device));
        return rows;
    }

    private static CheckRow row(String kernel, String shape, String tolerance, Function<ClDevice, Verdict> check,
                                ClDevice device) {
        long start = System.nanoTime();
        Verdict v;
        try {
            v = check.apply(device);
        } catch (RuntimeException e) {
            double seconds = (System.nanoTime() - start) / 1e9;
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return new CheckRow(kernel, shape, Difference.NONE, tolerance, CheckRow.Result.FAIL, seconds, why);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (v.skipped() != null) {
            return new CheckRow(kernel, shape, v.diff(), tolerance, CheckRow.Result.SKIP, seconds, v.skipped());
        }
        CheckRow.Result result = v.failure() == null ? CheckRow.Result.PASS : CheckRow.Result.FAIL;
        return new CheckRow(kernel, shape, v.diff(), tolerance, result, seconds,
                v.failure() == null ? "" : v.failure());
    }

    private static Verdict buildYardstick(ClDevice device) {
        try (ClContext cl = new ClContext(device); ClProgram p = cl.program(Map.of(), "matmul_peak.cl")) {
            return new Verdict().add(Difference.NONE);
        }
    }
}
