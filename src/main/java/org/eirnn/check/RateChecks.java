package org.eirnn.check;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.AdamState;
import org.eirnn.engine.Engine;
import org.eirnn.engine.Gradients;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trainables;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.engine.opencl.ClDevice;
import org.eirnn.engine.opencl.KernelShape;
import org.eirnn.engine.opencl.OpenClEngine;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.WeightDistribution;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.GoNogoTask;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rate kernels (rate_model.cl, rate_forward.cl, rate_train.cl) on small seeded go-nogo problems with spikeRNN's
 * noise on, against the CPU reference computed once here. Dale, SOM units and a trainable τ range are on, N is not
 * a multiple of 4 or 16 and there are 2 networks × 7 trials, so unit padding, partial tiles and per-network keys
 * are all exercised. Tolerances are those of RateForwardTest / OpenClRateSessionTest (forward) and
 * RateTrainingTest (gradients, Adam).
 */
public final class RateChecks {
    /**
     * Forward tolerance on x, r and o (float against double; see RateForwardTest.tolerance for the derivation);
     * {@link #forwardTolerance()} spells it.
     */
    static final double FORWARD_TOL = 3e-5;
    static final int NETWORKS = 2;
    static final int TRIALS = 7;
    private static final int TRAIN_STEPS = 3;

    private final long seed;
    private final Task task = new GoNogoTask();
    private final Problem forward;
    private final Problem training;
    private final Trajectories forwardRef;
    private final List<Gradients> gradientsRef;
    private final Trained trainedRef;

    /** A network size, its networks and its first batch. */
    private record Problem(NetworkSpec spec, List<RateNetwork> nets, TrialBatch batch) {
    }

    /** Parameters, Adam state and per-step losses after {@link #TRAIN_STEPS} training steps. */
    private record Trained(List<RateNetwork> nets, AdamState adam, double[][] losses) {
    }

    public RateChecks(long seed) {
        this.seed = seed;
        forward = problem(102, 0.2, 0.2, 4);
        training = problem(26, 0.3, 0.5, 2);
        try (CpuEngine cpu = new CpuEngine()) {
            try (RateSession s = open(cpu, forward)) {
                forwardRef = s.forward(forward.batch, RateNoise.SPIKERNN, seed, true);
            }
            try (RateSession s = open(cpu, training)) {
                gradientsRef = s.gradients(training.batch, RateNoise.SPIKERNN, seed);
            }
            trainedRef = train(cpu);
        }
    }

    private Problem problem(int n, double pInh, double pRec, int somN) {
        NetworkSpec spec = new NetworkSpec(n, task.inputs(), pInh, pRec, somN, 1.5, WeightDistribution.GAUS, true,
                Activation.SIGMOID, DecayTaus.range(4, 20));
        List<RateNetwork> nets = new ArrayList<>();
        for (int k = 0; k < NETWORKS; k++) {
            RateNetwork net = NetworkInit.draw(spec, seed, k);
            for (int ij = 0; ij < net.w.length; ij += 7) {
                net.w[ij] = -Math.abs(net.w[ij]) - 0.1;   // relu must zero these
            }
            for (int i = 0; i < n; i++) {
                net.wOut[i] *= 30;                        // o of order 1, so errors in r show in o
            }
            net.bOut[0] = 0.05 * (k + 1);
            nets.add(net);
        }
        return new Problem(spec, nets, batch(0));
    }

    private TrialBatch batch(long firstTrial) {
        return task.generate(new RandomKey(seed, 0, RandomStream.TASK), firstTrial, NETWORKS * TRIALS);
    }

    private RateSession open(Engine engine, Problem p) {
        RateSession s = engine.openRate(p.spec, NETWORKS, TRIALS, task.steps(), LossFunction.L2);
        s.upload(p.nets);
        return s;
    }

    private static OpenClEngine engine(ClDevice device, ShapeChoice choice) {
        return new OpenClEngine(device, choice.kernelChoice());
    }

    String forwardShape(ClDevice device, ShapeChoice choice) {
        return label(device, choice, forward.spec);
    }

    String trainingShape(ClDevice device, ShapeChoice choice) {
        return label(device, choice, training.spec);
    }

    private static String label(ClDevice device, ShapeChoice choice, NetworkSpec spec) {
        try (OpenClEngine engine = engine(device, choice)) {
            KernelShape s = engine.shapeFor(spec.n(), NETWORKS, TRIALS);
            return choice.label(s);
        }
    }

    /** x, r, o within {@link #FORWARD_TOL}, per-trial losses within FORWARD_TOL·T (OpenClRateSessionTest). */
    Verdict forward(ClDevice device, ShapeChoice choice) {
        Trajectories got;
        try (OpenClEngine engine = engine(device, choice); RateSession s = open(engine, forward)) {
            got = s.forward(forward.batch, RateNoise.SPIKERNN, seed, true);
        }
        Trajectories want = forwardRef;
        Difference states = Difference.of(want.x(), got.x()).max(Difference.of(want.r(), got.r()))
                .max(Difference.of(want.o(), got.o()));
        Difference loss = Difference.of(want.loss(), got.loss());
        return new Verdict().add(states)
                .require(states.maxAbs() <= FORWARD_TOL, () -> "max |Δ| of x, r, o " + states.maxAbs())
                .require(loss.maxAbs() <= FORWARD_TOL * want.steps(), () -> "max |Δ loss| " + loss.maxAbs());
    }

    static String forwardTolerance() {
        return "abs 3e-5 (loss 3e-5*T)";
    }

    /** Gradients with noise on: RateTrainingTest.assertGradientsEqualCpu's criteria. */
    Verdict gradients(ClDevice device, ShapeChoice choice) {
        List<Gradients> got;
        try (OpenClEngine engine = engine(device, choice); RateSession s = open(engine, training)) {
            got = s.gradients(training.batch, RateNoise.SPIKERNN, seed);
        }
        Verdict v = new Verdict();
        for (int k = 0; k < NETWORKS; k++) {
            Gradients e = gradientsRef.get(k);
            Gradients a = got.get(k);
            String net = " of network " + k;
            double[] pe = Trainables.pack(e);
            v.add(Difference.of(pe, Trainables.pack(a)))
                    .require(Math.abs(e.loss() - a.loss()) <= 1e-4 * Math.abs(e.loss()), () -> "loss" + net)
                    .require(Math.abs(e.bOut()[0] - a.bOut()[0]) <= 1e-3 * Difference.norm(pe), () -> "dL/db_out" + net);
            close(v, pe, Trainables.pack(a), "all gradients" + net);
            close(v, e.w(), a.w(), "dL/dw" + net);
            close(v, e.wOut(), a.wOut(), "dL/dw_out" + net);
            close(v, e.tausGaus(), a.tausGaus(), "dL/dtaus_gaus" + net);
            RateNetwork start = training.nets.get(k);
            for (int ij = 0; ij < start.w.length; ij++) {
                int q = ij;
                v.require(start.w[ij] > 0 || a.w()[ij] == 0, () -> "pruned w[" + q + "] got a gradient" + net);
            }
        }
        return v;
    }

    static String gradientTolerance() {
        return "cos >= 0.9999, norm 1e-3 rel";
    }

    /** RateTrainingTest.assertClose: cosine ≥ 0.9999 and norms within 1e-3 relative; a zero reference fails. */
    private static void close(Verdict v, double[] expected, double[] actual, String what) {
        double ne = Difference.norm(expected);
        double na = Difference.norm(actual);
        double cos = Difference.cosine(expected, actual);
        v.require(ne > 0, () -> what + ": the reference is zero, the check would prove nothing")
                .require(cos >= 0.9999, () -> what + ": cosine " + cos)
                .require(Math.abs(ne - na) <= 1e-3 * ne, () -> what + ": norm " + na + " vs " + ne);
    }

    private Trained train(Engine engine) {
        boolean[] active = new boolean[NETWORKS];
        Arrays.fill(active, true);
        double[][] losses = new double[TRAIN_STEPS][];
        try (RateSession s = open(engine, training)) {
            for (int step = 0; step < TRAIN_STEPS; step++) {
                losses[step] = s.trainStep(batch(100L * step), RateNoise.SPIKERNN, seed + step, AdamConfig.SPIKERNN,
                        active);
            }
            return new Trained(s.download(), s.adamState(), losses);
        }
    }

    /** Three Adam steps: RateTrainingTest.trainStepsEqualTheCpuReference's criteria. */
    Verdict adamSteps(ClDevice device, ShapeChoice choice) {
        Trained got;
        try (OpenClEngine engine = engine(device, choice)) {
            got = train(engine);
        }
        Trained want = trainedRef;
        Verdict v = new Verdict()
                .require(Arrays.equals(want.adam.steps(), got.adam.steps()), () -> "Adam step counts "
                        + Arrays.toString(got.adam.steps()) + " vs " + Arrays.toString(want.adam.steps()));
        for (int step = 0; step < TRAIN_STEPS; step++) {
            for (int b = 0; b < want.losses[step].length; b++) {
                double e = want.losses[step][b];
                double a = got.losses[step][b];
                int s = step, t = b;
                v.require(Math.abs(e - a) <= 1e-4 * e, () -> "loss of trial " + t + " at step " + s + ": " + a
                        + " vs " + e);
            }
        }
        for (int k = 0; k < NETWORKS; k++) {
            compareParameters(v, want, got, k);
        }
        return v;
    }

    private void compareParameters(Verdict v, Trained want, Trained got, int k) {
        double[] e = Trainables.pack(want.nets.get(k));
        double[] a = Trainables.pack(got.nets.get(k));
        double[] start = Trainables.pack(training.nets.get(k));
        double moved = 0;
        v.add(Difference.of(e, a));
        for (int p = 0; p < e.length; p++) {
            int q = p;
            v.require(Math.abs(e[p] - a[p]) <= 2e-4 + 1e-5 * Math.abs(e[p]), () -> "θ[" + q + "] of network " + k
                    + ": " + a[q] + " vs " + e[q]);
            moved = Math.max(moved, Math.abs(e[p] - start[p]));
        }
        double m = moved;
        v.require(m > 0.01, () -> "training did not move the parameters of network " + k + " (max " + m + ")");
        close(v, want.adam.m()[k], got.adam.m()[k], "Adam m of network " + k);
        close(v, want.adam.v()[k], got.adam.v()[k], "Adam v of network " + k);
    }

    static String adamTolerance() {
        return "theta 2e-4+1e-5|theta|, m,v cos";
    }
}
