package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.eirnn.InvalidInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;

/**
 * The parsed command line of one command, read through {@link Flag}s. Every reader checks its value and refuses a
 * bad one with one line, {@code --flag 'value' is not valid: expected ...}; a flag that is absent gives the
 * caller's fallback, which is not checked. Numbers must be finite; integers must fit their type.
 */
final class Args {
    private final String command;
    private final CommandLine cl;

    Args(String command, CommandLine cl) {
        this.command = command;
        this.cl = cl;
    }

    /** The command word (for "eirnn COMMAND: ..." lines). */
    String command() {
        return command;
    }

    boolean has(Flag f) {
        return cl.hasOption(f.name());
    }

    String string(Flag f, String fallback) {
        return cl.getOptionValue(f.name(), fallback);
    }

    /** The value of a flag that must be given: "--model FILE is required" otherwise. */
    String required(Flag f, String placeholder) {
        InvalidInputException.require(has(f), () -> f.spelled() + " " + placeholder + " is required");
        return string(f, null);
    }

    /** The values of one occurrence of a many-valued flag, else {@code fallback}. */
    String[] strings(Flag f, String... fallback) {
        return has(f) ? cl.getOptionValues(f.name()) : fallback;
    }

    /** The arguments given without a flag (commands that declared {@link CliOptions#positionals}). */
    List<String> positional() {
        return cl.getArgList();
    }

    /** The file a flag names, which must exist and not be a folder; null when the flag is absent. */
    Path inputFile(Flag f, String expected) {
        if (!has(f)) {
            return null;
        }
        Path p = Path.of(string(f, null));
        requireFile(p, f.spelled() + " " + p, expected);
        return p;
    }

    /** Refuses a path that does not exist or is a folder: "{@code what} does not exist: expected ...". */
    static void requireFile(Path p, String what, String expected) {
        InvalidInputException.require(Files.exists(p), () -> what + " does not exist: expected " + expected);
        InvalidInputException.require(!Files.isDirectory(p), () -> what + " is a folder: expected " + expected);
    }

    static InvalidInputException invalid(Flag f, String value, String expected) {
        return new InvalidInputException(f.spelled() + " '" + value + "' is not valid: expected " + expected);
    }

    long longValue(Flag f, long fallback) {
        return has(f) ? parseLong(f, string(f, null), "an integer") : fallback;
    }

    /** An integer flag that must be at least {@code min} (counts: 1 for trials, 0 for samples). */
    int integer(Flag f, int fallback, int min) {
        if (!has(f)) {
            return fallback;
        }
        String s = string(f, null);
        long v = parseLong(f, s, "an integer >= " + min);
        if (v < min) {
            throw invalid(f, s, "an integer >= " + min);
        }
        if (v > Integer.MAX_VALUE) {
            throw invalid(f, s, "an integer from " + min + " to " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** A long flag that must be at least {@code min}. */
    long longAtLeast(Flag f, long fallback, long min) {
        long v = longValue(f, fallback);
        if (has(f) && v < min) {
            throw invalid(f, string(f, null), "an integer >= " + min);
        }
        return v;
    }

    /** A finite number. */
    double number(Flag f, double fallback) {
        return number(f, fallback, v -> true, "a finite number");
    }

    /** A finite number for which {@code ok} holds; {@code expected} says what that is ("a number > 0"). */
    double number(Flag f, double fallback, DoublePredicate ok, String expected) {
        if (!has(f)) {
            return fallback;
        }
        double v = parseNumber(f, string(f, null), expected);
        if (!ok.test(v)) {
            throw invalid(f, string(f, null), expected);
        }
        return v;
    }

    /** A finite number > 0 (steps, tolerances, rates, scaling factors). */
    double positive(Flag f, double fallback) {
        return number(f, fallback, v -> v > 0, "a finite number > 0");
    }

    /** A finite number >= 0 (standard deviations). */
    double nonNegative(Flag f, double fallback) {
        return number(f, fallback, v -> v >= 0, "a finite number >= 0");
    }

    /** A comma list of integers > 0 ("200,500"). */
    int[] positiveInts(Flag f, String fallback) {
        String s = string(f, fallback);
        try {
            int[] v = Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            if (v.length > 0 && Arrays.stream(v).allMatch(x -> x > 0)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(f, s, "positive integers separated by commas");
    }

    /** spikeRNN's str2bool: yes/true/t/y/1 or no/false/f/n/0. */
    boolean bool(Flag f, boolean fallback) {
        if (!has(f)) {
            return fallback;
        }
        String s = string(f, null);
        switch (s.toLowerCase(Locale.ROOT)) {
            case "yes": case "true": case "t": case "y": case "1":
                return true;
            case "no": case "false": case "f": case "n": case "0":
                return false;
            default:
                throw invalid(f, s, "yes/true/t/y/1 or no/false/f/n/0");
        }
    }

    static long parseLong(Flag f, String s, String expected) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw invalid(f, s, expected);
        }
    }

    static double parseNumber(Flag f, String s, String expected) {
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(f, s, expected);
    }
}
