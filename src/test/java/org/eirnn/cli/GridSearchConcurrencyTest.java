package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Two {@code grid-search} runs on one folder at the same time (issue #12 item 9): each model is searched by one of
 * them, and every printed result is the one in its file.
 */
class GridSearchConcurrencyTest {
    private static final Pattern RESULT = Pattern.compile("^(\\S+): task \\S+, best accuracy \\S+ at scaling factor (\\S+) ");

    @Test
    void twoSearchesShareAFolderAndNoResultIsLost(@TempDir Path dir) throws Exception {
        int models = 4;
        for (int k = 0; k < models; k++) {
            MatModelFile.write(dir.resolve("m" + k + ".mat"), ExportSampleCommand.sample("go-nogo", 20, 0, true, k, 2));
        }
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int[] status = new int[2];
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            List<Thread> runs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int which = t;
                String[] args = {"grid-search", "--model", dir.toString(), "--factors", which == 0 ? "20,40" : "25,45",
                        "--trials", "2", "--device", "cpu", "--seed", Integer.toString(2 + which), "--all"};
                runs.add(new Thread(() -> status[which] = Main.run(args,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))));
            }
            runs.forEach(Thread::start);
            for (Thread t : runs) {
                t.join();
            }
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, status[0]);
        assertEquals(0, status[1]);
        Map<String, Double> results = new HashMap<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).lines().toList()) {
            Matcher m = RESULT.matcher(line);
            if (m.find()) {
                assertNull(results.put(m.group(1), Double.parseDouble(m.group(2))), m.group(1) + " searched twice");
            }
        }
        assertEquals(models, results.size(), printed.toString(StandardCharsets.UTF_8));
        for (Map.Entry<String, Double> r : results.entrySet()) {
            assertEquals(r.getValue(), MatModelFile.read(Path.of(r.getKey())).record().grid().optScalingFactor(),
                    "the printed result is in " + r.getKey());
        }
    }
}
