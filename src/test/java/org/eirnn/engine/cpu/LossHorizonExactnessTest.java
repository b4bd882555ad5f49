package org.eirnn.engine.cpu;

import org.eirnn.engine.Gradients;
import org.eirnn.engine.LossHorizon;
import org.eirnn.engine.Trainables;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.Preset;
import org.eirnn.model.PycogConnectivity;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.eirnn.task.pycog.PycogTask;
import org.eirnn.task.pycog.PycogTasks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why the engines may stop at {@link LossHorizon}: on the CPU reference (below the session, which stops there
 * itself), BPTT over all of mante's 101 padded steps and over the 61 its 1.2 s trials need give the same objective,
 * Ω and gradients, to rounding: the padded steps add only zeros. Also for a task whose trials end unevenly
 * (rdm_varstim's stimulus lengths).
 */
class LossHorizonExactnessTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mante", "rdm_varstim", "multisensory"})
    void thePaddedStepsAddNothing(String name) {
        PycogTask task = PycogTasks.byName(name);
        for (int b : new int[] {1, 7}) {
            NetworkSpec s0 = new NetworkSpec(24, task.inputs(), 0.2, 1.0, 0, 1.5,
                    org.eirnn.model.WeightDistribution.GAUS, true, org.eirnn.model.Activation.RECTIFY,
                    org.eirnn.model.DecayTaus.single(task.setup().tauSteps()), task.outputs(),
                    Preset.SONG2016.options());
            NetworkSpec spec = s0.withOptions(s0.options().withRegularisers(Regularisers.NONE.withOmega(2)));
            RateNetwork net = NetworkInit.draw(spec, 1234, 0, PycogConnectivity.DEFAULT);
            TrialBatch whole = task.generate(new RandomKey(3, 0, RandomStream.TASK), 1, b, TrialPurpose.GRADIENT);
            int horizon = LossHorizon.steps(whole, spec, LossFunction.MSE);
            if (b == 7 && !name.equals("multisensory")) {
                assertTrue(horizon < whole.steps(), name + ": these trials end before the padding");
            }
            Gradients full = gradients(net, whole, Preset.SONG2016.noise());
            Gradients cut = gradients(net, whole.truncateTo(horizon), Preset.SONG2016.noise());
            assertEquals(full.loss(), cut.loss(), 1e-13 * Math.abs(full.loss()), name + " B=" + b);
            double[] gf = Trainables.pack(full);
            double[] gc = Trainables.pack(cut);
            double scale = 0;
            for (double v : gf) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0);
            for (int i = 0; i < gf.length; i++) {
                assertEquals(gf[i], gc[i], 1e-12 * scale, name + " B=" + b + " parameter " + i);
            }
        }
    }

    /** Forward and BPTT straight through the reference's own steps, with no horizon. */
    private static Gradients gradients(RateNetwork net, TrialBatch batch, RateNoise noise) {
        NetworkTerms terms = NetworkTerms.of(net, noise);
        ForwardStates s = FamilyForward.run(net, terms, batch, 0, batch.trials(), noise, 9, 0,
                DenseOps.SINGLE_THREADED, true, FamilyBackprop.alphaTrained(net));
        return FamilyBackprop.run(net, terms, s, batch, 0, LossFunction.MSE, DenseOps.SINGLE_THREADED,
                new double[batch.trials()], 0);
    }
}
