package org.eirnn.cli;

import org.apache.commons.cli.Option;

/**
 * One command-line flag, defined once: its name (spelled {@code --name} in full), what its argument is, and what it
 * means. A command may add a detail for its --help line (its default, its unit of count) but not a second meaning:
 * {@code CliOptionsTest} checks that every name has one meaning across all commands.
 *
 * @param name       the long name, without dashes
 * @param argName    the argument's placeholder in --help, null for a switch
 * @param meaning    what the flag means, the same for every command
 * @param detail     this command's addition in parentheses (e.g. "default 100"), or null
 * @param manyValues true when one occurrence takes several values (--decay_taus 4 20)
 */
record Flag(String name, String argName, String meaning, String detail, boolean manyValues) {

    /** A flag with one value. */
    static Flag value(String name, String argName, String meaning) {
        return new Flag(name, argName, meaning, null, false);
    }

    /** A flag whose one occurrence takes one or more values. */
    static Flag values(String name, String argName, String meaning) {
        return new Flag(name, argName, meaning, null, true);
    }

    /** A flag without a value. */
    static Flag toggle(String name, String meaning) {
        return new Flag(name, null, meaning, null, false);
    }

    /** The same flag with this command's detail for --help ("default 100", "trials per factor, default 100"). */
    Flag detail(String text) {
        return new Flag(name, argName, meaning, text, manyValues);
    }

    /** "--name", as messages spell it. */
    String spelled() {
        return "--" + name;
    }

    boolean takesValue() {
        return argName != null;
    }

    Option option() {
        Option.Builder b = Option.builder().longOpt(name).desc(detail == null ? meaning : meaning + " (" + detail + ")");
        if (!takesValue()) {
            return b.get();
        }
        return (manyValues ? b.hasArgs() : b.hasArg()).argName(argName).get();
    }
}
