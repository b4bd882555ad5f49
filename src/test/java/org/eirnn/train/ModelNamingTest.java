package org.eirnn.train;

import org.eirnn.model.Activation;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.WeightDistribution;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Folder and file names as spikeRNN builds them with Python's str(float) (spec §2.6). */
class ModelNamingTest {

    @Test
    void numbersArePrintedAsPythonStrOfAFloat() {
        // Python 3: str(4.0), str(0.2), str(7.25), str(0.0001), str(1e-05), str(1.5e-05), str(12345678.5), str(1e16)
        assertEquals("4.0", ModelNaming.pyFloat(4));
        assertEquals("20.0", ModelNaming.pyFloat(20));
        assertEquals("0.2", ModelNaming.pyFloat(0.2));
        assertEquals("7.25", ModelNaming.pyFloat(7.25));
        assertEquals("0.0001", ModelNaming.pyFloat(0.0001));
        assertEquals("0.00025", ModelNaming.pyFloat(0.00025));
        assertEquals("1e-05", ModelNaming.pyFloat(1e-5));
        assertEquals("1.5e-05", ModelNaming.pyFloat(1.5e-5));
        assertEquals("12345678.5", ModelNaming.pyFloat(12345678.5));
        assertEquals("100000000.0", ModelNaming.pyFloat(1e8));
        assertEquals("1e+16", ModelNaming.pyFloat(1e16));
        assertEquals("1.25e+20", ModelNaming.pyFloat(1.25e20));
    }

    @Test
    void directoryAndFileNamesFollowSpikeRnn() {
        NetworkSpec dale = new NetworkSpec(200, 1, 0.2, 0.0001, 0, 1.5, WeightDistribution.GAUS, true,
                Activation.SIGMOID, DecayTaus.range(4, 20));
        assertEquals(Path.of("out/models/go-nogo/P_rec_0.0001_Taus_4.0_20.0"),
                ModelNaming.directory(Path.of("out"), "Go-NoGo", dale));
        NetworkSpec noDale = new NetworkSpec(50, 2, 0.2, 0.2, 0, 1.5, WeightDistribution.GAUS, false,
                Activation.CLIPPED_RELU, DecayTaus.single(5));
        assertEquals(Path.of("out/models/xor/NoDale/P_rec_0.2_Tau_5.0"),
                ModelNaming.directory(Path.of("out"), "xor", noDale));
        String stamp = ModelNaming.stamp(LocalDateTime.of(2026, 1, 2, 3, 4, 5));
        assertEquals("2026_01_02_030405", stamp);
        assertEquals("Task_xor_N_50_Tau_5.0_Act_clipped_relu_seed_7_2026_01_02_030405.mat",
                ModelNaming.fileName("xor", noDale, 7, stamp, 0, 1));
        assertEquals("Task_go-nogo_N_200_Taus_4.0_20.0_Act_sigmoid_seed_1_2026_01_02_030405_net3.mat",
                ModelNaming.fileName("go-nogo", dale, 1, stamp, 3, 4));
    }
}
