package org.eirnn.sweep;

import org.eirnn.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SLURM job arrays for a sweep: the sbatch script (array task p runs launch p with
 * {@code eirnn sweep --output_dir DIR --run-index $SLURM_ARRAY_TASK_ID --devices slurm}), and the choice of the
 * OpenCL device from what SLURM hands a task.
 */
public final class SlurmArray {
    private SlurmArray() {
    }

    /**
     * What the sbatch script asks for.
     *
     * @param maxRunning    the array's concurrency limit (the % of --array)
     * @param gpu           ask for one GPU per task (--gres=gpu:1)
     * @param time          --time, or null
     * @param partition     --partition, or null
     * @param cpusPerTask   --cpus-per-task, or null
     * @param launcher      the command that runs eirnn on the nodes (tools/eirnn, or java -cp … org.eirnn.cli.Main)
     */
    public record Request(int maxRunning, boolean gpu, String time, String partition, Integer cpusPerTask,
                          String launcher) {
        public Request {
            InvalidInputException.require(maxRunning >= 1, () -> "--max-running " + maxRunning
                    + " is not valid: expected >= 1");
        }
    }

    /** The sbatch script of a sweep with {@code launches} launches whose folder is {@code dir} (absolute). */
    public static String script(String dir, int launches, Request r) {
        List<String> s = new ArrayList<>();
        s.add("#!/bin/bash");
        s.add("# eirnn sweep: one array task per launch (launch p = array task p). Resubmit a failed task alone with");
        s.add("#   sbatch --array=P " + quote(dir + "/sweep.sbatch"));
        s.add("#SBATCH --job-name=eirnn-sweep");
        s.add(String.format(Locale.ROOT, "#SBATCH --array=0-%d%%%d", launches - 1, r.maxRunning()));
        s.add("#SBATCH --output=" + dir + "/slurm/%A_%a.out");
        if (r.gpu()) {
            s.add("#SBATCH --gres=gpu:1");
        }
        if (r.time() != null) {
            s.add("#SBATCH --time=" + r.time());
        }
        if (r.partition() != null) {
            s.add("#SBATCH --partition=" + r.partition());
        }
        if (r.cpusPerTask() != null) {
            s.add("#SBATCH --cpus-per-task=" + r.cpusPerTask());
        }
        s.add("set -euo pipefail");
        s.add("echo \"eirnn sweep: array task ${SLURM_ARRAY_TASK_ID} on $(hostname),"
                + " CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES:-} SLURM_JOB_GPUS=${SLURM_JOB_GPUS:-}\"");
        s.add("exec " + r.launcher() + " sweep --output_dir " + quote(dir)
                + " --run-index \"$SLURM_ARRAY_TASK_ID\" --devices slurm");
        return String.join("\n", s) + "\n";
    }

    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    /** An OpenCL device as far as the choice needs it. */
    public record Device(String spec, String platform, boolean gpu) {
    }

    /**
     * The --device of an array task. Without GPU variables (no --gres): auto. With CUDA_VISIBLE_DEVICES and an NVIDIA
     * OpenCL platform: that platform's first GPU (NVIDIA's OpenCL driver shows only the visible CUDA devices, so its
     * device 0 is the one SLURM gave). Otherwise the first ordinal of SLURM_STEP_GPUS / SLURM_JOB_GPUS /
     * CUDA_VISIBLE_DEVICES counted among the OpenCL GPUs in platform order; when the node shows fewer GPUs (cgroups
     * hide the others) the first GPU. No OpenCL GPU: auto, with the reason in {@code notes}.
     */
    public static String device(Map<String, String> env, List<Device> devices, List<String> notes) {
        String cuda = env.get("CUDA_VISIBLE_DEVICES");
        String ordinals = firstSet(env, "SLURM_STEP_GPUS", "SLURM_JOB_GPUS", "CUDA_VISIBLE_DEVICES");
        if (ordinals == null) {
            notes.add("no GPU was allocated to this task (no SLURM_JOB_GPUS / CUDA_VISIBLE_DEVICES): device auto");
            return "auto";
        }
        List<Device> gpus = devices.stream().filter(Device::gpu).toList();
        if (gpus.isEmpty()) {
            notes.add("SLURM allocated GPU " + ordinals + " but no OpenCL GPU is visible: device auto");
            return "auto";
        }
        if (cuda != null && !cuda.isBlank()) {
            for (Device d : gpus) {
                if (d.platform().toUpperCase(Locale.ROOT).contains("NVIDIA")) {
                    notes.add("CUDA_VISIBLE_DEVICES=" + cuda + ": NVIDIA OpenCL shows only that GPU: " + d.spec());
                    return d.spec();
                }
            }
        }
        int first;
        try {
            first = Integer.parseInt(ordinals.split(",")[0].trim());
        } catch (NumberFormatException e) {
            notes.add("GPU ordinals '" + ordinals + "' are not numbers: the first OpenCL GPU " + gpus.get(0).spec());
            return gpus.get(0).spec();
        }
        Device d = first < gpus.size() && gpus.size() > 1 ? gpus.get(first) : gpus.get(0);
        notes.add("SLURM GPU " + first + " of " + ordinals + ": OpenCL GPU " + d.spec());
        return d.spec();
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank() && !v.equals("NoDevFiles")) {
                return v;
            }
        }
        return null;
    }
}
