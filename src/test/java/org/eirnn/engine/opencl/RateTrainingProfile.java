package org.eirnn.engine.opencl;

import org.eirnn.engine.AdamConfig;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.GoNogoTask;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the time of an OpenCL training step goes (not a unit test; run by hand): go-nogo, spikeRNN defaults,
 * taus 4..20, noise on. Arguments: N, trials per network B, networks K, repetitions; environment ACT=activation and
 * NONOISE=1 vary the forward pass. Prints the time of each
 * kernel (mean per step, with a finish after each) and the trials/s of whole trainStep calls (no finish in
 * between). CPU seconds (all threads, from /proc/self/stat) tell what an idle machine would give when
 * other processes share the cores.
 */
public final class RateTrainingProfile {
    private RateTrainingProfile() {
    }

    /** user + system time of this process and all its threads (the POCL workers), from /proc/self/stat. */
    static double processCpuSeconds() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    /** Runs one stage to completion, adding its wall and CPU seconds to slot {@code p}. */
    private static void time(int p, double[] sec, double[] cpu, RateTraining training, Runnable stage) {
        long t0 = System.nanoTime();
        double c0 = processCpuSeconds();
        stage.run();
        training.finish();
        cpu[p] += processCpuSeconds() - c0;
        sec[p] += (System.nanoTime() - t0) * 1e-9;
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int b = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        GoNogoTask task = new GoNogoTask();
        NetworkSpec spec = NetworkSpec.defaults(n, 1, DecayTaus.range(4, 20)).withActivation(org.eirnn.model.Activation.parse(System.getenv().getOrDefault("ACT", "sigmoid")));
        List<RateNetwork> nets = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            nets.add(NetworkInit.draw(spec, 1, i));
        }
        TrialBatch batch = task.generate(new RandomKey(1, 0, RandomStream.TASK), 0, b * k);
        boolean[] active = new boolean[k];
        java.util.Arrays.fill(active, true);
        try (OpenClEngine engine = new OpenClEngine(ClPlatforms.discover().devices().get(0));
             OpenClRateSession session = (OpenClRateSession) engine.openRate(spec, k, b, task.steps(), LossFunction.L2)) {
            session.upload(nets);
            session.trainStep(batch, RateNoise.SPIKERNN, 1, AdamConfig.SPIKERNN, active);
            RateTraining training = session.training();
            int chunk = training.chunkTiles();
            int tiles = training.tiles();
            RateNoise noise = "1".equals(System.getenv("NONOISE")) ? RateNoise.NONE : RateNoise.SPIKERNN;
            String[] names = {"upload", "prepare", "forward", "readout", "backward", "weight_gradient", "small", "adam"};
            double[] sec = new double[names.length];
            double[] cpu = new double[names.length];
            for (int r = 0; r < reps; r++) {
                time(0, sec, cpu, training, () -> training.uploadBatch(batch));
                time(1, sec, cpu, training, training::enqueuePrepare);
                // Per chunk of tiles, as trainStep runs them.
                for (int first = 0; first < tiles; first += chunk) {
                    int f = first;
                    int count = Math.min(chunk, tiles - first);
                    time(2, sec, cpu, training, () -> training.enqueueForward(noise, 1, f, count));
                    time(3, sec, cpu, training, () -> training.enqueueReadout(f, count));
                    time(4, sec, cpu, training, () -> training.enqueueBackward(f, count));
                    time(5, sec, cpu, training, () -> training.enqueueWeightGradient(f, count));
                }
                time(6, sec, cpu, training, training::enqueueSmallGradients);
                time(7, sec, cpu, training, training::enqueueAdam);
            }
            double total = 0;
            for (double s : sec) {
                total += s;
            }
            for (int p = 0; p < names.length; p++) {
                System.out.printf(Locale.ROOT, "%-16s %8.2f ms wall  %8.2f ms cpu  %5.1f%% (means per step)%n", names[p],
                        1e3 * sec[p] / reps, 1e3 * cpu[p] / reps, 100 * sec[p] / total);
            }
            long t0 = System.nanoTime();
            double c0 = processCpuSeconds();
            for (int r = 0; r < reps; r++) {
                session.trainStep(batch, RateNoise.SPIKERNN, 1 + r, AdamConfig.SPIKERNN, active);
            }
            double s = (System.nanoTime() - t0) * 1e-9;
            double c = processCpuSeconds() - c0;
            System.out.printf(Locale.ROOT, "%d tiles of %d trials, %d per chunk%n", tiles, training.lanes(), chunk);
            System.out.printf(Locale.ROOT, "trainStep: %.1f ms wall, %.1f ms cpu per call; on 2 idle cores ~%.0f trials/s%n",
                    1e3 * s / reps, 1e3 * c / reps, (double) reps * b * k / (c / 2));
            double trialsPerSec = (double) reps * b * k / s;
            System.out.printf(Locale.ROOT, "N=%d B=%d K=%d lanes=%d: %.0f trials/s, %.1f GFLOP/s (6N^2 per step)%n",
                    n, b, k, training.lanes(), trialsPerSec, trialsPerSec * 6.0 * n * n * (task.steps() - 1) / 1e9);
        }
    }
}
