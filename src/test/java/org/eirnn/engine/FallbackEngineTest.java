package org.eirnn.engine;

import org.eirnn.engine.cpu.CpuEngine;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.RateNetwork;
import org.eirnn.spiking.LifBatch;
import org.eirnn.spiking.LifNetwork;
import org.eirnn.spiking.LifParams;
import org.eirnn.spiking.LifRecording;
import org.eirnn.spiking.LifResult;
import org.eirnn.spiking.LifSimulator;
import org.eirnn.spiking.LifTrial;
import org.eirnn.spiking.SpikingTrials;
import org.eirnn.spiking.Stimulation;
import org.eirnn.task.GoNogoTask;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LIF batches too large for the device (issue #12, "Device faults", injected by {@link FaultyEngine}) are split
 * until they fit, or moved to the CPU engine when a single trial fails, with the same results as a device that
 * never failed: each trial's draws depend only on its id.
 */
class FallbackEngineTest {
    @ParameterizedTest(name = "device limit {0} trials")
    @CsvSource({"4", "1", "0"})
    void lifBatchesTooLargeForTheDeviceAreSplitAndGiveTheSameResults(int maxTrials) {
        GoNogoTask task = new GoNogoTask();
        RateNetwork rate = NetworkInit.draw(org.eirnn.model.NetworkSpec.defaults(8, 1, org.eirnn.model.DecayTaus.range(4, 20)), 3, 0);
        LifParams params = LifParams.spikeRnn(1);
        List<LifNetwork> nets = List.of(LifNetwork.map(rate, null, 30, false, 0));
        List<LifTrial> trials = new ArrayList<>();
        org.eirnn.rng.RandomKey key = org.eirnn.spiking.SpikingEvaluation.stimulusKey(3, 0);
        int columns = 0;
        for (int id = 0; id < 11; id++) {
            SpikingTrials.Stimulus s = SpikingTrials.stimulus(task, key, id);
            columns = s.columns();
            trials.add(new LifTrial(0, id, s.u(), SpikingTrials.initialVoltages(params, key, id, rate.n())));
        }
        LifBatch batch = new LifBatch(params, nets, columns, trials, 3, Stimulation.NONE);
        LifResult want;
        try (LifSimulator cpu = new CpuEngine().openLif(true)) {
            want = cpu.simulate(batch, LifRecording.scores(1000));
        }
        FaultyEngine faulty = new FaultyEngine(new CpuEngine(), "simulate", 0, maxTrials);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LifResult got;
        try (Engine e = new FallbackEngine(faulty, CpuEngine::new, new PrintStream(err));
             LifSimulator sim = e.openLif(true)) {
            got = sim.simulate(batch, LifRecording.scores(1000));
        }
        assertTrue(faulty.faults.get() > 0);
        assertArrayEquals(want.windowMax(), got.windowMax(), 0.0);
        assertArrayEquals(want.windowMin(), got.windowMin(), 0.0);
        assertArrayEquals(want.spikeCounts(), got.spikeCounts());
    }
}
