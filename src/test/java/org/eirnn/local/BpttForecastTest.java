package org.eirnn.local;

import org.eirnn.engine.Engine;
import org.eirnn.engine.RateSession;
import org.eirnn.engine.TestEngines;
import org.eirnn.engine.Trajectories;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.ForecastTask;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --learning bptt} trains the same network: the model family's forward pass of the converted network gives the
 * local rule's errors (noise off, two channels, biases and signs in play), and BPTT's updates keep the projection.
 */
class BpttForecastTest {
    private static ForecastTask twoChannels() {
        double[] v = new double[2 * 60];
        for (int s = 0; s < 60; s++) {
            v[2 * s] = Math.sin(0.2 * s);
            v[2 * s + 1] = 0.5 * Math.cos(0.13 * s);
        }
        return new ForecastTask("two", 60, 2, v);
    }

    /** A noiseless ensemble with biases and sizeable weights: 2 local passes from a U(0, 0.3) start. */
    private static LocalEnsemble trained(ForecastTask task) {
        NgcSpec spec = new NgcSpec(7, 2, 2, 0.1, 0, 0, 40, 0.01, 0.9, 0.999, 1e-8, 0.3);
        LocalEnsemble e = LocalEnsemble.initial(spec, 3, 5);
        new CpuLocalRule().run(e, task, 5, 0, 2, true);
        return e;
    }

    @Test
    void theFamilysForwardPassIsTheLocalRulesNetwork() {
        ForecastTask task = twoChannels();
        LocalEnsemble e = trained(task);
        PassMetrics[] local = new CpuLocalRule().run(e, task, 5, 0, 1, false)[0];
        NetworkSpec fam = BpttForecast.familySpec(e.spec);
        try (Engine engine = TestEngines.open("cpu");
             RateSession session = engine.openRate(fam, 3, 1, task.points(), LossFunction.MSE)) {
            List<RateNetwork> nets = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                nets.add(BpttForecast.toFamily(fam, e, k));
            }
            session.upload(nets);
            List<org.eirnn.task.TrialBatch> trials = List.of(task.asTrial(0), task.asTrial(0), task.asTrial(0));
            Trajectories t = session.forward(org.eirnn.task.TrialBatch.concat(trials), RateNoise.NONE, 5, false);
            for (int k = 0; k < 3; k++) {
                assertTrue(local[k].sse() > 1e-3, "a trivial network");
                assertEquals(local[k].sse() / local[k].count(), t.loss()[k], 1e-12 * local[k].sse(), "network " + k);
            }
        }
    }

    @Test
    void conversionRoundTripsAndBpttKeepsTheProjection() {
        ForecastTask task = twoChannels();
        LocalEnsemble e = trained(task);
        LocalEnsemble back = new LocalEnsemble(e.spec, e.networks);
        NetworkSpec fam = BpttForecast.familySpec(e.spec);
        for (int k = 0; k < e.networks; k++) {
            BpttForecast.fromFamily(BpttForecast.toFamily(fam, e, k), back, k);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(e.theta, back.theta, 0);
        try (Engine engine = TestEngines.open("cpu")) {
            double[][] losses = BpttForecast.train(engine, back, task, 5, 5, ForecastTraining.Progress.NONE);
            assertEquals(5, losses.length);
        }
        for (int k = 0; k < back.networks; k++) {
            for (int p = 0; p < e.spec.parameters(); p++) {
                assertTrue(!e.spec.projected(p) || back.theta[k * e.spec.parameters() + p] >= 0);
            }
        }
        assertTrue(maxDifference(e.theta, back.theta) > 1e-4, "BPTT did not change the parameters");
    }

    private static double maxDifference(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        return worst;
    }
}
