package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Issue 12 item 3: sizes that cannot fit are refused before anything is allocated, with what they need and what the
 * JVM has. (Those refused before a file is read are rows of refusals.csv; this one needs the model's N first.)
 */
class HugeSizesTest {
    @TempDir
    Path dir;

    @Test
    void evalOfAHundredMillionTrialsIsRefusedBeforeAllocating() throws Exception {
        Path model = dir.resolve("m.mat");
        MatModelFile.write(model, ExportSampleCommand.sample("go-nogo", 30, 0, true, 3, 5));
        CommandLineRulesTest.assertRefusedAfterReading(
                "1 network(s) of N=30 with 100000000 trial(s) of 200 steps each need about 13858.1 GiB",
                "eval", "--model", model.toString(), "--device", "cpu", "--trials", "100000000");
    }
}
