package org.eirnn.cli;

/** One sub-command of {@code tools/eirnn}. */
public interface Command {
    /** The word that selects it, e.g. "train". */
    String name();

    /** One line for the usage listing. */
    String summary();

    /**
     * Runs with the arguments after the command word. Returns the exit status; throws
     * {@link org.eirnn.InvalidInputException} (exit 2) for bad input.
     */
    int run(String[] args) throws Exception;

    /**
     * The command's flags, each defined once in the option layer ({@link CliOptions}, {@link Flag}); its {@link #run}
     * parses through them. Null only for a command not yet on that layer (a test lists them).
     */
    default CliOptions options() {
        return null;
    }

    /** Hidden commands (helpers for validation scripts) work but are not in the usage listing. */
    default boolean hidden() {
        return false;
    }
}
