package org.eirnn.sweep;

import org.eirnn.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --keep 'perf>0.95,rate<100Hz'}: conditions on summary columns, all of which a done job must meet to be kept.
 * Names: perf (rate-model accuracy, eval_perf_mean), spike_perf (spiking accuracy), rate (mean firing rate, Hz),
 * trials (tr), loss (eval_loss_mean), factor (opt_scaling_factor), or any numeric column of the summary; operators
 * {@code > >= < <= = !=}; a value may carry its unit (Hz, s). A job without the value (e.g. no spike-eval) is not kept.
 */
public final class KeepFilter {
    private static final Pattern CONDITION = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_-]*)\\s*(>=|<=|!=|>|<|=)\\s*([-+0-9.eE]+)\\s*(Hz|hz|s)?\\s*");
    private static final Map<String, String> ALIASES = Map.of("perf", "eval_perf_mean", "spike_perf",
            "spiking_accuracy", "rate", "firing_rate_hz", "trials", "tr", "loss", "eval_loss_mean", "factor",
            "opt_scaling_factor");

    record Condition(String column, String op, double value) {
        boolean test(double v) {
            switch (op) {
                case ">": return v > value;
                case ">=": return v >= value;
                case "<": return v < value;
                case "<=": return v <= value;
                case "=": return v == value;
                default: return v != value;
            }
        }
    }

    private final List<Condition> conditions;
    private final String text;

    private KeepFilter(List<Condition> conditions, String text) {
        this.conditions = conditions;
        this.text = text;
    }

    public static KeepFilter none() {
        return new KeepFilter(List.of(), "");
    }

    public static KeepFilter parse(String text) {
        List<Condition> out = new ArrayList<>();
        for (String part : text.split(",")) {
            Matcher m = CONDITION.matcher(part);
            if (!m.matches()) {
                throw new InvalidInputException("--keep '" + part.trim() + "' is not valid: expected NAME OP VALUE, "
                        + "e.g. perf>0.95 or rate<100Hz (OP one of > >= < <= = !=)");
            }
            double v;
            try {
                v = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--keep '" + part.trim() + "': '" + m.group(3) + "' is not a number");
            }
            String name = m.group(1).toLowerCase(Locale.ROOT);
            out.add(new Condition(ALIASES.getOrDefault(name, name), m.group(2), v));
        }
        return new KeepFilter(out, text);
    }

    public String text() {
        return text;
    }

    /**
     * Every column the conditions name must be one of {@code columns} (rates and spiking accuracy are columns of every
     * summary, empty without "grid_search" and "spike_eval" in the grid: then no job is kept).
     */
    public void check(List<String> columns) {
        for (Condition c : conditions) {
            InvalidInputException.require(columns.contains(c.column()), () -> "--keep: no column '" + c.column()
                    + "' in the summary; expected one of perf, spike_perf, rate, trials, loss, factor or " + columns);
        }
    }

    /** Whether a done job with these values is kept (a missing value, NaN, fails its condition). */
    public boolean keeps(ToDoubleFunction<String> value) {
        for (Condition c : conditions) {
            double v = value.applyAsDouble(c.column());
            if (Double.isNaN(v) || !c.test(v)) {
                return false;
            }
        }
        return true;
    }
}
