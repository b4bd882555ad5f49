package org.eirnn.task.pycog;

import org.eirnn.InvalidInputException;
import org.eirnn.model.Preset;
import org.eirnn.task.ManteTask;
import org.eirnn.task.Task;
import org.eirnn.task.Tasks;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --task under the presets: pycog's names under song2016 only, mante by preset. */
class TaskRegistryTest {
    @Test
    void manteMeansPycogsUnderSong2016AndSpikeRnnsElsewhere() {
        Task pycog = Tasks.byName("mante", Preset.SONG2016);
        assertInstanceOf(ContextTask.class, pycog);
        assertEquals(6, pycog.inputs());
        assertInstanceOf(ManteTask.class, Tasks.byName("mante", Preset.SPIKERNN));
        assertInstanceOf(ManteTask.class, Tasks.byName("mante"));
        assertInstanceOf(ManteTask.class, Tasks.byName("mante", Preset.NN4N));
        // spikeRNN's other tasks keep their names under song2016
        assertEquals("go-nogo", Tasks.byName("go-nogo", Preset.SONG2016).name());
    }

    @Test
    void everyPycogNameBuildsItsTaskAtTauOverFive() {
        for (String name : PycogTasks.NAMES) {
            PycogTask t = (PycogTask) Tasks.byName(name, Preset.SONG2016);
            assertEquals(name, t.name());
            assertEquals(t.tauMs() / 5, t.dtMs(), 1e-12);
            assertEquals(name.equals("lee") ? 50 : 100, t.tauMs());
            assertEquals(t.setup().inputs(), t.inputs());
            assertTrue(Tasks.isKnown(name));
            if (name.equals("mante")) {
                continue;   // spikeRNN's mante under spikernn
            }
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> Tasks.byName(name, Preset.SPIKERNN));
            assertTrue(e.getMessage().contains("song2016"), e.getMessage());
        }
        assertThrows(InvalidInputException.class, () -> PycogTasks.byName("rdm_dense", 0, 100));
        assertThrows(InvalidInputException.class, () -> Tasks.byName("nope", Preset.SONG2016));
    }
}
