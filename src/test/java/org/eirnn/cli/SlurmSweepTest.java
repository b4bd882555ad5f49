package org.eirnn.cli;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * eirnn sweep as a SLURM job array on a real single-node SLURM (Debian's slurmctld, slurmd and munged on loopback,
 * started and stopped by tools/slurm-test-cluster): a 6-job go-nogo array, its summary, then one array task
 * resubmitted alone. Without SLURM the test is skipped with the reason, except under CI=true where it fails.
 */
class SlurmSweepTest {
    private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private static void unavailable(String why) {
        if (CI) {
            Assertions.fail(why + " (CI=true requires SLURM: .ci/run installs slurm-wlm and munge)");
        }
        Assumptions.abort(why + "; SLURM sweep test skipped");
    }

    private static boolean installed(String exe) {
        for (String dir : (System.getenv("PATH") + File.pathSeparator + "/usr/sbin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command with the cluster's SLURM_CONF; output to {@code log}; exit status, or fails after the limit. */
    private static int exec(Path cluster, Path log, long seconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("SLURM_CONF", cluster.resolve("slurm.conf").toString());
        env.put("PATH", env.get("PATH") + File.pathSeparator + "/usr/sbin");
        env.put("SLURM_TEST_PORT", Integer.toString(20000 + ThreadLocalRandom.current().nextInt(20000) * 2));
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail(String.join(" ", cmd) + " did not finish within " + seconds + " s: "
                    + Files.readString(log));
        }
        return p.exitValue();
    }

    @Test
    void sixJobArrayRunsAndAFailedTaskIsResubmittedAlone(@TempDir Path tmp) throws Exception {
        for (String exe : List.of("munged", "slurmctld", "slurmd", "sbatch")) {
            if (!installed(exe)) {
                unavailable(exe + " is not installed (apt-get install slurm-wlm munge)");
            }
        }
        Path cluster = tmp.resolve("cluster");
        Path log = tmp.resolve("slurm.log");
        if (exec(cluster, log, 120, "tools/slurm-test-cluster", "start", cluster.toString()) != 0) {
            unavailable("the test SLURM cluster did not start: " + Files.readString(log).trim().replace('\n', ' '));
        }
        try {
            runArray(cluster, tmp, log);
        } finally {
            exec(cluster, log, 60, "tools/slurm-test-cluster", "stop", cluster.toString());
        }
    }

    private void runArray(Path cluster, Path tmp, Path log) throws Exception {
        Path grid = tmp.resolve("grid.json");
        Files.writeString(grid, "{\"task\": \"go-nogo\", \"N\": 12, \"seed\": [1, 2, 3, 4, 5, 6], \"n_trials\": 100}");
        Path dir = tmp.resolve("sweep");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String launcher = java + " -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName();
        String[] r = SweepCommandTest.run("sweep", "--grid", grid.toString(), "--output_dir", dir.toString(), "--pack",
                "1", "--slurm", "--max-running", "2", "--launcher", launcher);
        assertEquals("0", r[0], r[1]);
        Path script = dir.resolve("sweep.sbatch");
        String text = Files.readString(script);
        assertTrue(text.contains("#SBATCH --array=0-5%2"), text);

        assertEquals(0, exec(cluster, log, 600, "sbatch", "--wait", script.toString()), Files.readString(log)
                + slurmOutputs(dir));
        assertEquals("0", SweepCommandTest.run("sweep", "--output_dir", dir.toString(), "--summary")[0]);
        List<Map<String, String>> rows = SweepCommandTest.summary(dir);
        assertEquals(6, rows.size());
        for (Map<String, String> row : rows) {
            assertEquals("done", row.get("state"), row + slurmOutputs(dir));
            assertEquals("99", row.get("tr"));
            assertTrue(Files.exists(dir.resolve(row.get("model"))), row.toString());
        }
        assertEquals(6, Files.list(dir.resolve("slurm")).count(), "one output file per array task");

        // job 3 (array task 2) failed and its model is lost: resubmit that task alone
        Path status3 = dir.resolve("job_0003/status.json");
        Files.writeString(status3, Files.readString(status3).replace("\"state\": \"done\"", "\"state\": \"failed\""),
                StandardCharsets.UTF_8);
        Files.delete(dir.resolve(rows.get(2).get("model")));
        String others = Files.readString(dir.resolve("job_0002/status.json"));
        assertEquals(0, exec(cluster, log, 300, "sbatch", "--wait", "--array=2", script.toString()),
                Files.readString(log) + slurmOutputs(dir) + Files.readString(dir.resolve("packs/pack_0002/log.txt")));
        assertEquals(others, Files.readString(dir.resolve("job_0002/status.json")));
        assertTrue(Files.readString(status3).contains("\"state\": \"done\""), Files.readString(status3));
        assertTrue(Files.exists(dir.resolve(SweepCommandTest.summary(dir).get(2).get("model"))));
    }

    private static String slurmOutputs(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (var s = Files.list(dir.resolve("slurm"))) {
            for (Path p : s.toList()) {
                sb.append("\n--- ").append(p.getFileName()).append('\n').append(Files.readString(p));
            }
        }
        return sb.toString();
    }
}
