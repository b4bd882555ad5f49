package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.eirnn.InvalidInputException;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of one command and the one parse function every command uses. Parsing refuses abbreviated flags
 * ({@code --scal} for {@code --scaling-factor}), a flag given twice, and arguments without a flag (unless the command
 * takes some, as inspect takes files); {@code --help} (or {@code -h}) prints the options and returns null. Errors are
 * one line: {@link InvalidInputException}, or commons-cli's {@link ParseException}, which {@link Main} prints with
 * exit status 2.
 */
final class CliOptions {
    static final Flag HELP = Flag.toggle("help", "this help");

    private final String command;
    private final String usage;
    private final Map<String, Flag> flags = new LinkedHashMap<>();
    private String positionals;

    private CliOptions(String command, String usage) {
        this.command = command;
        this.usage = usage;
    }

    /** The options of {@code command}; {@code usage} is the synopsis --help prints. */
    static CliOptions of(String command, String usage) {
        return new CliOptions(command, usage);
    }

    /** Adds flags; a name added twice to one command is a programming error. */
    CliOptions add(Flag... more) {
        for (Flag f : more) {
            if (f.name().equals(HELP.name()) || flags.putIfAbsent(f.name(), f) != null) {
                throw new IllegalStateException(f.spelled() + " added twice to eirnn " + command);
            }
        }
        return this;
    }

    CliOptions add(OptionGroup... groups) {
        for (OptionGroup g : groups) {
            add(g.flags().toArray(new Flag[0]));
        }
        return this;
    }

    /** The command takes arguments without a flag, described as {@code what} (e.g. "model files"). */
    CliOptions positionals(String what) {
        this.positionals = what;
        return this;
    }

    String command() {
        return command;
    }

    /** Every flag of the command except --help, in the order added. */
    Collection<Flag> flags() {
        return Collections.unmodifiableCollection(flags.values());
    }

    private Options commonsOptions() {
        Options o = new Options();
        for (Flag f : flags.values()) {
            o.addOption(f.option());
        }
        o.addOption(Option.builder("h").longOpt(HELP.name()).desc(HELP.meaning()).get());
        return o;
    }

    /** Parses {@code args}; null after printing the help when --help is given. */
    Args parse(String[] args) throws ParseException {
        Options options = commonsOptions();
        CommandLine cl = DefaultParser.builder().setAllowPartialMatching(false).build().parse(options, args);
        if (cl.hasOption(HELP.name())) {
            new HelpFormatter().printHelp(usage, options);
            return null;
        }
        refuseRepeats(cl);
        if (positionals == null && !cl.getArgList().isEmpty()) {
            throw new InvalidInputException("unexpected argument '" + cl.getArgList().get(0)
                    + "': every option starts with -- (see 'eirnn " + command + " --help')");
        }
        return new Args(command, cl);
    }

    /** commons-cli keeps the first value of a repeated flag and drops the rest; refuse instead. */
    private static void refuseRepeats(CommandLine cl) {
        Map<String, Integer> seen = new HashMap<>();
        for (Option o : cl.getOptions()) {
            String name = o.getLongOpt() != null ? o.getLongOpt() : o.getOpt();
            if (seen.merge(name, 1, Integer::sum) == 2) {
                throw new InvalidInputException("--" + name + " given twice: give each flag once");
            }
        }
    }
}
