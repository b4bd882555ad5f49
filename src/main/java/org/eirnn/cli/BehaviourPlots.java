package org.eirnn.cli;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNoise;
import org.eirnn.plot.FigureKind;
import org.eirnn.plot.Figures;
import org.eirnn.plot.ModelFigures;
import org.eirnn.plot.PsychometricFigures;
import org.eirnn.task.Task;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.eirnn.task.pycog.Psychometrics;
import org.eirnn.task.pycog.RdmTask;
import org.eirnn.task.pycog.TwoChoiceTask;
import org.eirnn.train.TrialIds;
import org.knowm.xchart.XYChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * plot's behavioural figures of a song2016 two-alternative model (issue #11; mante and multisensory: issue #9): the
 * network runs, on the CPU engine with the file's noise, {@value #TRIALS_PER_CONDITION} validation trials of every condition (pycog's enumeration), and its
 * choices give the psychometric function (with pycog's cumulative-Gaussian fit) and, for rdm_rt, the chronometric
 * function (pycog's decision threshold 1).
 */
final class BehaviourPlots {
    static final int TRIALS_PER_CONDITION = 100;

    private BehaviourPlots() {
    }

    /**
     * Whether the task has the figure: psychometric for the two-alternative tasks with stimulus variables (rdm, mante,
     * mante_areas, multisensory), chronometric for rdm_rt.
     */
    static boolean applies(FigureKind k, Task task) {
        return k == FigureKind.PSYCHOMETRIC ? task instanceof TwoChoiceTask t && !t.psychometricAxes().isEmpty()
                : task instanceof RdmTask r && r.variant() == RdmTask.Variant.RT;
    }

    static List<Path> write(Args a, ModelRecord model, Task task, Set<FigureKind> kinds, Figures.Source src, Path dir,
                            String stem) throws IOException {
        for (FigureKind k : kinds) {
            InvalidInputException.require(applies(k, task), () -> "--what " + k.word() + " needs a song2016 model of "
                    + (k == FigureKind.PSYCHOMETRIC ? "an rdm, mante or multisensory task" : "rdm_rt") + ", not "
                    + task.name());
        }
        TwoChoiceTask two = (TwoChoiceTask) task;
        int n = TRIALS_PER_CONDITION * two.conditions();
        long seed = SeedOption.read(a);
        TrialBatch batch = TrialIds.ensembleBatch(task, seed, 1, TrialIds.evaluation(0, n), n, TrialPurpose.VALIDATION);
        RateNoise noise = ModelFamilyOptions.noiseOf(a, model.extras());
        double[] o;
        try (RateSession s = new CpuEngine().openRate(model.network().spec, 1, n, batch.steps(), LossFunction.MSE)) {
            s.upload(List.of(model.network()));
            o = s.forward(batch, noise, seed, false).o();
        }
        int[] choices = two.choices(batch, o);
        List<Path> written = new ArrayList<>();
        if (kinds.contains(FigureKind.PSYCHOMETRIC)) {
            Path f = ModelFigures.file(dir, stem, FigureKind.PSYCHOMETRIC);
            List<XYChart> panels = two.psychometricAxes().stream().map(axis -> PsychometricFigures.psychometric(
                    Psychometrics.table(axis.values(batch.labels()), choices), axis.label(), src)).toList();
            Figures.save(panels, f);
            written.add(f);
        }
        if (kinds.contains(FigureKind.CHRONOMETRIC)) {
            RdmTask rdm = (RdmTask) task;
            double[] coherence = Psychometrics.signedCoherences(batch.labels());
            boolean[] correct = new boolean[n];
            for (int b = 0; b < n; b++) {
                correct[b] = batch.labels()[b] != 0 && choices[b] == rdm.choice(batch.labels()[b]);
            }
            var times = Psychometrics.decisionTimes(batch, o, Psychometrics.RT_THRESHOLD,
                    rdm.fixationMs(TrialPurpose.VALIDATION), rdm.dtMs());
            Path f = ModelFigures.file(dir, stem, FigureKind.CHRONOMETRIC);
            Figures.save(PsychometricFigures.chronometric(coherence, times, correct, src), f);
            written.add(f);
        }
        return written;
    }
}
