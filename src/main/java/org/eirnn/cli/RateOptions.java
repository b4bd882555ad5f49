package org.eirnn.cli;

import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the rate commands (train, eval, gradcheck) share: the option groups they all take, and running a model file
 * on fresh trials in a session. A group added to {@link #shared()} is taken by all three.
 */
final class RateOptions {
    static final String DEFAULT_DEVICE = "auto";
    static final Flag LOSS = Flag.value("loss_fn", "name", "l2 or l1")
            .detail("default: the model file's loss_fn when it runs one, else l2");

    private RateOptions() {
    }

    /** The groups of every rate command: loss, device, seed, noise. */
    static List<OptionGroup> shared() {
        return List.of(() -> List.of(LOSS), DeviceOption.defaultingTo(DEFAULT_DEVICE), SeedOption.GROUP,
                NoiseOptions.RATE);
    }

    /** The options of a rate command that runs a model file: --model, --task, the shared groups, then {@code more}. */
    static CliOptions ofModelFile(String command, String usage, OptionGroup... more) {
        List<OptionGroup> groups = new ArrayList<>(List.of(ModelLoader.REQUIRED, TaskOption.OF_MODEL));
        groups.addAll(shared());
        groups.addAll(List.of(more));
        return CliOptions.of(command, usage).add(groups.toArray(new OptionGroup[0]));
    }

    /** A model file run on fresh trials (eval, gradcheck): its network and task, loss, noise, seed, trial count. */
    record ModelRun(ModelLoader.Loaded model, LossFunction loss, RateNoise noise, long seed, int trials) {
    }

    /** --model and its task, --loss_fn (default from {@code defaultLoss}, which may read the file), noise, seed, trials. */
    static ModelRun modelRun(Args a, Function<ModelLoader.Loaded, String> defaultLoss, int defaultTrials)
            throws IOException {
        NoiseOptions.rate(a);   // checks the noise flags before the file is read
        long seed = SeedOption.read(a);
        int trials = TrialsOption.read(a, defaultTrials);
        ModelLoader.Loaded m = ModelLoader.load(a);
        RateNoise noise = ModelFamilyOptions.noiseOf(a, m.record().extras());
        org.eirnn.engine.SessionContract.requireHostMemory(m.network().spec, 1, trials, m.task().steps());
        LossFunction loss = LossFunction.parse(a.string(LOSS, defaultLoss.apply(m)));
        return new ModelRun(m, loss, noise, seed, trials);
    }

    /** What a command does with an open session of one uploaded network. */
    interface SessionWork<T> {
        T run(Engine engine, RateSession session) throws Exception;
    }

    /** Opens the --device engine and a session of {@code run}'s network for its trials, uploads it, runs work. */
    static <T> T withSession(Args a, PrintStream err, ModelRun run, SessionWork<T> work) throws Exception {
        RateNetwork net = run.model().network();
        boolean kernels = org.eirnn.engine.opencl.OpenClEngine.runs(net.spec, run.loss(), run.noise());
        try (Engine engine = DeviceOption.open(a, kernels ? DEFAULT_DEVICE : "cpu", err);
             RateSession session = engine.openRate(net.spec, 1, run.trials(), run.model().task().steps(),
                     run.loss())) {
            session.upload(List.of(net));
            return work.run(engine, session);
        }
    }
}
