package org.eirnn.train;

import org.eirnn.engine.AdamConfig;
import org.eirnn.engine.Engine;
import org.eirnn.engine.FallbackEngine;
import org.eirnn.engine.FaultyEngine;

import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.model.LossFunction;
import org.eirnn.model.RateNoise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device faults injected into a run (issue #12, "Device faults"): the failing engine is the CPU reference behind a
 * {@link FaultyEngine}, so the fallback (also the CPU reference) must give exactly the numbers of a run that never
 * failed: the failed call is never used, the state before it is restored and the steps since are replayed.
 */
class FallbackTrainingTest {

    private static TrainState train(Engine engine, TrainConfig cfg, PrintStream log) throws Exception {
        Trainer t = new Trainer(engine, new TrainerTest.TinyTask("tiny", false, 1), TrainerTest.SPEC,
                LossFunction.L2, cfg, log, Map.of());
        return t.run(Trainer.freshState(TrainerTest.SPEC, cfg, "s"), s -> { }, (k, m) -> { });
    }

    @ParameterizedTest(name = "fault at {0} #{1}, B={2}")
    @CsvSource({"trainStep,1,1", "trainStep,37,2", "trainStep,150,1", "upload,1,2", "upload,3,1", "download,2,1",
            "forward,1,2", "open,1,1", "open,2,2"})
    void aRunThatLosesItsDeviceEqualsOneThatNeverDid(String operation, int failAt, int batch) throws Exception {
        TrainConfig cfg = TrainConfig.spikeRnn(230, batch, 2, 5, RateNoise.SPIKERNN, AdamConfig.SPIKERNN);
        TrainState straight = train(new CpuEngine(), cfg, new PrintStream(new ByteArrayOutputStream()));
        FaultyEngine faulty = new FaultyEngine(new CpuEngine(), operation, failAt, Integer.MAX_VALUE);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TrainState survived;
        try (Engine e = new FallbackEngine(faulty, CpuEngine::new, new PrintStream(err, true, StandardCharsets.UTF_8))) {
            survived = train(e, cfg, new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        assertEquals(1, faults(faulty), "the fault was injected");
        String log = err.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("warning: the device failed") && log.contains("injected"), log);
        for (int k = 0; k < 2; k++) {
            assertTrue(straight.current().get(k).sameParameters(survived.current().get(k)), "network " + k);
            assertArrayEquals(straight.losses()[k], survived.losses()[k], 0.0);
        }
    }

    private static int faults(FaultyEngine e) {
        return e.faults.get();
    }
}
