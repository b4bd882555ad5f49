package org.eirnn.task.pycog;

import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.SgdConfig;
import org.eirnn.engine.TestEngines;
import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.model.WeightDistribution;
import org.eirnn.rng.RandomKey;
import org.eirnn.rng.RandomStream;
import org.eirnn.task.TrialBatch;
import org.eirnn.task.TrialPurpose;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short CPU training run of rdm_dense on a song2016 network (pycog's initialisation, noise and SGD with global-norm
 * clipping; a larger step than pycog's 0.01 so that 500 trials show it): the masked loss on the enumerated validation
 * conditions, noise off, falls.
 */
class RdmDenseSmokeTrainingTest {
    @Test
    void validationLossFallsWithinFiveHundredTrials() {
        RdmTask task = new RdmTask(RdmTask.Variant.DENSE, 20, 100);
        PycogSetup s = task.setup();
        NetworkSpec spec = new NetworkSpec(s.n(), s.inputs(), 0.2, 1.0, 0, 1.5, WeightDistribution.GAUS, s.dale(),
                Activation.RECTIFY, DecayTaus.single(s.tauSteps()), s.outputs(), Preset.SONG2016.options());
        RateNoise noise = Preset.SONG2016.noise();
        RandomKey key = new RandomKey(4, 0, RandomStream.TASK);
        TrialBatch validation = task.generate(key, 0, 2 * task.conditions(), TrialPurpose.VALIDATION);
        int batch = 10;
        // seed 1: a draw whose activity stays bounded from the start (some of pycog's ρ0 = 1.5 draws grow at first, and
        // their first updates only tame them)
        RateNetwork net = NetworkInit.draw(spec, 1, 0, s.connectivity());
        try (Engine engine = TestEngines.open("cpu");
             RateSession train = engine.openRate(spec, 1, batch, task.steps(), LossFunction.MSE);
             RateSession eval = engine.openRate(spec, 1, validation.trials(), task.steps(), LossFunction.MSE)) {
            eval.upload(List.of(net));
            double before = meanLoss(eval, validation);
            train.upload(List.of(net));
            SgdConfig sgd = new SgdConfig(0.1, 1.0);
            for (int update = 0; update < 50; update++) {
                train.trainStep(task.generate(key, 1000 + update * batch, batch, TrialPurpose.GRADIENT), noise, 4,
                        sgd, new boolean[] {true});
            }
            eval.upload(train.download());
            double after = meanLoss(eval, validation);
            assertTrue(after < 0.9 * before, "validation loss " + before + " → " + after);
        }
    }

    private static double meanLoss(RateSession session, TrialBatch batch) {
        // pycog's input baseline and rectification, no noise
        RateNoise quiet = new RateNoise(0, 0, NoiseForm.CONTINUOUS, 0, 0, PycogSetup.BASELINE_IN, true);
        return Arrays.stream(session.forward(batch, quiet, 4, false).loss()).average().orElseThrow();
    }
}
