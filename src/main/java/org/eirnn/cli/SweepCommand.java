package org.eirnn.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
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

    private static Options options() {
        Options o = new Options();
        o.addOption(opt("grid", "file.json", "the grid: a JSON object of train flags (value or list of values)"));
        o.addOption(opt("output_dir", "dir", "the sweep's folder (required; holds sweep.json, job_NNNN/, manifest)"));
        o.addOption(opt("pack", "K", "most networks per ensemble launch (default 64; 1: every job is its own run)"));
        o.addOption(opt("devices", "list", "auto (default), all (every OpenCL device), slurm, or a list such as "
                + "cpu,opencl:0:0"));
        o.addOption(opt("workers", "W", "launches at once per device (default 1; e.g. 2 on a 2-core CPU device with"
                + " --pack 1)"));
        o.addOption(opt("run-index", "p", "run launch p only (a SLURM array task: $SLURM_ARRAY_TASK_ID)"));
        o.addOption(opt("slurm", null, "write <output_dir>/sweep.sbatch for a job array and stop"));
        o.addOption(opt("max-running", "L", "with --slurm: array tasks running at once (default 8)"));
        o.addOption(opt("gpu", null, "with --slurm: one GPU per array task (--gres=gpu:1)"));
        o.addOption(opt("time", "limit", "with --slurm: sbatch --time"));
        o.addOption(opt("partition", "name", "with --slurm: sbatch --partition"));
        o.addOption(opt("cpus-per-task", "c", "with --slurm: sbatch --cpus-per-task"));
        o.addOption(opt("launcher", "cmd", "with --slurm: how the nodes run eirnn (default: this tools/eirnn)"));
        o.addOption(opt("retry-failed", null, "run failed jobs again (a local sweep skips them otherwise)"));
        o.addOption(opt("keep", "filter", "conditions for the kept column, e.g. 'perf>0.95,rate<100Hz'"));
        o.addOption(opt("summary", null, "only write summary.csv/.mat from the folder's results"));
        o.addOption(opt("progress", "seconds", "seconds between progress lines (default 30)"));
        o.addOption(opt("help", null, "this help"));
        return o;
    }

    private static Option opt(String name, String arg, String desc) {
        Option.Builder b = Option.builder().longOpt(name).desc(desc);
        return arg == null ? b.get() : b.hasArg().argName(arg).get();
    }

    @Override
    public int run(String[] args) throws Exception {
        Options options = options();
        CommandLine cl = DefaultParser.builder().setAllowPartialMatching(false).build().parse(options, args);
        if (cl.hasOption("help")) {
            new HelpFormatter().printHelp("eirnn sweep --grid FILE.json --output_dir DIR [options]", options);
            return Main.EXIT_OK;
        }
        InvalidInputException.require(cl.getArgs().length == 0,
                () -> "unexpected argument '" + cl.getArgs()[0] + "': every option starts with --");
        InvalidInputException.require(cl.hasOption("output_dir"), () -> "--output_dir DIR is required");
        Path dir = Path.of(cl.getOptionValue("output_dir")).toAbsolutePath();
        PrintStream console = System.err;
        JobStore store = new JobStore(dir, plan(cl, dir));
        KeepFilter keep = cl.hasOption("keep") ? KeepFilter.parse(cl.getOptionValue("keep")) : KeepFilter.none();
        if (cl.hasOption("summary")) {
            return summary(store, keep, console);
        }
        if (cl.hasOption("slurm")) {
            return slurm(cl, store, console);
        }
        LaunchRunner runner = new LaunchRunner(store, SweepCommand::runInProcess);
        if (cl.hasOption("run-index")) {
            return runIndex(cl, store, runner, keep, console);
        }
        console.printf("eirnn sweep: %s: %d jobs in %d launches%n", dir, store.plan().jobs().size(),
                store.plan().packs().size());
        ThreadStreams.install();
        LocalSweep local = new LocalSweep(store, runner, ThreadStreams.console(), cl.hasOption("retry-failed"));
        int workers = integer(cl, "workers", 1);
        InvalidInputException.require(workers >= 1 && workers <= 64, () -> "--workers " + workers
                + " is not valid: expected 1 to 64");
        int notDone = local.run(devices(cl.getOptionValue("devices", "auto"), console), workers,
                number(cl, "progress", 30));
        summary(store, keep, console);
        return notDone == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    /** Runs an eirnn command line in this process with its standard streams routed for this thread. */
    static int runInProcess(List<String> args, PrintStream out, PrintStream err) throws Exception {
        return ThreadStreams.with(out, err, () -> Main.run(args.toArray(new String[0]), err));
    }

    /** The folder's plan (sweep.json), or a new one from --grid; a different grid for an existing folder is refused. */
    private static SweepPlan plan(CommandLine cl, Path dir) throws IOException {
        Set<String> flags = TrainCommand.options().getOptions().stream().map(Option::getLongOpt)
                .collect(Collectors.toSet());
        Path file = dir.resolve("sweep.json");
        Integer pack = cl.hasOption("pack") ? integer(cl, "pack", 64) : null;
        SweepPlan given = null;
        if (cl.hasOption("grid")) {
            Path grid = Path.of(cl.getOptionValue("grid"));
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

    private static int slurm(CommandLine cl, JobStore store, PrintStream console) throws IOException {
        String launcher = cl.getOptionValue("launcher", defaultLauncher());
        SlurmArray.Request r = new SlurmArray.Request(integer(cl, "max-running", 8), cl.hasOption("gpu"),
                cl.getOptionValue("time"), cl.getOptionValue("partition"),
                cl.hasOption("cpus-per-task") ? integer(cl, "cpus-per-task", 1) : null, launcher);
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

    private static int runIndex(CommandLine cl, JobStore store, LaunchRunner runner, KeepFilter keep,
                                PrintStream console) throws Exception {
        int p = integer(cl, "run-index", 0);
        int launches = store.plan().packs().size();
        InvalidInputException.require(p >= 0 && p < launches, () -> "--run-index " + p + " is not valid: the sweep"
                + " has launches 0.." + (launches - 1));
        SweepPlan.Pack pack = store.plan().packs().get(p);
        List<String> devices = devices(cl.getOptionValue("devices", "auto"), console);
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

    private static int integer(CommandLine cl, String flag, int fallback) {
        double d = number(cl, flag, fallback);
        InvalidInputException.require(d == Math.rint(d), () -> "--" + flag + " '" + cl.getOptionValue(flag)
                + "' is not valid: expected an integer");
        return (int) d;
    }

    /** A numeric option: an integer where {@link #integer} reads it. */
    private static double number(CommandLine cl, String flag, double fallback) {
        if (!cl.hasOption(flag)) {
            return fallback;
        }
        String v = cl.getOptionValue(flag).trim();
        try {
            double d = Double.parseDouble(v);
            InvalidInputException.require(Double.isFinite(d) && Math.abs(d) < 1e9, () -> "--" + flag + " '" + v
                    + "' is not valid: expected a number below 1e9");
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + flag + " '" + v + "' is not valid: expected a number");
        }
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
