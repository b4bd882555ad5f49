package org.eirnn.engine.opencl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trial layout of the rate kernels: every trial has its own slot, and the slots map back to their trials. */
class TrialLayoutTest {

    @ParameterizedTest(name = "K={0} B={1} VW={2}")
    @CsvSource({"1,1,16", "4,1,16", "3,5,16", "2,16,16", "2,20,16", "5,7,4", "1,64,16", "3,3,1"})
    void everyTrialHasItsOwnSlotAndTheSlotsMapBack(int k, int b, int vw) {
        for (TrialLayout layout : new TrialLayout[] {TrialLayout.perNetwork(k, b, vw),
                TrialLayout.forTraining(k, b, vw)}) {
            boolean[] used = new boolean[layout.slots()];
            for (int trial = 0; trial < k * b; trial++) {
                int slot = layout.slot(trial);
                assertFalse(used[slot], layout + ": two trials in slot " + slot);
                used[slot] = true;
                assertEquals(trial, layout.trialAt(slot), layout + ": slot " + slot);
                if (!layout.networkLanes()) {
                    assertEquals(trial / b, slot / layout.lanes() / layout.tilesPerNetwork(),
                            layout + ": trial " + trial + " rides in another network's tile");
                }
            }
            float[] weights = layout.laneWeights();
            int[] networks = layout.slotNetworks();
            for (int slot = 0; slot < used.length; slot++) {
                assertEquals(used[slot] ? 1.0f / b : 0.0f, weights[slot], layout + ": weight of slot " + slot);
                assertEquals(used[slot] ? layout.trialAt(slot) / b : 0, networks[slot],
                        layout + ": network keying the noise of slot " + slot);
                if (!used[slot]) {
                    assertEquals(-1, layout.trialAt(slot), layout + ": padding slot " + slot + " maps to a trial");
                }
            }
        }
    }

    /** Training narrows the lanes to B's power of two, and packs several networks' trials only when B < VW. */
    @ParameterizedTest(name = "K={0} B={1} VW={2}")
    @CsvSource({"1,1,16,1,false,1", "4,1,16,16,true,1", "3,5,16,16,true,1", "1,5,16,8,false,1",
            "2,20,16,16,false,4", "2,16,16,16,false,2"})
    void trainingLanes(int k, int b, int vw, int lanes, boolean networkLanes, int tiles) {
        TrialLayout layout = TrialLayout.forTraining(k, b, vw);
        assertEquals(lanes, layout.lanes());
        assertEquals(networkLanes, layout.networkLanes());
        assertEquals(tiles, layout.tiles());
        assertTrue(layout.slots() >= k * b);
    }
}
