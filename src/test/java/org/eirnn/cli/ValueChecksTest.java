package org.eirnn.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.nio.file.Path;

import static org.eirnn.cli.CommandLineRulesTest.assertRefused;
import static org.eirnn.cli.CommandLineRulesTest.assertRefusedAfterReading;
import static org.eirnn.cli.CommandLineRulesTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values that cannot be meant are refused before any work, in one line naming the flag, the value and what was
 * expected; a model whose N_in does not fit the task is refused by every command that runs one; one default seed.
 */
class ValueChecksTest {
    @TempDir
    static Path dir;
    /** go-nogo, N = 30, one input. */
    static String model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = CommandLineRulesTest.goNogo30(dir).toString();
    }

    @Test
    void theReviewsExamplesAreRefused() {
        assertRefused("--tolerance '-1' is not valid: expected a finite number > 0", "gradcheck", "--model", model,
                "--device", "cpu", "--tolerance", "-1");
        assertRefused("--stim-dur '5,1' is not valid: expected FROM,TO with 1 <= FROM < TO", "lif",
                "--model", model, "--scaling-factor", "25", "--trial", "go", "--stim-mode", "exc", "--stim-dur", "5,1",
                "--stim-units", "1,2");
    }

    @ParameterizedTest(name = "{1}")
    @CsvFileSource(resources = "refusals.csv", delimiterString = " | ")
    void eachValueIsRefusedInOneLine(String expected, String commandLine) {
        assertRefused(expected.replace("$DIR", dir.toString()),
                commandLine.replace("$MODEL", model).replace("$DIR", dir.toString()).split(" +"));
    }

    /** Values that need the model: checked against it after its import notes. */
    @Test
    void valuesCheckedAgainstTheModel() {
        String[] stim = {"lif", "--model", model, "--scaling-factor", "25", "--trial", "go", "--device", "cpu",
            "--stim-mode", "inh"};
        assertRefusedAfterReading("--stim-dur '1,20002' is not valid: expected TO <= nt + 1 = 20001",
                with(stim, "--stim-dur", "1,20002", "--stim-units", "1"));
        assertRefusedAfterReading("--stim-units: unit 31 is not valid: expected units from 1 to N = 30",
                with(stim, "--stim-dur", "1,10", "--stim-units", "1,31"));
        assertEquals("0", run(with(stim, "--stim-dur", "1,20001", "--stim-units", "1,30"))[0], "the widest range runs");
    }

    /** Issue 12 item 2: lif ran a 1-input model on xor's 2-input stimulus; every command refuses that now. */
    @Test
    void aModelWhoseInputsDoNotFitTheTaskIsRefusedByEveryCommand() {
        String expected = "task xor has 2 inputs but " + model + " has w_in for 1";
        assertRefusedAfterReading(expected, "lif", "--model", model, "--scaling-factor", "25", "--task", "xor", "--device", "cpu");
        assertRefusedAfterReading(expected, "spike-eval", "--model", model, "--scaling-factor", "25", "--task", "xor");
        assertRefusedAfterReading(expected, "grid-search", "--model", model, "--factors", "25", "--task", "xor");
        assertRefusedAfterReading(expected, "eval", "--model", model, "--task", "xor");
        assertRefusedAfterReading(expected, "gradcheck", "--model", model, "--task", "xor");
        assertRefused("give --task or --stimulus, not both", "lif", "--model", model, "--scaling-factor", "25",
                "--task", "xor", "--stimulus", model);
    }

    /** One rule: the default seed is 1 for every command, and train says which seed it used. */
    @Test
    void everyCommandDefaultsToSeedOne() {
        for (Command c : Main.commands()) {
            c.options().flags().stream().filter(f -> f.name().equals("seed")).forEach(f ->
                    assertEquals(SeedOption.SEED, f, c.name() + " has its own --seed"));
        }
        assertEquals(1, SeedOption.DEFAULT);
        String[] eval = {"eval", "--model", model, "--trials", "5", "--device", "cpu"};
        String[] byDefault = run(eval);
        assertEquals("0", byDefault[0], byDefault[1]);
        assertTrue(byDefault[2].contains("(seed 1,"), byDefault[2]);
        assertEquals(byDefault[2], run(with(eval, "--seed", "1"))[2]);
        assertNotEquals(byDefault[2], run(with(eval, "--seed", "2"))[2]);

        String[] lif = {"lif", "--model", model, "--scaling-factor", "25", "--device", "cpu", "--trials", "2"};
        String[] lifDefault = run(lif);
        assertEquals("0", lifDefault[0], lifDefault[1]);
        assertEquals(lifDefault[2], run(with(lif, "--seed", "1"))[2]);
        assertNotEquals(lifDefault[2], run(with(lif, "--seed", "2"))[2]);

        String[] train = run("train", "--task", "go-nogo", "--N", "8", "--n_trials", "2", "--device", "cpu",
                "--output_dir", dir.resolve("seeded").toString());
        assertEquals("0", train[0], train[1]);
        assertTrue(train[1].contains("seed 1 (the default; --seed S trains other networks)"), train[1]);
        assertTrue(train[1].contains("_seed_1.checkpoint"), train[1]);
    }

    private static String[] with(String[] base, String... more) {
        String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }
}
