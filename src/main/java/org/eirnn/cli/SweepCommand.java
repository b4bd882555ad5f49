package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.ClPlatforms;
import org.eirnn.io.AtomicFiles;
import org.eirnn.sweep.Json;
import org.eirnn.sweep.JobStore;
import org.eirnn.sweep.KeepFilter;
import org.eirnn.sweep.LaunchRunner;
import org.eirnn.sweep.LocalSweep;
import org.eirnn.sweep.SlurmArray;
import org.eirnn.sweep.Summary;
import org.eirnn.sweep.SweepPlan;
import org.eirnn.sweep.ThreadStreams;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code eirnn sweep}: trains every job of a grid file (the Cartesian product of train flags), packed into ensemble
 * launches, on this machine's devices or as a SLURM job array; resumable from its folder; a summary table at the end.
 * Each launch runs {@code train} (and grid-search, spike-eval) in this process.
 */
final class SweepCommand implements Command {

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String summary() {
        return "train a grid of runs (ensembles per launch) locally or as a SLURM array; resumable; summary table";
    }

    static final Flag GRID = Flag.value("grid", "file.json", "the sweep's grid: a JSON object of train flags, each a"
            + " value or a list of values");
    static final Flag PACK = Flag.value("pack", "K", "most networks per ensemble launch of a sweep (1: every job its own"
            + " run)").detail("default 64");
    static final Flag DEVICES = Flag.value("devices", "list", "devices a sweep runs on: auto, all, all,cpu, slurm, or a"
            + " list such as cpu,opencl:0:0").detail("default auto");
    static final Flag WORKERS = Flag.value("workers", "W", "launches a sweep runs at once per device")
            .detail("default 1");
    static final Flag RUN_INDEX = Flag.value("run-index", "p", "run launch p of a sweep only (a SLURM array task:"
            + " $SLURM_ARRAY_TASK_ID)");
    static final Flag SLURM = Flag.toggle("slurm", "write <output_dir>/sweep.sbatch for a SLURM job array and stop");
    static final Flag MAX_RUNNING = Flag.value("max-running", "L", "SLURM array tasks running at once")
            .detail("default 8");
    static final Flag SLURM_GPU = Flag.toggle("slurm-gpu", "one GPU per SLURM array task (--gres=gpu:1)");
    static final Flag TIME = Flag.value("time", "limit", "sbatch --time of each SLURM array task");
    static final Flag PARTITION = Flag.value("partition", "name", "sbatch --partition");
    static final Flag CPUS = Flag.value("cpus-per-task", "c", "sbatch --cpus-per-task");
    static final Flag LAUNCHER = Flag.value("launcher", "cmd", "how SLURM nodes run eirnn")
            .detail("default: this checkout's tools/eirnn");
    static final Flag RETRY_FAILED = Flag.toggle("retry-failed", "run a sweep's failed jobs again");
    static final Flag KEEP = Flag.value("keep", "filter", "conditions for a sweep summary's kept column, e.g."
            + " 'perf>0.95,rate<100Hz'");
    static final Flag SUMMARY = Flag.toggle("summary", "only write a sweep's summary.csv/.mat from its results");
    static final Flag PROGRESS = Flag.value("progress", "seconds", "seconds between progress lines")
            .detail("default 30");
    private static final Flag OUTPUT_DIR = TrainCommand.OUTPUT_DIR.detail("required: the sweep's folder, each job's"
            + " in <dir>/job_NNNN/models/<task>/...");

    @Override
    public CliOptions options() {
        return CliOptions.of(name(), "eirnn sweep --grid FILE.json --output_dir DIR [options]")
                .add(GRID, OUTPUT_DIR, PACK, DEVICES, WORKERS, RUN_INDEX, SLURM, MAX_RUNNING, SLURM_GPU, TIME,
                        PARTITION, CPUS, LAUNCHER, RETRY_FAILED, KEEP, SUMMARY, PROGRESS);
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        Path dir = Path.of(a.required(OUTPUT_DIR, "DIR")).toAbsolutePath();
        PrintStream console = System.err;
        JobStore store = new JobStore(dir, plan(a, dir));
        KeepFilter keep = a.has(KEEP) ? KeepFilter.parse(a.string(KEEP, "")) : KeepFilter.none();
        if (a.has(SUMMARY)) {
            return summary(store, keep, console);
        }
        if (a.has(SLURM)) {
            return slurm(a, store, console);
        }
        LaunchRunner runner = new LaunchRunner(store, SweepCommand::runInProcess);
        if (a.has(RUN_INDEX)) {
            return runIndex(a, store, runner, keep, console);
        }
        console.printf("eirnn sweep: %s: %d jobs in %d launches%n", dir, store.plan().jobs().size(),
                store.plan().packs().size());
        ThreadStreams.install();
        LocalSweep local = new LocalSweep(store, runner, ThreadStreams.console(), a.has(RETRY_FAILED));
        int workers = a.integer(WORKERS, 1, 1);
        InvalidInputException.require(workers <= 64, () -> "--workers " + workers + " is not valid: expected 1 to 64");
        int notDone = local.run(devices(a.string(DEVICES, "auto"), console), workers, a.positive(PROGRESS, 30));
        summary(store, keep, console);
        return notDone == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** Runs an eirnn command line in this process with its standard streams routed for this thread. */
    static int runInProcess(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return ThreadStreams.with(out, err, () -> Main.run(args.toArray(new String[0]), err));
    }

    /** The folder's plan (sweep.json), or a new one from --grid; a different grid for an existing folder is refused. */
    private static SweepPlan plan(Args a, Path dir) throws IOException {
        Set<String> flags = new TrainCommand().options().flags().stream().map(Flag::name).collect(Collectors.toSet());
        Path file = dir.resolve("sweep.json");
        Integer pack = a.has(PACK) ? a.integer(PACK, 64, 1) : null;
        SweepPlan given = null;
        if (a.has(GRID)) {
            Path grid = Path.of(a.string(GRID, null));
            InvalidInputException.require(Files.isRegularFile(grid), () -> "--grid " + grid + ": no such file");
            given = SweepPlan.create(Json.parse(Files.readString(grid), grid.toString()), flags,
                    pack == null ? 64 : pack, grid.toString());
            InvalidInputException.require(!given.post().spikeEval() || given.post().gridSearch(), () -> grid
                    + ": \"spike_eval\" needs \"grid_search\": true (it runs at the chosen scaling factor)");
        }
        if (!Files.exists(file)) {
            InvalidInputException.require(given != null, () -> "--grid FILE is required: " + dir
                    + " holds no sweep yet (no sweep.json)");
            Files.createDirectories(dir);
            AtomicFiles.write(file, Json.write(given.toJson()).getBytes(StandardCharsets.UTF_8));
            return given;
        }
        SweepPlan stored = SweepPlan.fromJson(Json.parse(Files.readString(file), file.toString()), flags,
                file.toString());
        if (given != null) {
            SweepPlan g = given;
            InvalidInputException.require(Json.write(g.grid()).equals(Json.write(stored.grid()))
                    && (pack == null || pack == stored.packSize()), () -> dir + " holds another sweep (its sweep.json"
                    + " has a different grid or --pack); resume without --grid, or choose another --output_dir");
        }
        return stored;
    }

    private static int summary(JobStore store, KeepFilter keep, PrintStream console) throws IOException {
        Summary s = store.locked(() -> {
            Summary t = Summary.of(store, keep);
            t.write(store.dir());
            store.writeManifest();
            return t;
        });
        Map<String, Integer> c = store.counts();
        long kept = s.rows().stream().filter(r -> Integer.valueOf(1).equals(r.get("kept"))).count();
        console.printf("eirnn sweep: %d done, %d failed, %d running, %d pending; %s%s; summary %s (and .mat)%n",
                c.get(JobStore.DONE), c.get(JobStore.FAILED), c.get(JobStore.RUNNING), c.get(JobStore.PENDING),
                kept + " kept", keep.text().isEmpty() ? "" : " by '" + keep.text() + "'",
                store.dir().resolve("summary.csv"));
        return Main.EXIT_OK;
    }

    private static int slurm(Args a, JobStore store, PrintStream console) throws IOException {
        String launcher = a.string(LAUNCHER, defaultLauncher());
        SlurmArray.Request r = new SlurmArray.Request(a.integer(MAX_RUNNING, 8, 1), a.has(SLURM_GPU),
                a.string(TIME, null), a.string(PARTITION, null), a.has(CPUS) ? a.integer(CPUS, 1, 1) : null, launcher);
        Path script = store.dir().resolve("sweep.sbatch");
        Files.createDirectories(store.dir().resolve("slurm"));
        AtomicFiles.write(script, SlurmArray.script(store.dir().toString(), store.plan().packs().size(), r)
                .getBytes(StandardCharsets.UTF_8));
        store.locked(() -> {
            store.writeManifest();
            return null;
        });
        console.printf("eirnn sweep: wrote %s (%d array tasks, %d jobs); submit with: sbatch %s%n", script,
                store.plan().packs().size(), store.plan().jobs().size(), script);
        return Main.EXIT_OK;
    }

    /** tools/eirnn next to the jar (or classes folder) this runs from. */
    private static String defaultLauncher() {
        try {
            Path here = Path.of(SweepCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path tool = here.getParent().getParent().resolve("tools").resolve("eirnn");
            if (Files.isExecutable(tool)) {
                return tool.toString();
            }
            return "java -jar " + here;
        } catch (Exception e) {
            return "tools/eirnn";
        }
    }

    private static int runIndex(Args a, JobStore store, LaunchRunner runner, KeepFilter keep,
                                PrintStream console) throws Exception {
        int p = a.integer(RUN_INDEX, 0, 0);
        int launches = store.plan().packs().size();
        InvalidInputException.require(p >= 0 && p < launches, () -> "--run-index " + p + " is not valid: the sweep"
                + " has launches 0.." + (launches - 1));
        SweepPlan.Pack pack = store.plan().packs().get(p);
        List<String> devices = devices(a.string(DEVICES, "auto"), console);
        console.printf("eirnn sweep: launch %d (jobs %s) on %s%n", p, pack.jobs(), devices.get(0));
        if (store.claim(pack, devices.get(0), true, true)) {
            runner.run(pack, devices.get(0));
        } else {
            console.println("eirnn sweep: every job of launch " + p + " is already done");
        }
        summary(store, keep, console);
        boolean allDone = pack.jobs().stream().allMatch(j -> JobStore.state(store.status(j)).equals(JobStore.DONE));
        return allDone ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** --devices: auto, all, slurm, or a comma list of cpu / opencl / opencl:P:D. */
    static List<String> devices(String value, PrintStream console) {
        List<String> out = new ArrayList<>();
        for (String d : value.split(",")) {
            String v = d.trim();
            if (v.equals("all")) {
                List<ClDevice> found = ClPlatforms.discover().devices();
                found.forEach(x -> out.add(x.spec()));
                if (found.isEmpty()) {
                    console.println("eirnn sweep: --devices all: no OpenCL device; using the CPU engine");
                    out.add("cpu");
                }
            } else if (v.equals("slurm")) {
                List<String> notes = new ArrayList<>();
                List<SlurmArray.Device> found = ClPlatforms.discover().devices().stream()
                        .map(x -> new SlurmArray.Device(x.spec(), x.platformName(), x.isGpu())).toList();
                out.add(SlurmArray.device(System.getenv(), found, notes));
                notes.forEach(n -> console.println("eirnn sweep: " + n));
            } else {
                InvalidInputException.require(v.matches("auto|cpu|opencl|opencl:\\d{1,4}:\\d{1,4}"), () -> "--devices '"
                        + v + "' is not valid: expected auto, all, slurm, cpu, opencl or opencl:P:D");
                out.add(v);
            }
        }
        InvalidInputException.require(out.stream().distinct().count() == out.size(), () -> "--devices '" + value
                + "' names a device twice");
        return out;
    }
}
