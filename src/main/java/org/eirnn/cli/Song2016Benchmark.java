package org.eirnn.cli;

import org.eirnn.engine.Engine;
import org.eirnn.engine.Optimizer;
import org.eirnn.engine.RateSession;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.eirnn.task.pycog.PycogTask;

import java.util.List;

/**
 * {@code bench --work song2016} (issue #9): one update of pycog's recipe as {@code train --model song2016} makes it
 * (SGD 0.01 with global-norm clipping, Ω with λ 2, pycog's noise and the task's network), on rdm_dense at N = 100 and
 * romo at N = 500 (other N: rdm_dense at that size); in flight = the minibatch (pycog's is 20). Both engines
 * compute Ω.
 */
final class Song2016Benchmark implements Benchmark {
    static final String WORK = "song2016";
    private static final long SEED = 1;

    @Override
    public String work() {
        return WORK;
    }

    static String taskFor(int n) {
        return n == 500 ? "romo" : "rdm_dense";
    }

    /** The command line of {@code train} this update belongs to. */
    private static Args args(int n, int inFlight) {
        try {
            return new TrainCommand().options().parse(new String[] {"--model", "song2016", "--task", taskFor(n),
                "--N", Integer.toString(n), "--batch", Integer.toString(inFlight), "--output_dir",
                System.getProperty("java.io.tmpdir")});
        } catch (org.apache.commons.cli.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Run prepare(Engine engine, int n, int inFlight) {
        Args a = args(n, inFlight);
        TrainCommand.Run run = TrainCommand.Run.of(a);
        NetworkSpec spec = run.spec();
        Optimizer opt = run.cfg().optimizer();
        PycogTask task = (PycogTask) run.task();
        TrialBatch batch = task.generate(new RandomKey(SEED, 0, RandomStream.TASK), 0, inFlight,
                TrialPurpose.GRADIENT);
        RateSession session = engine.openRate(spec, 1, inFlight, batch.steps(), run.loss());
        RateNetwork net = PycogTaskDefaults.source(a, task, spec).draw(spec, SEED, 0);
        session.upload(List.of(net));
        boolean[] active = {true};
        return new Run() {
            @Override
            public void once() {
                session.trainStep(batch, run.cfg().noise(), SEED, opt, active);
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    /** 6·N² per trial-step, as the other training benchmark counts it, over rdm_dense's or romo's gradient trial. */
    @Override
    public double flopsPerTrial(int n) {
        PycogTask task = (PycogTask) org.eirnn.task.Tasks.byName(taskFor(n), org.eirnn.model.Preset.SONG2016);
        return 6.0 * n * (double) n * (task.steps(TrialPurpose.GRADIENT) - 1);
    }
}
