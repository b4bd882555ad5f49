package org.eirnn.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void noArgumentsPrintsUsageAndFails() {
        String[] r = run();
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("usage: eirnn"), r[1]);
        for (Command c : Main.commands()) {
            assertEquals(!c.hidden(), r[1].contains(c.name()), "usage lists " + c.name() + " unless hidden");
        }
    }

    @Test
    void unknownCommandPrintsUsageAndFails() {
        String[] r = run("trian");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("unknown command 'trian'"), r[1]);
    }

    @Test
    void badFlagIsOneLineAndExitTwo() {
        String[] r = run("bench", "--no-such-flag");
        assertEquals("2", r[0]);
        assertTrue(r[1].startsWith("eirnn bench: "), r[1]);
        assertTrue(r[1].contains("no-such-flag"), r[1]);
        assertEquals(1, r[1].strip().lines().count(), "one line: " + r[1]);
    }

    @Test
    void badValueNamesTheValue() {
        String[] r = run("bench", "--in-flight", "0,-3");
        assertEquals("2", r[0]);
        assertTrue(r[1].contains("--in-flight '0,-3'"), r[1]);
        assertEquals(1, r[1].strip().lines().count(), "one line: " + r[1]);
    }

    @Test
    void benchMeasuresAnUpdateOfPycogsRecipe() {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        String[] r;
        try {
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            r = run("bench", "--device", "cpu", "--work", "song2016", "--N", "100", "--in-flight", "2",
                    "--seconds", "0.2", "--csv");
        } finally {
            System.setOut(old);
        }
        assertEquals("0", r[0], r[1]);
        String line = printed.toString(java.nio.charset.StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("cpu,song2016,")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(line.split(",")[5]) > 0, line);
    }
}
