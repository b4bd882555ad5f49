package org.eirnn.sweep;

import org.eirnn.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sweep folder's job states. Each job has its own status file ({@code job_0001/status.json}, written atomically
 * by the process that runs the job: state pending/running/done/failed, who runs it (host, pid, process start), the
 * ensemble it trains in, and the result); {@code manifest.json} gathers them all and is rewritten atomically under
 * the folder's lock file ({@code .lock}, an OS file lock, plus a lock within this JVM), so processes on many nodes
 * can share one folder. Claiming a launch happens under the same lock: a job that is done is never claimed again; a
 * job 'running' under a process of this host that no longer exists is taken over.
 */
public final class JobStore {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final Path dir;
    private final SweepPlan plan;

    public JobStore(Path dir, SweepPlan plan) {
        this.dir = dir;
        this.plan = plan;
    }

    public Path dir() {
        return dir;
    }

    public SweepPlan plan() {
        return plan;
    }

    public Path jobDir(int job) {
        return dir.resolve(plan.job(job).folder());
    }

    /** A job's status; a job never started is pending. */
    public Map<String, Object> status(int job) {
        Path f = jobDir(job).resolve("status.json");
        if (!Files.exists(f)) {
            return pending(job);
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(f), f.toString());
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> pending(int job) {
        SweepPlan.Pack p = plan.packOf(job);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job", job);
        m.put("state", PENDING);
        m.put("flags", plan.job(job).flags());
        m.put("launch", p.index());
        m.put("ensemble_seed", p.seed());
        m.put("ensemble_networks", p.jobs().size());
        m.put("network", p.networkOf(job));
        m.put("reproduce", "eirnn train " + String.join(" ", plan.job(job).trainArgs(p.seed())) + " --networks "
                + p.jobs().size() + (p.jobs().size() > 1 ? ": network " + p.networkOf(job) + " (file _net"
                + p.networkOf(job) + ")" : ""));
        return m;
    }

    public static String state(Map<String, Object> status) {
        return (String) status.get("state");
    }

    /** Writes a job's status atomically (only the process running the job writes it). */
    public void write(int job, Map<String, Object> status) throws IOException {
        AtomicFiles.write(jobDir(job).resolve("status.json"), Json.write(status).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code work} holding the folder's lock (this JVM's threads and other processes wait). */
    public <T> T locked(IoSupplier<T> work) throws IOException {
        JVM_LOCK.lock();
        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            return work.get();
        } finally {
            JVM_LOCK.unlock();
        }
    }

    @FunctionalInterface
    public interface IoSupplier<T> {
        T get() throws IOException;
    }

    /**
     * Claims a launch for this process: under the lock, its jobs that are not done are marked running here. Refused
     * (false) when every job is done, or, unless {@code force} (a SLURM array task owns its launch), when a job is
     * running in a live process, or one on another host, or failed and {@code retryFailed} is off.
     */
    public boolean claim(SweepPlan.Pack pack, String device, boolean force, boolean retryFailed) throws IOException {
        return locked(() -> {
            List<Integer> todo = new ArrayList<>();
            for (int job : pack.jobs()) {
                Map<String, Object> s = status(job);
                String st = state(s);
                if (st.equals(DONE)) {
                    continue;
                }
                if (!force && (st.equals(RUNNING) && ownerAlive(s) || st.equals(FAILED) && !retryFailed)) {
                    return false;
                }
                todo.add(job);
            }
            for (int job : todo) {
                Map<String, Object> s = status(job);
                s.put("state", RUNNING);
                s.putAll(owner());
                s.put("device", device);
                s.put("started", Instant.now().toString());
                s.remove("error");
                write(job, s);
            }
            writeManifest();
            return !todo.isEmpty();
        });
    }

    /** This process: host, pid and its start instant (so a reused pid is not taken for the same process). */
    static Map<String, Object> owner() {
        ProcessHandle self = ProcessHandle.current();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", hostName());
        m.put("pid", self.pid());
        m.put("process_start", self.info().startInstant().map(Instant::toString).orElse(""));
        return m;
    }

    /** A running job's process still exists: same host and pid and start; another host's job is assumed alive. */
    static boolean ownerAlive(Map<String, Object> s) {
        if (!hostName().equals(s.get("host"))) {
            return true;
        }
        long pid = ((Number) s.get("pid")).longValue();
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> h.info().startInstant().map(Instant::toString).orElse("").equals(s.get("process_start")))
                .orElse(false);
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Counts of the states, in the order pending, running, done, failed. */
    public Map<String, Integer> counts() {
        Map<String, Integer> c = new LinkedHashMap<>();
        for (String s : List.of(PENDING, RUNNING, DONE, FAILED)) {
            c.put(s, 0);
        }
        for (Grid.Job j : plan.jobs()) {
            c.merge(state(status(j.index())), 1, Integer::sum);
        }
        return c;
    }

    /** Rewrites manifest.json from the status files; call under {@link #locked}. */
    public void writeManifest() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "eirnn-sweep-manifest-1");
        m.put("updated", Instant.now().toString());
        List<Object> jobs = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Grid.Job j : plan.jobs()) {
            Map<String, Object> s = status(j.index());
            counts.merge(state(s), 1, Integer::sum);
            jobs.add(s);
        }
        m.put("counts", counts);
        m.put("jobs", jobs);
        AtomicFiles.write(dir.resolve("manifest.json"), Json.write(m).getBytes(StandardCharsets.UTF_8));
    }
}
