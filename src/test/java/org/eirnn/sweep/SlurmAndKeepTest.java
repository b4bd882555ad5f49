package org.eirnn.sweep;

import org.eirnn.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sbatch script, the device a SLURM task picks, and --keep filters. */
class SlurmAndKeepTest {
    private static final List<SlurmArray.Device> NODE = List.of(
            new SlurmArray.Device("opencl:0:0", "Portable Computing Language", false),
            new SlurmArray.Device("opencl:1:0", "NVIDIA CUDA", true),
            new SlurmArray.Device("opencl:1:1", "NVIDIA CUDA", true),
            new SlurmArray.Device("opencl:2:0", "AMD Accelerated Parallel Processing", true));

    private static String device(Map<String, String> env, List<SlurmArray.Device> devices) {
        return SlurmArray.device(env, devices, new ArrayList<>());
    }

    @Test
    void scriptIsAnArrayWithAConcurrencyLimitAndRunsOneLaunchPerTask() {
        String s = SlurmArray.script("/shared/my sweep", 6, new SlurmArray.Request(3, true, "01:00:00", "gpu", 4,
                "/opt/eirnn/tools/eirnn"));
        assertTrue(s.startsWith("#!/bin/bash\n"));
        assertTrue(s.contains("\n#SBATCH --array=0-5%3\n"), s);
        assertTrue(s.contains("\n#SBATCH --gres=gpu:1\n") && s.contains("\n#SBATCH --time=01:00:00\n")
                && s.contains("\n#SBATCH --partition=gpu\n") && s.contains("\n#SBATCH --cpus-per-task=4\n"), s);
        assertTrue(s.contains("\nexec /opt/eirnn/tools/eirnn sweep --output_dir '/shared/my sweep' --run-index "
                + "\"$SLURM_ARRAY_TASK_ID\" --devices slurm\n"), s);
        String cpu = SlurmArray.script("/d", 1, new SlurmArray.Request(8, false, null, null, null, "eirnn"));
        assertTrue(cpu.contains("--array=0-0%8") && !cpu.contains("--gres") && !cpu.contains("--time"), cpu);
        assertThrows(InvalidInputException.class, () -> new SlurmArray.Request(0, false, null, null, null, "e"));
    }

    @Test
    void deviceFromWhatSlurmHandsOver() {
        assertEquals("auto", device(Map.of(), NODE));
        assertEquals("opencl:1:0", device(Map.of("CUDA_VISIBLE_DEVICES", "1", "SLURM_JOB_GPUS", "1"), NODE),
                "NVIDIA OpenCL shows only the visible CUDA device, as its device 0");
        List<SlurmArray.Device> amd = List.of(new SlurmArray.Device("opencl:0:0", "AMD APP", true),
                new SlurmArray.Device("opencl:0:1", "AMD APP", true));
        assertEquals("opencl:0:1", device(Map.of("SLURM_JOB_GPUS", "1"), amd));
        assertEquals("opencl:0:1", device(Map.of("SLURM_STEP_GPUS", "1,0", "SLURM_JOB_GPUS", "0,1"), amd));
        assertEquals("opencl:0:0", device(Map.of("SLURM_JOB_GPUS", "3"), amd), "cgroups hide the others");
        assertEquals("opencl:0:0", device(Map.of("SLURM_JOB_GPUS", "1"), amd.subList(0, 1)));
        List<String> notes = new ArrayList<>();
        assertEquals("auto", SlurmArray.device(Map.of("SLURM_JOB_GPUS", "0"), NODE.subList(0, 1), notes));
        assertTrue(notes.get(0).contains("no OpenCL GPU is visible"), notes.toString());
    }

    @Test
    void keepFilters() {
        KeepFilter f = KeepFilter.parse("perf>0.95, rate<100Hz,trials<=2000");
        Map<String, Double> good = Map.of("eval_perf_mean", 0.96, "firing_rate_hz", 12.0, "tr", 1501.0);
        assertTrue(f.keeps(good::get));
        assertFalse(f.keeps(c -> c.equals("eval_perf_mean") ? 0.95 : good.get(c)));
        assertFalse(f.keeps(c -> c.equals("firing_rate_hz") ? 100.0 : good.get(c)));
        assertFalse(f.keeps(c -> c.equals("firing_rate_hz") ? Double.NaN : good.get(c)), "no spike-eval: not kept");
        assertTrue(KeepFilter.parse("spike_perf>=0.9").keeps(c -> c.equals("spiking_accuracy") ? 0.9 : 0));
        assertTrue(KeepFilter.parse("N!=200").keeps(c -> 100));
        assertTrue(assertThrows(InvalidInputException.class, () -> KeepFilter.parse("perf>>1")).getMessage()
                .startsWith("--keep 'perf>>1' is not valid"));
        String missing = assertThrows(InvalidInputException.class,
                () -> KeepFilter.parse("rate<100Hz").check(List.of("tr", "eval_perf_mean"))).getMessage();
        assertTrue(missing.startsWith("--keep: no column 'firing_rate_hz' in the summary"), missing);
    }
}
