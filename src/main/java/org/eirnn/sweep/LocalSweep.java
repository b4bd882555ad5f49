package org.eirnn.sweep;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a sweep's launches on this machine: worker threads per device, each claiming the next launch that is not
 * done (and not running in another live process) and running it; a progress line on the console every
 * {@code progressSeconds} and whenever a launch ends: jobs done, failed, running (and where), rate and ETA.
 */
public final class LocalSweep {
    private final JobStore store;
    private final LaunchRunner runner;
    private final PrintStream console;
    private final boolean retryFailed;
    private final Map<String, Integer> running = new ConcurrentHashMap<>();

    public LocalSweep(JobStore store, LaunchRunner runner, PrintStream console, boolean retryFailed) {
        this.store = store;
        this.runner = runner;
        this.console = console;
        this.retryFailed = retryFailed;
    }

    /**
     * Runs every launch not yet done on {@code devices}, {@code workersPerDevice} launches at once on each; returns
     * the number of jobs that are not done after.
     */
    public int run(List<String> devices, int workersPerDevice, double progressSeconds) throws Exception {
        ConcurrentLinkedQueue<SweepPlan.Pack> queue = new ConcurrentLinkedQueue<>(store.plan().packs());
        int doneAtStart = store.counts().get(JobStore.DONE);
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        for (int w = 0; w < devices.size() * workersPerDevice; w++) {
            String device = devices.get(w / workersPerDevice);
            String worker = workersPerDevice == 1 ? device : device + "#" + (w % workersPerDevice);
            Thread t = new Thread(() -> {
                try {
                    work(queue, device, worker, doneAtStart, start);
                } catch (Exception e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "sweep-" + worker);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            while (t.isAlive()) {
                t.join((long) (progressSeconds * 1000));
                if (t.isAlive()) {
                    progress(doneAtStart, start);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
        progress(doneAtStart, start);
        Map<String, Integer> c = store.counts();
        return store.plan().jobs().size() - c.get(JobStore.DONE);
    }

    private void work(ConcurrentLinkedQueue<SweepPlan.Pack> queue, String device, String worker, int doneAtStart,
                      long start) throws IOException {
        SweepPlan.Pack pack;
        while ((pack = queue.poll()) != null) {
            if (!store.claim(pack, device, false, retryFailed)) {
                continue;
            }
            running.put(worker, pack.index());
            try {
                runner.run(pack, device);
            } finally {
                running.remove(worker);
            }
            progress(doneAtStart, start);
        }
    }

    private synchronized void progress(int doneAtStart, long start) {
        Map<String, Integer> c = store.counts();
        int total = store.plan().jobs().size();
        int done = c.get(JobStore.DONE);
        double minutes = (System.nanoTime() - start) / 6e10;
        double rate = (done - doneAtStart) / Math.max(minutes, 1e-9);
        int left = total - done - c.get(JobStore.FAILED);
        String eta = done > doneAtStart ? duration(left / rate * 60) : "?";
        StringBuilder where = new StringBuilder();
        running.forEach((dev, p) -> where.append(where.length() == 0 ? " (" : ", ").append("launch ").append(p)
                .append(" on ").append(dev).append(trainingAt(p)));
        console.printf(Locale.ROOT, "eirnn sweep: %d/%d jobs done, %d failed, %d running%s, %.2f jobs/min, ETA %s%n",
                done, total, c.get(JobStore.FAILED), c.get(JobStore.RUNNING), where.length() == 0 ? "" : where + ")",
                rate, eta);
        console.flush();
    }

    /** The last progress line train wrote into a running launch's log, shortened: ": trial 401/5000 ... ETA 2m". */
    private String trainingAt(int pack) {
        Path log = store.dir().resolve("packs").resolve(store.plan().packs().get(pack).folder()).resolve("log.txt");
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - 8192);
            byte[] tail = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8);
            int at = text.lastIndexOf("eirnn train: trial ");
            if (at < 0) {
                return "";
            }
            String line = text.substring(at + "eirnn train: ".length()).lines().findFirst().orElse("");
            return ": " + line.replaceAll("\\s+", " ").trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** h:mm:ss. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
