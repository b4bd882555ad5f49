package org.eirnn.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claiming launches on resume: done jobs never again, running jobs of dead processes taken over, live ones not. */
class JobStoreTest {
    private static JobStore store(Path dir) throws Exception {
        SweepPlan plan = SweepPlan.create(Json.parse("{\"task\": \"go-nogo\", \"seed\": [1, 2, 3, 4]}", "g"),
                Set.of("task", "seed"), 2, "g");
        Files.createDirectories(dir);
        return new JobStore(dir, plan);
    }

    private static void mark(JobStore s, int job, String state, Map<String, Object> owner) throws Exception {
        Map<String, Object> st = s.status(job);
        st.put("state", state);
        st.putAll(owner);
        s.write(job, st);
    }

    /** The host, pid and start of a process that has exited. */
    private static Map<String, Object> deadProcess() throws Exception {
        Process p = new ProcessBuilder("true").start();
        String start = p.info().startInstant().map(Instant::toString).orElse("");
        p.waitFor();
        while (p.toHandle().isAlive()) {
            Thread.sleep(10);
        }
        return Map.of("host", JobStore.hostName(), "pid", p.pid(), "process_start", start);
    }

    @Test
    void aLaunchWhoseJobsAreDoneIsNeverClaimed(@TempDir Path dir) throws Exception {
        JobStore s = store(dir);
        mark(s, 1, JobStore.DONE, JobStore.owner());
        mark(s, 2, JobStore.DONE, JobStore.owner());
        assertFalse(s.claim(s.plan().packs().get(0), "cpu", false, true));
        assertFalse(s.claim(s.plan().packs().get(0), "cpu", true, true), "not even by an array task");
        assertEquals(JobStore.DONE, JobStore.state(s.status(1)));
    }

    @Test
    void onlyTheUnfinishedJobsOfALaunchAreClaimed(@TempDir Path dir) throws Exception {
        JobStore s = store(dir);
        mark(s, 1, JobStore.DONE, JobStore.owner());
        String doneBefore = Files.readString(s.jobDir(1).resolve("status.json"));
        assertTrue(s.claim(s.plan().packs().get(0), "cpu", false, false));
        assertEquals(doneBefore, Files.readString(s.jobDir(1).resolve("status.json")));
        assertEquals(JobStore.RUNNING, JobStore.state(s.status(2)));
        assertEquals(ProcessHandle.current().pid(), ((Number) s.status(2).get("pid")).longValue());
        String manifest = Files.readString(dir.resolve("manifest.json"));
        assertTrue(manifest.contains("\"done\": 1") && manifest.contains("\"running\": 1")
                && manifest.contains("\"pending\": 2"), manifest);
    }

    @Test
    void aJobLeftRunningByAKilledProcessIsTakenOver(@TempDir Path dir) throws Exception {
        JobStore s = store(dir);
        mark(s, 3, JobStore.RUNNING, deadProcess());
        assertFalse(JobStore.ownerAlive(s.status(3)));
        assertTrue(s.claim(s.plan().packs().get(1), "cpu", false, false));
        assertEquals(ProcessHandle.current().pid(), ((Number) s.status(3).get("pid")).longValue());
    }

    @Test
    void aJobRunningInALiveProcessOrOnAnotherHostIsLeftAlone(@TempDir Path dir) throws Exception {
        JobStore s = store(dir);
        mark(s, 3, JobStore.RUNNING, JobStore.owner());
        assertFalse(s.claim(s.plan().packs().get(1), "cpu", false, false));
        mark(s, 1, JobStore.RUNNING, Map.of("host", "some-other-node", "pid", 1, "process_start", ""));
        assertFalse(s.claim(s.plan().packs().get(0), "cpu", false, false));
        assertTrue(s.claim(s.plan().packs().get(0), "cpu", true, false), "a SLURM array task owns its launch");
    }

    @Test
    void failedJobsRunAgainOnlyWhenAsked(@TempDir Path dir) throws Exception {
        JobStore s = store(dir);
        mark(s, 4, JobStore.FAILED, JobStore.owner());
        assertFalse(s.claim(s.plan().packs().get(1), "cpu", false, false));
        assertTrue(s.claim(s.plan().packs().get(1), "cpu", false, true));
        assertEquals(List.of(JobStore.RUNNING, JobStore.RUNNING), List.of(JobStore.state(s.status(3)),
                JobStore.state(s.status(4))));
    }
}
