package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.io.MatResults;
import org.eirnn.io.MatResults.Variable;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.eirnn.task.TaskScore;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.eirnn.task.pycog.PycogTask;
import org.eirnn.train.Evaluation;
import org.eirnn.train.TrialIds;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code eirnn eval --model FILE}: accuracy and mean loss of a rate model (any file {@link MatModelFile#read} imports)
 * on fresh trials with the spikeRNN correctness rule (spec §2.5), noise as given; optionally every trial to a .mat.
 */
final class EvalCommand implements Command {

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "accuracy and loss of a rate model file on fresh trials";
    }

    /** What --out writes, for eval and train --mode eval. */
    static final String OUT_DETAIL = "each trial's u, o, target, label, correct, loss";

    @Override
    public CliOptions options() {
        return RateOptions.ofModelFile(name(), "eirnn eval --model FILE [options]",
                TrialsOption.described("fresh trials, default 100"), OutputOption.described(OUT_DETAIL),
                () -> java.util.List.of(PycogRunner.DT));
    }

    @Override
    public int run(String[] args) throws Exception {
        Args a = options().parse(args);
        return a == null ? Main.EXIT_OK : evaluate(a, System.err);
    }

    /** The loss the file was trained with (its loss_fn), l2 when it does not say. */
    static String fileLoss(ModelLoader.Loaded mt) {
        ModelRecord record = mt.imported().record();
        Object fileLoss = record.extras() == null ? null : record.extras().get("loss_fn");
        return fileLoss == null ? "l2" : fileLoss.toString();
    }

    /** o: trials×(T−1) for one output (spikeRNN's), trials×N_out×(T−1) for several. */
    private static Variable outputs(Task task, int trials, int steps, double[] all, double[] channel0) {
        return task.outputs() == 1 ? new Variable("o", new int[] {trials, steps - 1}, channel0)
                : new Variable("o", new int[] {trials, task.outputs(), steps - 1}, all);
    }

    /** The evaluation, also run by {@code train --mode eval}. */
    static int evaluate(Args a, PrintStream err) throws Exception {
        RateOptions.ModelRun run = PycogRunner.atStep(a, RateOptions.modelRun(a, EvalCommand::fileLoss, 100));
        Path out = OutputOption.path(a);
        Path modelPath = run.model().path();
        Task task = run.model().task();
        LossFunction loss = run.loss();
        RateNoise noise = run.noise();
        long seed = run.seed();
        int trials = run.trials();

        TrialBatch batch = TrialIds.ensembleBatch(task, seed, 1, TrialIds.evaluation(0, trials), trials,
                task.conditions() > 0 ? TrialPurpose.VALIDATION : TrialPurpose.GRADIENT);
        TaskScore[] score = new TaskScore[1];
        double[][] outputs = new double[1][];
        Evaluation e = RateOptions.withSession(a, err, run, (engine, session) -> {
            org.eirnn.engine.Trajectories traj = session.forward(batch, noise, seed, false);
            score[0] = task.score(batch, traj.o(), 0, trials);
            outputs[0] = traj.o();
            return Evaluation.of(session, task, batch, traj).get(0);
        });
        int correct = 0;
        for (boolean c : e.correct()) {
            correct += c ? 1 : 0;
        }
        double[] ci = org.eirnn.spiking.SpikingReport.wilson(correct, trials);
        System.out.printf(Locale.ROOT, "%s: %s, accuracy %.4f [%.4f, %.4f] (%d/%d correct), mean %s loss %.4f "
                        + "(seed %d, noise sd %s, x0 sd %s)%n", modelPath, task.name(), e.accuracy(), ci[0], ci[1],
                correct, trials, loss.spikeRnnName, e.meanLoss(), seed, noise.noiseSd(), noise.x0Sd());
        if (!(task instanceof PycogTask)) {
            List<String> parts = new java.util.ArrayList<>();
            org.eirnn.spiking.SpikingReport.byCondition(task, e.labels(), e.correct())
                    .forEach(c -> parts.add(org.eirnn.spiking.SpikingReport.format(c)));
            System.out.println("  per condition (95% Wilson intervals): " + String.join("; ", parts));
        }
        if (task instanceof PycogTask p) {
            System.out.printf(Locale.ROOT, "%s: %s %.4f on %d trials (enumerated conditions) at dt %s ms, tau %s ms, "
                    + "input noise %.4g per step%n", modelPath, score[0].measure(), score[0].value(), trials,
                    p.dtMs(), p.tauMs(), noise.inputSd());
        }
        List<Variable> analysis = PycogAnalysis.report(task, batch, outputs[0], System.out);
        if (out != null) {
            double[] labels = new double[trials];
            double[] right = new double[trials];
            for (int j = 0; j < trials; j++) {
                labels[j] = e.labels()[j];
                right[j] = e.correct()[j] ? 1 : 0;
            }
            int steps = task.steps();
            List<Variable> vars = new java.util.ArrayList<>(List.of(
                    new Variable("u", new int[] {trials, task.inputs(), steps}, batch.u()),
                    outputs(task, trials, steps, outputs[0], e.outputs()),
                    new Variable("target", task.outputs() == 1 ? new int[] {trials, steps}
                            : new int[] {trials, task.outputs(), steps}, batch.target()),
                    new Variable("labels", new int[] {trials, 1}, labels),
                    new Variable("correct", new int[] {trials, 1}, right),
                    new Variable("loss", new int[] {trials, 1}, e.losses()),
                    Variable.scalar("accuracy", e.accuracy()),
                    Variable.scalar("score", score[0].value()),
                    Variable.scalar("mean_loss", e.meanLoss())));
            vars.addAll(analysis);
            MatResults.write(out, vars);
            err.println("eirnn eval: wrote " + out);
        }
        return Main.EXIT_OK;
    }
}
