package org.eirnn.train;

import org.eirnn.engine.RateSession;
import org.eirnn.engine.Trajectories;
import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.Preset;
import org.eirnn.model.WeightDistribution;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.eirnn.task.pycog.PycogTask;
import org.eirnn.task.pycog.RdmTask;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per-trial correctness of a two-output task (pycog's rdm_dense): each trial is judged on its own two outputs, laid out
 * per trial as [channel][step] (trial b's block starts at b·N_out·(T−1)); the correct choice is the larger output at
 * the trial's end, a catch trial is correct when both stay low. Outputs are set by hand so that every other trial is
 * right.
 */
class EvaluationTest {
    @Test
    void eachTrialIsJudgedOnItsOwnOutputs() {
        RdmTask task = new RdmTask(RdmTask.Variant.DENSE, 20, 100);
        int trials = 22;   // validation: conditions 0 (catch), 1 … 10, twice
        TrialBatch batch = task.generate(new RandomKey(1, 0, RandomStream.TASK), 0, trials, TrialPurpose.VALIDATION);
        int len = batch.steps() - 1;
        double[] o = new double[trials * 2 * len];
        boolean[] expected = new boolean[trials];
        for (int b = 0; b < trials; b++) {
            int end = PycogTask.trialEnd(batch, b);
            int label = batch.labels()[b];
            boolean right = b % 4 < 2;
            expected[b] = right;
            if (label == 0) {
                double level = right ? 0.2 : 1.0;   // both low is a correct catch trial
                o[(b * 2) * len + end] = level;
                o[(b * 2 + 1) * len + end] = level;
            } else {
                int chosen = right ? task.choice(label) : 1 - task.choice(label);
                o[(b * 2 + chosen) * len + end] = 1.0;
                o[(b * 2 + 1 - chosen) * len + end] = 0.2;
            }
        }
        NetworkSpec spec = new NetworkSpec(20, task.inputs(), 0.2, 1.0, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.RECTIFY, DecayTaus.single(5), 2, Preset.SONG2016.options());
        try (RateSession s = new CpuEngine().openRate(spec, 1, trials, batch.steps(), LossFunction.MSE)) {
            Trajectories traj = new Trajectories(trials, batch.steps(), 20, 2, null, null, o, new double[trials]);
            Evaluation e = Evaluation.of(s, task, batch, traj).get(0);
            for (int b = 0; b < trials; b++) {
                assertEquals(expected[b], e.correct()[b], "trial " + b + " (condition " + batch.labels()[b] + ")");
                assertEquals(o[b * 2 * len + 3], e.outputs()[b * len + 3], "channel 0 of trial " + b);
            }
            assertEquals(12 / 22.0, e.accuracy(), 1e-15);
        }
    }
}
