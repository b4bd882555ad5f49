package org.eirnn.cli;

import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;
import org.eirnn.task.TrialBatch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hidden command (not in the usage list): writes the model file of a freshly initialised, untrained network with
 * every variable of spec §2.7 filled from real CPU-engine forward passes. The cross-checks in validation/ load it in
 * Octave and scipy; tests use {@link #sample}.
 */
public final class ExportSampleCommand implements Command {
    @Override
    public String name() {
        return "export-sample";
    }

    @Override
    public String summary() {
        return "(hidden) write an untrained network's model file, for the validation scripts";
    }

    @Override
    public boolean hidden() {
        return true;
    }

    static final Flag NO_DALE = Flag.toggle("no-dale", "Dale's principle off");

    @Override
    public CliOptions options() {
        return CliOptions.of(name(), "eirnn export-sample --out FILE [options]")
                .add(OutputOption.OUT.detail("required"), TaskOption.TASK.detail("default go-nogo"),
                        NetworkOptions.N.detail("default 200"), NetworkOptions.SOM_N, NO_DALE)
                .add(SeedOption.GROUP);
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        if (a == null) {
            return Main.EXIT_OK;
        }
        Path out = Path.of(a.required(OutputOption.OUT, "FILE"));
        int n = a.integer(NetworkOptions.N, 200, 1);
        ModelRecord rec = sample(a.string(TaskOption.TASK, "go-nogo"), n, NetworkOptions.somN(a, n),
                !a.has(NO_DALE), SeedOption.read(a), 100);
        MatModelFile.write(out, rec);
        return Main.EXIT_OK;
    }

    /**
     * An untrained network with a realistic record: x0/r0 and the "last trial" from forward passes, a few synthetic
     * losses, and an evaluation of {@code evalTrials} trials.
     */
    public static ModelRecord sample(String taskName, int n, int somN, boolean dale, long seed, int evalTrials) {
        Task task = Tasks.byName(taskName);
        NetworkSpec spec = new NetworkSpec(n, task.inputs(), 0.2, 0.2, somN, 1.5,
                org.eirnn.model.WeightDistribution.GAUS, dale, Activation.SIGMOID, DecayTaus.range(4, 20));
        RateNetwork net = NetworkInit.draw(spec, seed, 0);
        int steps = task.steps();
        RandomKey taskKey = new RandomKey(seed, 0, RandomStream.TASK);
        try (CpuEngine engine = new CpuEngine();
             RateSession session = engine.openRate(spec, 1, 1, steps, LossFunction.L2)) {
            session.upload(java.util.List.of(net));
            TrialBatch first = task.generate(taskKey, 0, 1);
            Trajectories initial = session.forward(first, RateNoise.SPIKERNN, seed, true);
            TrialBatch last = task.generate(taskKey, 1, 1);
            Trajectories lastRun = session.forward(last, RateNoise.SPIKERNN, seed, true);
            double[] evalOs = new double[evalTrials * (steps - 1)];
            int[] labels = new int[evalTrials];
            double perf = 0;
            double loss = 0;
            try (RateSession evalSession = engine.openRate(spec, 1, evalTrials, steps, LossFunction.L2)) {
                evalSession.upload(java.util.List.of(net));
                TrialBatch eval = task.generate(taskKey, 2, evalTrials);
                Trajectories e = evalSession.forward(eval, RateNoise.SPIKERNN, seed, false);
                System.arraycopy(e.o(), 0, evalOs, 0, evalOs.length);
                for (int b = 0; b < evalTrials; b++) {
                    labels[b] = eval.labels()[b];
                    perf += task.isCorrect(e.o(), b * (steps - 1), labels[b]) ? 1 : 0;
                    loss += e.loss()[b];
                }
            }
            double[] losses = new double[10];
            for (int i = 0; i < 2; i++) {
                losses[i] = i == 0 ? initial.loss()[0] : lastRun.loss()[0];
            }
            Map<String, Object> extras = new LinkedHashMap<>();
            extras.put("seed", seed);
            extras.put("device", engine.description());
            extras.put("batch", 1L);
            extras.put("networks", 1L);
            extras.put("network", 0L);
            extras.put("loss_fn", "l2");
            extras.put("learning_rate", 0.01);
            return new ModelRecord(task.name(), net, net.copy(), steps, initial.x(), initial.r(), last.u(),
                    lastRun.o(), lastRun.x(), lastRun.r(), last.target(), losses, perf / evalTrials,
                    loss / evalTrials, evalOs, labels, task.textLabels(), 1, null, extras);
        }
    }
}
