package org.eirnn.io;

import org.eirnn.cli.ExportSampleCommand;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.Positivity;
import org.eirnn.model.Preset;
import org.eirnn.model.RateNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A network of the model family (song2016's options, masks and a fixed entry, trained x0 and b_rec) through a model
 * file: the pycog-named effective matrices equal what the engines compute, and import gives the same network back.
 */
class FamilyFileTest {
    @TempDir
    Path dir;

    static RateNetwork familyNetwork(RateNetwork spikeRnn) {
        NetworkSpec spec = spikeRnn.spec.withOptions(Preset.SONG2016.options()
                .withPositivity(Positivity.ABS, true, true).withTrainable(true, true, true, true));
        RateNetwork net = spikeRnn.withSpec(spec);
        int n = net.n();
        net.somMask[1] = 0;
        net.wFixed[1] = 0.3;
        net.cIn[0] = 0;
        net.wInFixed[0] = 0.7;
        for (int i = 0; i < n; i++) {
            net.bRec[i] = 0.01 * i;
            net.x0[i] = 0.1 + 0.001 * i;
        }
        return net;
    }

    @Test
    void effectiveMatricesAreWrittenUnderPycogNamesAndImportRestoresTheNetwork() throws Exception {
        ModelRecord sample = ExportSampleCommand.sample("go-nogo", 12, 0, true, 3, 5);
        RateNetwork net = familyNetwork(sample.network());
        RateNetwork init = familyNetwork(sample.initial());
        ModelRecord rec = new ModelRecord(sample.task(), net, init, sample.steps(), sample.x0(), sample.r0(),
                sample.u(), sample.o(), sample.x(), sample.r(), sample.target(), sample.losses(),
                sample.evalPerfMean(), sample.evalLossMean(), sample.evalOutputs(), sample.evalLabels(),
                sample.textLabels(), sample.lastTrial(), null, sample.extras());
        Path file = dir.resolve("family.mat");
        MatModelFile.write(file, rec);
        var vars = new com.jmatio.io.MatFileReader(file.toFile()).getContent();
        int n = net.n();
        assertArrayEquals(net.effectiveRecurrent(), rowMajor(vars.get("Wrec"), n), 0.0, "Wrec");
        assertArrayEquals(net.effectiveInput(), rowMajor(vars.get("Win"), n), 0.0, "Win");
        assertArrayEquals(net.effectiveReadout(), rowMajor(vars.get("Wout"), 1), 0.0, "Wout");
        assertArrayEquals(net.alpha(), rowMajor(vars.get("alpha"), n), 0.0, "alpha");
        assertArrayEquals(net.x0, rowMajor(vars.get("eirnn_x0_mean"), n), 0.0, "pycog's trained initial state");
        assertEquals(0.7, net.effectiveInput()[0], 0.0, "the fixed input entry stands where C_in is 0");
        assertTrue(net.effectiveReadout()[net.inh[0] ? 0 : 1] != 0);
        ModelRecord back = MatModelFile.read(file).record();
        // λ_Ω is a training setting (recorded as eirnn_lambda_omega by train), not part of the network's options
        RateNetwork withoutOmega = net.withSpec(net.spec.withOptions(net.spec.options().withRegularisers(
                net.spec.options().regularisers().withOmega(0))));
        assertTrue(back.network().sameParameters(withoutOmega), "trained network differs after import");
        assertEquals(Preset.SONG2016, back.network().spec.options().preset());
    }

    private static double[] rowMajor(com.jmatio.types.MLArray a, int rows) {
        com.jmatio.types.MLDouble d = (com.jmatio.types.MLDouble) a;
        double[][] m = d.getArray();
        double[] out = new double[m.length * m[0].length];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * m[0].length, m[0].length);
        }
        return out;
    }
}
