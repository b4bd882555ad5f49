package org.eirnn.cli;

import org.eirnn.engine.TestEngines;
import org.eirnn.engine.opencl.OpenClTestDevice;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eirnn sweep on this machine: a tiny go-nogo grid end to end on each engine, resume, and a kill -9 mid-sweep. */
class SweepCommandTest {

    static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), err.toString(StandardCharsets.UTF_8)};
    }

    /** summary.csv as rows of column → value. */
    static List<Map<String, String>> summary(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        List<String> head = fields(lines.get(0));
        return lines.subList(1, lines.size()).stream().map(l -> {
            List<String> v = fields(l);
            Map<String, String> row = new HashMap<>();
            assertEquals(head.size(), v.size(), l);
            for (int i = 0; i < head.size(); i++) {
                row.put(head.get(i), v.get(i));
            }
            return row;
        }).toList();
    }

    /** One CSV line's fields (RFC 4180 quoting). */
    private static List<String> fields(String line) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                f.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    private static Map<Path, String> statuses(Path dir) throws IOException {
        Map<Path, String> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("status.json")).toList()) {
                m.put(p, Files.readString(p));
            }
        }
        return m;
    }

    private static void assertUsageError(String expected, String... args) {
        String[] r = run(args);
        assertEquals("2", r[0], r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
        assertTrue(r[1].startsWith("eirnn sweep: ") && r[1].contains(expected), r[1]);
    }

    @Test
    void badInputIsOneLineAndExitStatusTwo(@TempDir Path tmp) throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"task\": \"go-nogo\",\n \"N\": [8 20]}");
        Path good = tmp.resolve("good.json");
        Files.writeString(good, "{\"task\": \"go-nogo\", \"N\": 8, \"n_trials\": 2}");
        Path other = tmp.resolve("other.json");
        Files.writeString(other, "{\"task\": \"go-nogo\", \"N\": 9, \"n_trials\": 2}");
        String dir = tmp.resolve("s").toString();
        assertUsageError("--output_dir DIR is required", "sweep", "--grid", good.toString());
        assertUsageError("--grid FILE is required", "sweep", "--output_dir", dir);
        assertUsageError("bad.json: JSON error at line 2, column 10: expected ',' or ']' in an array", "sweep",
                "--grid", bad.toString(), "--output_dir", dir);
        assertUsageError("--devices 'gpu' is not valid", "sweep", "--grid", good.toString(), "--output_dir", dir,
                "--devices", "gpu");
        assertUsageError("--run-index 5 is not valid: the sweep has launches 0..0", "sweep", "--output_dir", dir,
                "--run-index", "5");
        assertUsageError("holds another sweep", "sweep", "--grid", other.toString(), "--output_dir", dir);
        assertUsageError("--pack '0' is not valid: expected an integer >= 1", "sweep", "--grid", good.toString(), "--output_dir",
                tmp.resolve("t").toString(), "--pack", "0");
        assertUsageError("--keep 'perf' is not valid", "sweep", "--output_dir", dir, "--summary", "--keep", "perf");
        assertEquals("0", run("sweep", "--help")[0]);
    }

    @ParameterizedTest
    @MethodSource("org.eirnn.engine.TestEngines#names")
    void tinyGoNogoSweepWritesModelsResultsAndSummary(String engine, @TempDir Path tmp) throws IOException {
        if (engine.equals("opencl")) {
            OpenClTestDevice.require();
        }
        Path grid = tmp.resolve("grid.json");
        Files.writeString(grid, "{\"task\": \"go-nogo\", \"N\": [8, 20], \"seed\": [1, 2], \"n_trials\": 120,\n"
                + " \"grid_search\": true, \"grid_search_trials\": 10, \"grid_search_factors\": \"20,40\",\n"
                + " \"spike_eval\": true, \"spike_eval_trials\": 10}");
        Path dir = tmp.resolve("sweep");
        String[] r = run("sweep", "--grid", grid.toString(), "--output_dir", dir.toString(), "--devices", engine,
                "--keep", "perf>=0,rate<1000Hz");
        assertEquals("0", r[0], r[1]);
        List<Map<String, String>> rows = summary(dir);
        assertEquals(4, rows.size());
        for (int i = 0; i < 4; i++) {
            Map<String, String> row = rows.get(i);
            assertEquals(Integer.toString(i + 1), row.get("job"));
            assertEquals("done", row.get("state"), row.toString());
            assertEquals(i < 2 ? "8" : "20", row.get("N"));
            assertEquals(Integer.toString(i % 2), row.get("network"), "two seeds of one N: one launch of 2");
            assertEquals("119", row.get("tr"));
            assertEquals("false", row.get("criterion_met"));
            double perf = Double.parseDouble(row.get("eval_perf_mean"));
            double spiking = Double.parseDouble(row.get("spiking_accuracy"));
            double rate = Double.parseDouble(row.get("firing_rate_hz"));
            assertTrue(perf >= 0 && perf <= 1 && spiking >= 0 && spiking <= 1 && rate > 0 && rate < 1000,
                    row.toString());
            assertTrue(List.of("20.0", "40.0").contains(row.get("opt_scaling_factor")), row.toString());
            assertEquals(engine, row.get("device"));
            assertTrue(row.get("trained_on").startsWith(engine), row.get("trained_on"));
            assertEquals("1", row.get("kept"));
            Path model = dir.resolve(row.get("model"));
            assertTrue(model.getFileName().toString().matches("Task_go-nogo_N_" + row.get("N")
                    + "_Taus_4\\.0_20\\.0_Act_sigmoid_seed_\\d+_\\d{4}_\\d\\d_\\d\\d_\\d{6}\\.mat"), model.toString());
            assertTrue(model.startsWith(dir.resolve(String.format("job_%04d", i + 1)).resolve("models")
                    .resolve("go-nogo")), model.toString());
            ModelRecord rec = MatModelFile.read(model).record();
            assertEquals(119, rec.lastTrial());
            assertEquals(perf, rec.evalPerfMean());
            assertEquals(Double.parseDouble(row.get("opt_scaling_factor")), rec.grid().optScalingFactor());
        }
        Map<String, com.jmatio.types.MLArray> mat = new com.jmatio.io.MatFileReader(dir.resolve("summary.mat")
                .toFile()).getContent();
        double[][] tr = ((com.jmatio.types.MLDouble) mat.get("tr")).getArray();
        double[][] n = ((com.jmatio.types.MLDouble) mat.get("N")).getArray();
        double[][] state = ((com.jmatio.types.MLDouble) mat.get("state")).getArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(119, tr[i][0]);
            assertEquals(i < 2 ? 8 : 20, n[i][0]);
            assertEquals(2, state[i][0], "done");
            assertEquals(Double.parseDouble(rows.get(i).get("spiking_accuracy")),
                    ((com.jmatio.types.MLDouble) mat.get("spiking_accuracy")).getArray()[i][0]);
        }
        assertFalse(mat.containsKey("task"), "text columns only in the CSV");

        // rerun: nothing is trained again, no status changes
        Map<Path, String> before = statuses(dir);
        String[] again = run("sweep", "--output_dir", dir.toString(), "--devices", engine);
        assertEquals("0", again[0], again[1]);
        assertEquals(before, statuses(dir));
        assertFalse(Files.readString(dir.resolve("packs/pack_0000/log.txt")).lines()
                .filter(l -> l.startsWith("== ")).count() > 1, "launch 0 ran once");

        String[] keep = run("sweep", "--output_dir", dir.toString(), "--summary", "--keep", "perf>1.5");
        assertEquals("0", keep[0], keep[1]);
        assertTrue(summary(dir).stream().allMatch(row -> row.get("kept").equals("0")));
    }

    /**
     * A packed job k trains as network k of train --seed S --networks K (draws keyed by (S, k)): network 0 is the
     * run of train --seed S alone (bit for bit on the CPU engine), the others are not the runs of their own seeds.
     */
    @Test
    void packedJobsAreTheEnsemblesNetworksAsTheManifestSays(@TempDir Path tmp) throws IOException {
        Path grid = tmp.resolve("grid.json");
        Files.writeString(grid, "{\"task\": \"go-nogo\", \"N\": 8, \"seed\": [3, 4], \"n_trials\": 30}");
        Path dir = tmp.resolve("sweep");
        String[] r = run("sweep", "--grid", grid.toString(), "--output_dir", dir.toString(), "--devices", "cpu");
        assertEquals("0", r[0], r[1]);
        String status2 = Files.readString(dir.resolve("job_0002/status.json"));
        assertTrue(status2.contains("\"ensemble_seed\": 3") && status2.contains("\"network\": 1")
                && status2.contains("--seed 3 ") && status2.contains("--networks 2: network 1"), status2);
        for (int seed : new int[] {3, 4}) {
            assertEquals("0", run("train", "--task", "go-nogo", "--N", "8", "--n_trials", "30", "--seed",
                    Integer.toString(seed), "--device", "cpu", "--output_dir", tmp.resolve("alone" + seed)
                            .toString())[0]);
        }
        double[] alone3 = weights(tmp.resolve("alone3"));
        double[] alone4 = weights(tmp.resolve("alone4"));
        assertArrayEquals(alone3, weights(dir.resolve("job_0001")));
        assertFalse(Arrays.equals(alone4, weights(dir.resolve("job_0002"))));
    }

    private static double[] weights(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            Path f = s.filter(p -> p.toString().endsWith(".mat")).findFirst().orElseThrow();
            return MatModelFile.read(f).record().network().w;
        }
    }

    /** A sweep on the CPU engine in a JVM of its own (to be killed), its output in tmp/first.log. */
    private static Process sweepProcess(Path tmp, Path grid, Path dir, String... more) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "sweep", "--grid", grid.toString(), "--output_dir", dir.toString(), "--devices",
                "cpu"));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("first.log").toFile())
                .start();
    }

    /** kill -9 of a sweep process mid-run, then the same command: no finished job rerun, no result lost. */
    @Test
    void killedSweepContinuesFromItsManifest(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid.json");
        Files.writeString(grid, "{\"task\": \"go-nogo\", \"N\": 20, \"seed\": [1, 2, 3, 4], \"n_trials\": 1500}");
        Path dir = tmp.resolve("sweep");
        Process p = sweepProcess(tmp, grid, dir, "--pack", "1");
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (!(state(dir, 1).equals("done") && state(dir, 2).equals("running"))) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the sweep did not reach job 2 in time: "
                    + Files.readString(tmp.resolve("first.log")));
            Thread.sleep(50);
        }
        Thread.sleep(300);
        p.destroyForcibly();   // SIGKILL
        p.waitFor();
        assertEquals(137, p.exitValue());
        assertEquals("running", state(dir, 2), "job 2 is left running under a dead pid");
        String done1 = Files.readString(dir.resolve("job_0001/status.json"));
        Path model1 = dir.resolve(done1.replaceAll("(?s).*\"model\": \"([^\"]+)\".*", "$1"));
        byte[] model1Bytes = Files.readAllBytes(model1);

        String[] r = run("sweep", "--output_dir", dir.toString(), "--devices", "cpu");
        assertEquals("0", r[0], r[1] + Files.readString(tmp.resolve("first.log")));
        assertEquals(done1, Files.readString(dir.resolve("job_0001/status.json")), "job 1 was not run again");
        assertArrayEquals(model1Bytes, Files.readAllBytes(model1));
        assertEquals(1, Files.readString(dir.resolve("packs/pack_0000/log.txt")).lines()
                .filter(l -> l.startsWith("== ")).count());
        List<Map<String, String>> rows = summary(dir);
        assertEquals(List.of("done", "done", "done", "done"), rows.stream().map(m -> m.get("state")).toList());
        for (Map<String, String> row : rows) {
            assertTrue(Files.exists(dir.resolve(row.get("model"))), row.toString());
        }
    }

    /**
     * kill -9 while a launch of 3 networks trains, then the same command: the launch resumes from its checkpoint and
     * every job's model equals the one of an uninterrupted sweep (CPU engine).
     */
    @Test
    void killedEnsembleLaunchResumesToTheUninterruptedResult(@TempDir Path tmp) throws Exception {
        Path grid = tmp.resolve("grid.json");
        Files.writeString(grid, "{\"task\": \"go-nogo\", \"N\": 16, \"seed\": [1, 2, 3], \"n_trials\": 900}");
        Path dir = tmp.resolve("killed");
        Process p = sweepProcess(tmp, grid, dir);
        Path log = dir.resolve("packs/pack_0000/log.txt");
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (!(Files.exists(log) && Files.readString(log).contains("trial 301/"))) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the launch did not reach trial 301 in time: "
                    + Files.readString(tmp.resolve("first.log")));
            Thread.sleep(50);
        }
        p.destroyForcibly();   // SIGKILL
        p.waitFor();
        assertEquals(List.of("running", "running", "running"), List.of(state(dir, 1), state(dir, 2), state(dir, 3)));

        assertEquals("0", run("sweep", "--output_dir", dir.toString(), "--devices", "cpu")[0]);
        assertTrue(Files.readString(log).contains(" --resume"), Files.readString(log));
        Path whole = tmp.resolve("whole");
        assertEquals("0", run("sweep", "--grid", grid.toString(), "--output_dir", whole.toString(), "--devices",
                "cpu")[0]);
        for (int job = 1; job <= 3; job++) {
            String folder = String.format("job_%04d", job);
            assertArrayEquals(weights(whole.resolve(folder)), weights(dir.resolve(folder)), folder);
        }
    }

    private static String state(Path dir, int job) throws IOException {
        Path f = dir.resolve(String.format("job_%04d", job)).resolve("status.json");
        if (!Files.exists(f)) {
            return "pending";
        }
        try {
            String s = Files.readString(f);
            return s.replaceAll("(?s).*\"state\": \"([a-z]+)\".*", "$1");
        } catch (IOException e) {
            return "pending";
        }
    }
}
