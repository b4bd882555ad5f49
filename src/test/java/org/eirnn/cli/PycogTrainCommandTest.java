package org.eirnn.cli;

import org.eirnn.io.MatModelFile;
import org.eirnn.io.ModelRecord;
import org.eirnn.model.NetworkInit;
import org.eirnn.model.PycogConnectivity;
import org.eirnn.model.RateNetwork;
import org.eirnn.task.pycog.Structures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --model song2016 --task <pycog task> builds the task's network (spec peers §1.7). */
class PycogTrainCommandTest {

    private static TrainCommand.Run run(String... args) throws Exception {
        return TrainCommand.Run.of(new TrainCommand().options().parse(args));
    }

    @Test
    void rdmFixedGetsItsPoolsNoiseAndMinibatch(@TempDir Path dir) throws Exception {
        TrainCommand.Run r = run("--model", "song2016", "--task", "rdm_fixed", "--output_dir", dir.toString());
        assertEquals(100, r.spec().n());
        assertEquals(2, r.spec().inputs());
        assertEquals(2, r.spec().outputs());
        assertTrue(r.spec().applyDale());
        assertEquals(20, r.cfg().batch());
        assertEquals(0.15, r.cfg().noise().noiseSd(), 1e-15);
        assertEquals(Math.sqrt(10) * 0.01, r.cfg().noise().inputSd(), 1e-15);
        assertEquals(0.2, r.cfg().noise().inputBaseline(), 1e-15);
        PycogConnectivity s = PycogTaskDefaults.structure(r.task(), r.spec());
        RateNetwork net = NetworkInit.draw(r.spec(), r.cfg().seed(), 0, s);
        assertEquals(5.0, net.tau()[0], 1e-12);       // τ/Δt = 100/20
        assertEquals(20, net.inhibitoryCount());
        PycogConnectivity pools = Structures.rdmFixed(100);
        assertArrayEquals(nonZero(pools.cIn()), net.cIn);
        assertArrayEquals(nonZero(pools.cOut()), net.cOut);
        assertArrayEquals(nonZero(pools.cRec()), net.somMask);
        double[] wIn = net.effectiveInput();
        double[] wRec = net.effectiveRecurrent();
        for (int p = 0; p < wIn.length; p++) {
            assertTrue(pools.cIn()[p] != 0 || wIn[p] == 0, "input weight outside C_in at " + p);
        }
        for (int p = 0; p < wRec.length; p++) {
            assertTrue(pools.cRec()[p] != 0 || wRec[p] == 0, "recurrent weight outside C_rec at " + p);
            assertTrue(p % 100 < 80 ? wRec[p] >= 0 : wRec[p] <= 0, "Dale sign at " + p);
        }
    }

    @Test
    void flagsWinAndManteIsPycogsUnderSong2016(@TempDir Path dir) throws Exception {
        TrainCommand.Run m = run("--model", "song2016", "--task", "mante", "--N", "30", "--batch", "3",
                "--noise-sd", "0.01", "--output_dir", dir.toString());
        assertEquals(6, m.spec().inputs());
        assertEquals(30, m.spec().n());
        assertEquals(3, m.cfg().batch());
        assertEquals(0.01, m.cfg().noise().noiseSd(), 1e-15);
        assertEquals(50, run("--model", "song2016", "--task", "mante", "--output_dir", dir.toString()).cfg().batch());
        assertEquals(4, run("--task", "mante", "--output_dir", dir.toString()).spec().inputs());
        TrainCommand.Run lee = run("--model", "song2016", "--task", "lee", "--output_dir", dir.toString());
        assertEquals(200, lee.spec().n());
        assertEquals(5.0, lee.spec().taus().min(), 1e-12);
        assertFalse(lee.spec().options().trainX0());
        assertEquals(0.01, lee.cfg().noise().noiseSd(), 1e-15);
        assertEquals(Math.sqrt(20) * 0.01, lee.cfg().noise().inputSd(), 1e-15);   // τ_in 100 ms, Δt 10 ms
        assertFalse(run("--model", "song2016", "--task", "rdm_nodale", "--output_dir", dir.toString()).spec()
                .applyDale());
    }

    @Test
    void sinewaveTrainsSavesAndReadsBack(@TempDir Path dir) throws IOException {
        String[] r = Cli.run("train", "--model", "song2016", "--task", "sinewave", "--n_trials", "2", "--device",
                "cpu", "--output_dir", dir.toString());
        assertEquals("0", r[0], r[1]);
        try (Stream<Path> files = Files.walk(dir)) {
            Path model = files.filter(p -> p.toString().endsWith(".mat")).findFirst().orElseThrow();
            ModelRecord rec = MatModelFile.read(model).record();
            assertEquals("sinewave", rec.task());
            assertEquals(0, rec.network().spec.inputs());
            assertTrue(rec.network().spec.options().trainBRec() && rec.network().spec.options().trainBOut());
            assertFalse(rec.network().spec.options().trainX0());
            assertEquals(0.05, ((Number) rec.extras().get("noise_sd")).doubleValue(), 1e-12);
            assertEquals(1, ((Number) rec.extras().get("batch")).intValue());
        }
    }

    @Test
    void badCombinationsExitTwo() {
        String[] r = Cli.run("train", "--model", "song2016", "--task", "romo", "--N", "50", "--n_trials", "1");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("--N 50 does not fit task romo"), r[1]);
        r = Cli.run("train", "--task", "rdm_dense", "--n_trials", "1");
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("--model song2016"), r[1]);
    }

    private static double[] nonZero(double[] c) {
        double[] m = new double[c.length];
        for (int p = 0; p < c.length; p++) {
            m[p] = c[p] != 0 ? 1 : 0;
        }
        return m;
    }
}
