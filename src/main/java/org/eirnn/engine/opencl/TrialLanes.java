package org.eirnn.engine.opencl;

import org.eirnn.task.TrialBatch;

import java.util.function.IntUnaryOperator;

/**
 * Where the trials of a batch ride in the lane layout of the rate kernels: trial b sits in slot s = tile·lanes + lane,
 * and a per-trial sequence of `length` values is stored [tile][index][lane]. The forward session and the training
 * half place trials differently (the slot function); packing the batch and reading results back is the same.
 */
final class TrialLanes {
    private final int tiles;
    private final int lanes;
    private final IntUnaryOperator slotOfTrial;

    /** @param slotOfTrial batch trial index → slot; slots no trial maps to are padding */
    TrialLanes(int tiles, int lanes, IntUnaryOperator slotOfTrial) {
        this.tiles = tiles;
        this.lanes = lanes;
        this.slotOfTrial = slotOfTrial;
    }

    int slot(int trial) {
        return slotOfTrial.applyAsInt(trial);
    }

    /** Index of value 0 of trial b in a [tile][length][lane] array; value i is {@code lanes · i} further. */
    private int base(int trial, int length) {
        int s = slot(trial);
        return s / lanes * length * lanes + s % lanes;
    }

    /**
     * Writes u [tile][t][c][lane], targets [tile][t][lane] and trial ids [tile][lane]; padding lanes get zeros
     * (finite dummy trials, dropped or weighted 0 by the kernels).
     */
    void write(TrialBatch batch, ClBuffer.Floats u, ClBuffer.Floats target, ClBuffer.Ints trialIds) {
        int steps = batch.steps();
        int nIn = batch.inputs();
        float[] uDev = new float[tiles * steps * nIn * lanes];
        float[] zDev = new float[tiles * steps * lanes];
        int[] ids = new int[tiles * lanes];
        for (int b = 0; b < batch.trials(); b++) {
            ids[slot(b)] = (int) batch.trialIds()[b]; // counter word 2 is the id's low 32 bits, as in Java
            int zAt = base(b, steps);
            int uAt = base(b, steps * nIn);
            for (int t = 0; t < steps; t++) {
                zDev[zAt + t * lanes] = (float) batch.target(b, t);
                for (int c = 0; c < nIn; c++) {
                    uDev[uAt + (t * nIn + c) * lanes] = (float) batch.u(b, c, t);
                }
            }
        }
        u.write(uDev);
        target.write(zDev);
        trialIds.write(ids);
    }

    /** The `length` values per trial of a [tile][length][lane] array, in [trial][index] order, padding dropped. */
    double[] read(float[] device, int trials, int length) {
        double[] out = new double[trials * length];
        for (int b = 0; b < trials; b++) {
            int at = base(b, length);
            for (int i = 0; i < length; i++) {
                out[b * length + i] = device[at + i * lanes];
            }
        }
        return out;
    }
}
