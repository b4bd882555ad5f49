package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of the one option layer, for every command of {@link Main#commands()}: abbreviated and repeated flags
 * and stray arguments are refused in one line with exit 2, --help works, each flag name has one meaning.
 */
class CommandLineRulesTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = goNogo30(dir);
    }

    /** An untrained go-nogo model (N = 30, one input) written into {@code dir}. */
    static Path goNogo30(Path dir) throws java.io.IOException {
        Path file = dir.resolve("Task_go-nogo_N_30.mat");
        MatModelFile.write(file, ExportSampleCommand.sample("go-nogo", 30, 0, true, 3, 4));
        return file;
    }

    /** Exit status, everything on stderr (Main's and the command's), stdout. */
    static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(errStream);
        try {
            int status = Main.run(args, errStream);
            return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8),
                    out.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    /** Exit 2 and one line on stderr, "eirnn COMMAND: ..." containing {@code expected}. */
    static void assertRefused(String expected, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], String.join(" ", args) + ": " + r[1]);
        assertEquals(1, r[1].strip().lines().count(), "one line: " + r[1]);
        assertTrue(r[1].startsWith("eirnn " + args[0] + ": ") && r[1].contains(expected),
                String.join(" ", args) + ": expected '" + expected + "' in: " + r[1]);
    }

    /**
     * As {@link #assertRefused}, for a value checked against the model file: the file's import notes ("eirnn
     * COMMAND: note: ...") may come first, then the one line of the refusal.
     */
    static void assertRefusedAfterReading(String expected, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], String.join(" ", args) + ": " + r[1]);
        List<String> lines = r[1].strip().lines().filter(l -> !l.startsWith("eirnn " + args[0] + ": note: ")).toList();
        assertEquals(1, lines.size(), "one line besides the notes: " + r[1]);
        assertTrue(lines.get(0).startsWith("eirnn " + args[0] + ": ") && lines.get(0).contains(expected),
                String.join(" ", args) + ": expected '" + expected + "' in: " + r[1]);
    }

    static Stream<Command> commands() {
        return Main.commands().stream();
    }

    private static Set<String> names(Command c) {
        return c.options().flags().stream().map(Flag::name).collect(Collectors.toSet());
    }

    /** The arguments that give {@code f} once, with a value where it takes one. */
    private static List<String> once(Flag f, String spelled) {
        List<String> args = new ArrayList<>(List.of(spelled));
        if (f.takesValue()) {
            args.add("1");
        }
        return args;
    }

    @Test
    void everyCommandDeclaresItsFlagsThroughTheLayer() {
        for (Command c : Main.commands()) {
            assertNotNull(c.options(), c.name() + " does not declare its options through CliOptions");
            assertEquals(c.name(), c.options().command());
        }
    }

    @Test
    void eachFlagNameHasOneMeaningAcrossCommands() {
        Map<String, String> meaning = new HashMap<>();
        for (Command c : Main.commands()) {
            for (Flag f : c.options().flags()) {
                String before = meaning.putIfAbsent(f.name(), f.meaning() + "|" + f.argName() + "|" + f.manyValues());
                assertTrue(before == null || before.equals(meaning.get(f.name())), "--" + f.name() + " of "
                        + c.name() + " means '" + f.meaning() + "', elsewhere '" + before + "'");
            }
        }
        assertTrue(meaning.containsKey("seed") && meaning.containsKey("device") && meaning.containsKey("noise-sd"));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void abbreviatedFlagsAreRefused(Command c) {
        Set<String> names = names(c);
        int checked = 0;
        for (Flag f : c.options().flags()) {
            String prefix = f.name().substring(0, f.name().length() - 1);
            if (prefix.length() < 2 || names.contains(prefix)) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of(c.name()));
            args.addAll(once(f, "--" + prefix));
            assertRefused("Unrecognized option: --" + prefix, args.toArray(new String[0]));
            checked++;
        }
        assertRefused("Unrecognized option: --hel", c.name(), "--hel");
        assertTrue(checked > 0 || c.options().flags().isEmpty(), c.name());
    }

    @Test
    void theReviewsExamplesAreRefused() {
        assertRefused("Unrecognized option: --scal", "lif", "--model", model.toString(), "--scal", "30");
        assertRefused("Unrecognized option: --fact", "grid-search", "--model", model.toString(), "--fact", "20,30");
        assertRefused("Unrecognized option: --scaling", "spike-eval", "--model", model.toString(), "--scaling", "30");
        assertRefused("Unrecognized option: --in", "bench", "--in", "1");
        assertRefused("Unrecognized option: --som", "export-sample", "--out", dir.resolve("x.mat").toString(),
                "--som", "2");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void aRepeatedFlagIsRefused(Command c) {
        for (Flag f : c.options().flags()) {
            List<String> args = new ArrayList<>(List.of(c.name()));
            args.addAll(once(f, f.spelled()));
            args.addAll(once(f, f.spelled()));
            assertRefused(f.spelled() + " given twice", args.toArray(new String[0]));
        }
    }

    @Test
    void aRepeatedFlagIsRefusedWhateverItsSpelling() {
        assertRefused("--seed given twice", "eval", "--model", model.toString(), "--seed", "1", "--seed=2");
        assertRefused("--noise-sd given twice", "lif", "--noise-sd=0", "--model", model.toString(), "--noise-sd",
                "0.1");
        assertRefused("--decay_taus given twice", "train", "--task", "go-nogo", "--decay_taus", "4", "20",
                "--decay_taus", "5");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void helpExitsZeroAndListsEveryFlag(Command c) {
        for (String help : new String[] {"--help", "-h"}) {
            String[] r = run(c.name(), help);
            assertEquals("0", r[0], r[1]);
            for (Flag f : c.options().flags()) {
                assertTrue(r[2].contains(f.spelled()), c.name() + " --help lacks " + f.spelled() + ":\n" + r[2]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void anArgumentWithoutAFlagIsRefused(Command c) {
        if (c.name().equals("inspect")) {   // inspect takes files
            assertRefused("does not exist", "inspect", dir.resolve("missing.mat").toString());
            return;
        }
        if (c.name().equals("summarize")) {   // summarize takes a folder
            assertRefused("'stray' is not a folder", "summarize", "stray");
            return;
        }
        assertRefused("unexpected argument 'stray'", c.name(), "stray");
    }

    @Test
    void aFolderOrAMissingFileAsModelIsOneLine() {
        assertRefused("is a folder: expected a .mat model file", "eval", "--model", dir.toString());
        assertRefused("does not exist", "lif", "--model", dir.resolve("nope.mat").toString());
        assertFalse(run("spike-eval", "--model", dir.resolve("nope.mat").toString())[1].contains("Exception"));
    }
}
