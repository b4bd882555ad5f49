package org.eirnn.io;

import org.eirnn.cli.ExportSampleCommand;
import org.eirnn.io.ModelRecord.GridSearchResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grid searches running at the same time share a folder: each file searched once, every result in its file. */
class GridSearchClaimsTest {
    private static final int FILES = 8;

    @TempDir
    Path dir;
    private final List<String> said = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void models() throws IOException {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 6, 0, true, 1, 2);
        for (int k = 0; k < FILES; k++) {
            MatModelFile.write(dir.resolve("m" + k + ".mat"), rec);
        }
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".mat")).sorted().toList();
        }
    }

    /** What a searcher does with a folder: claim, search (a pause), write a result only it computes. */
    static List<String> searchAll(Path folder, double value) throws IOException {
        List<String> searched = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".mat")).sorted().toList();
        }
        for (Path f : files) {
            if (GridSearchClaims.claim(f, false, m -> { })) {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                GridSearchClaims.complete(f, new GridSearchResult(value, new double[] {0.5, 0.9},
                        new double[] {value - 1, value}));
                searched.add(f.getFileName().toString());
            }
        }
        return searched;
    }

    /** Every file holds exactly the result of the one searcher that claimed it, and no claim is left. */
    private void assertEachFileSearchedOnceByItsClaimer(Map<String, Double> byFile) throws IOException {
        System.out.println("searched by: " + new TreeMap<>(byFile));
        assertEquals(FILES, byFile.size(), byFile.toString());
        for (Path f : files()) {
            GridSearchClaims.State s = GridSearchClaims.state(f);
            assertEquals(byFile.get(f.getFileName().toString()), s.optScalingFactor(), f.toString());
            assertNull(s.claimant());
            assertEquals(2, MatModelFile.read(f).record().grid().allPerfs().length);
        }
    }

    @Test
    void twoThreadsShareAFolder() throws Exception {
        Map<String, Double> byFile = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 2; t++) {
            double value = 20 + t;
            threads.add(new Thread(() -> {
                try {
                    for (String name : searchAll(dir, value)) {
                        assertNull(byFile.put(name, value), name + " searched twice");
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
        assertEachFileSearchedOnceByItsClaimer(byFile);
    }

    /** Two JVMs: the file lock on the folder's side file is what keeps them apart. */
    @Test
    void twoProcessesShareAFolder() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    Searcher.class.getName(), dir.toString(), Double.toString(30 + t)).redirectErrorStream(true)
                    .start());
        }
        Map<String, Double> byFile = new TreeMap<>();
        for (int t = 0; t < 2; t++) {
            Process p = processes.get(t);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            for (String name : out.lines().filter(l -> l.startsWith("searched ")).map(l -> l.substring(9)).toList()) {
                assertNull(byFile.put(name, 30.0 + t), name + " searched twice");
            }
        }
        assertEachFileSearchedOnceByItsClaimer(byFile);
    }

    /** The child JVM of {@link #twoProcessesShareAFolder}. */
    public static final class Searcher {
        public static void main(String[] args) throws IOException {
            for (String name : searchAll(Path.of(args[0]), Double.parseDouble(args[1]))) {
                System.out.println("searched " + name);
            }
        }
    }

    private Path claimedBy(String claimant) throws IOException {
        Path f = files().get(0);
        MatFileLayout layout = MatFileLayout.scan(f, Files.readAllBytes(f));
        ByteArrayOutputStream appended = new ByteArrayOutputStream();
        MatFileEncoder enc = MatFileEncoder.elements(appended, layout.order);
        enc.dbl("opt_scaling_factor", new int[] {1, 1}, new double[] {Double.NaN});
        if (claimant != null) {
            enc.chars(GridSearchClaims.CLAIM, claimant);
        }
        Files.write(f, layout.replacing(Set.of("opt_scaling_factor"), appended.toByteArray()));
        return f;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void claimOfADeadProcessIsTakenOver() throws Exception {
        Path f = claimedBy(deadPid() + " " + Writers.HOST + " " + Instant.now().getEpochSecond());
        assertTrue(GridSearchClaims.claim(f, false, said::add));
        assertTrue(said.get(0).contains("taking over the stale claim"), said.toString());
        assertEquals(Writers.PID + " " + Writers.HOST, GridSearchClaims.state(f).claimant().replaceAll(" \\d+$", ""));
    }

    @Test
    void claimOfALiveProcessIsRespectedEvenWithForce() throws Exception {
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Path f = claimedBy(live + " " + Writers.HOST + " " + Instant.now().getEpochSecond());
        assertFalse(GridSearchClaims.claim(f, true, said::add));
        assertTrue(said.get(0).contains("a search in progress claimed it (process " + live), said.toString());
    }

    @Test
    void claimOfAnotherHostIsTakenOverOnlyWhenOld() throws Exception {
        long old = Instant.now().minus(GridSearchClaims.STALE_CLAIM).getEpochSecond() - 60;
        Path f = claimedBy("1 elsewhere " + Instant.now().getEpochSecond());
        assertFalse(GridSearchClaims.claim(f, false, said::add));
        f = claimedBy("1 elsewhere " + old);
        assertTrue(GridSearchClaims.claim(f, false, said::add));
    }

    /** lambda_grid_search.m's claim names nobody: the file's age decides. */
    @Test
    void matlabClaimIsRespectedUntilTheFileIsOld() throws Exception {
        Path f = claimedBy(null);
        assertFalse(GridSearchClaims.claim(f, false, said::add));
        assertTrue(said.get(0).contains("MATLAB's lambda_grid_search.m"), said.toString());
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(GridSearchClaims.STALE_CLAIM).minusSeconds(60)));
        assertTrue(GridSearchClaims.claim(f, false, said::add));
    }

    @Test
    void finishedFileIsSkippedUnlessForced() throws Exception {
        Path f = files().get(0);
        GridSearchClaims.complete(f, new GridSearchResult(25, new double[] {1}, new double[] {25}));
        assertFalse(GridSearchClaims.claim(f, false, said::add));
        assertTrue(GridSearchClaims.claim(f, true, said::add));
        assertTrue(GridSearchClaims.state(f).optScalingFactor().isNaN());
    }
}
