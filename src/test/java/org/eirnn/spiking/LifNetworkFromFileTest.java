package org.eirnn.spiking;

import org.eirnn.cli.ExportSampleCommand;
import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.RateNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LIF mapping of an imported eirnn model equals LIF_network_fnc.m on the same file: MATLAB reads the stored w,
 * which is relu(w) with Dale, while the import returns the raw w (exact round trip), negative entries included.
 */
class LifNetworkFromFileTest {
    @TempDir
    Path dir;

    @Test
    void negativeRawWeightsAreSilentAsInTheStoredRelu() throws Exception {
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 12, 0, true, 41, 2);
        RateNetwork net = rec.network();
        int pushed = -1;
        for (int k = 0; k < net.w.length && pushed < 0; k++) {
            if (net.w[k] > 0) {
                net.w[k] = -0.3; // pushed below zero by training: dead in the rate model
                pushed = k;
            }
        }
        Path file = dir.resolve("model.mat");
        MatModelFile.write(file, rec);
        RateNetwork imported = MatModelFile.read(file).record().network();
        assertEquals(-0.3, imported.w[pushed], "the import keeps the raw weight");

        LifNetwork lif = LifNetwork.map(imported, null, 25, false, 0);
        double[] rate = imported.effectiveRecurrent();
        assertEquals(0.0, lif.w()[pushed], 0.0);
        for (int k = 0; k < rate.length; k++) {
            assertEquals(rate[k] / 25, lif.w()[k], 1e-15, "W = ((relu(w)·m) ⊙ som_m)/scaling_factor at " + k);
        }
        assertTrue(imported.spec.applyDale());
    }
}
