package org.eirnn.train;

import org.eirnn.engine.Engine;
import org.eirnn.engine.SgdConfig;
import org.eirnn.engine.TestEngines;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.Activation;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.NoiseForm;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNetwork;
import org.eirnn.model.RateNoise;
import org.eirnn.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A song2016-preset network (pycog's masks and initialisation, trained x0 and W_in, continuous-time noise, SGD with
 * clipping, masked mse) killed after a checkpoint and resumed trains to the same parameters as an uninterrupted
 * run: the checkpoint keeps the family's parts (masks, fixed entries, x0, b_rec) and masks stay as set.
 */
class FamilyResumeTest {
    static final NetworkSpec SPEC = TrainerTest.SPEC.withActivation(Activation.TANH)
            .withOptions(Preset.SONG2016.options());

    private static Trainer trainer(TrainConfig cfg) {
        Engine engine = TestEngines.open("cpu");
        Task task = new TrainerTest.TinyTask("tiny", false, 1);
        return new Trainer(engine, task, SPEC, LossFunction.MSE, cfg, new PrintStream(new ByteArrayOutputStream()),
                Map.of());
    }

    @Test
    void aResumedFamilyRunEqualsTheUninterruptedOne(@TempDir Path dir) throws IOException {
        RateNoise noise = new RateNoise(0.15, 0, NoiseForm.CONTINUOUS, 0, 0.03, 0.2, true);
        TrainConfig cfg = TrainConfig.spikeRnn(230, 3, 2, 11, noise, new SgdConfig(0.01, 1.0));
        TrainState straight = trainer(cfg).run(Trainer.freshState(SPEC, cfg, "s"), s -> { }, (k, m) -> { });
        Path file = dir.resolve("run.checkpoint");
        Map<String, String> identity = new TreeMap<>(Map.of("task", "tiny"));
        int[] written = {0};
        assertThrows(IllegalStateException.class, () -> trainer(cfg).run(Trainer.freshState(SPEC, cfg, "s"), s -> {
            Checkpoint.write(file, identity, s);
            if (++written[0] == 2) {
                throw new IllegalStateException("killed");
            }
        }, (k, m) -> { }));
        TrainState restored = Checkpoint.read(file, identity, SPEC);
        assertEquals(102, restored.nextTrial());
        TrainState resumed = trainer(cfg).run(restored, s -> { }, (k, m) -> { });
        RateNetwork fresh = Trainer.freshState(SPEC, cfg, "s").current().get(0);
        for (int k = 0; k < 2; k++) {
            RateNetwork a = straight.current().get(k);
            assertTrue(a.sameParameters(resumed.current().get(k)), "network " + k + " differs after resume");
            assertArrayEquals(straight.losses()[k], resumed.losses()[k], 0.0);
        }
        RateNetwork trained = straight.current().get(0);
        assertArrayEquals(fresh.somMask, trained.somMask, 0.0, "C_rec stays as set");
        for (int ij = 0; ij < trained.w.length; ij++) {
            if (fresh.somMask[ij] == 0) {
                assertEquals(fresh.w[ij], trained.w[ij], 0.0, "a masked weight never moves");
            }
        }
        assertTrue(!java.util.Arrays.equals(fresh.x0, trained.x0), "x0 trains under song2016");
    }
}
