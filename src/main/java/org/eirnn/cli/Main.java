package org.eirnn.cli;

import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import org.eirnn.InvalidInputException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code tools/eirnn}. Exit status: 0 success, 1 failure while running, 2 bad input or usage.
 */
public final class Main {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    /** Every sub-command, in the order the usage lists them. */
    static List<Command> commands() {
        return List.of(
                new DevicesCommand(),
                new CheckCommand(),
                new TrainCommand(),
                new EvalCommand(),
                new GradcheckCommand(),
                new BenchCommand(),
                new InspectCommand(),
                new LifCommand(),
                new GridSearchCommand(),
                new SpikeEvalCommand(),
                new SweepCommand(),
                new PlotCommand(),
                new SummarizeCommand(),
                new ExportSampleCommand()
        );
    }

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    /** Runs a command line and returns its exit status (what tests call). */
    public static int run(String[] args, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage(err);
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        Command command = commands().stream().filter(c -> c.name().equals(args[0])).findFirst().orElse(null);
        if (command == null) {
            err.println("eirnn: unknown command '" + args[0] + "'");
            usage(err);
            return EXIT_USAGE;
        }
        try {
            return command.run(Arrays.copyOfRange(args, 1, args.length));
        } catch (InvalidInputException e) {
            err.println("eirnn " + command.name() + ": " + e.getMessage());
            return EXIT_USAGE;
        } catch (ParseException e) {
            // one line: what commons-cli rejected, and where the options are listed
            String hint = e instanceof UnrecognizedOptionException ? "flags are spelled in full; " : "";
            err.println("eirnn " + command.name() + ": " + e.getMessage() + " (" + hint + "see 'eirnn "
                    + command.name() + " --help')");
            return EXIT_USAGE;
        } catch (Exception e) {
            err.println("eirnn " + command.name() + ": failed: " + e);
            if (System.getenv("EIRNN_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return EXIT_FAILURE;
        }
    }

    static void usage(PrintStream out) {
        out.println("usage: eirnn <command> [options]     (eirnn <command> --help for its options)");
        out.println();
        for (Command c : commands()) {
            if (c.hidden()) {
                continue;
            }
            out.printf("  %-12s %s%n", c.name(), c.summary());
        }
    }
}
