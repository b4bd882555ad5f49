package org.eirnn.engine.opencl;

import org.eirnn.task.TrialBatch;

/**
 * Where the K·B trials of a batch ride in the lane layout of the rate kernels, for the forward session and the
 * training kernels alike. Batch trial {@code trial} belongs to network k = trial / B; it sits in slot
 * s = tile·lanes + lane, and a per-trial sequence of {@code length} values is stored [tile][index][lane].
 * Slots no trial maps to are padding: finite dummy trials whose results are dropped or weighted 0.
 *
 * <ul>
 * <li>Per network (the forward kernel, and training with B ≥ VW or one network): network k owns the
 *     G = ⌈B/lanes⌉ tiles k·G … k·G + G − 1, and its trial b rides in tile k·G + b / lanes, lane b % lanes.</li>
 * <li>Network lanes (training with several networks and B &lt; VW, spikeRNN's B = 1 ensembles): the (network,
 *     trial) pairs fill the lanes in batch order, slot = k·B + b, and every lane reads its own network's
 *     weights.</li>
 * </ul>
 *
 * @param lanes        trials per tile (the vector lanes of one work-group)
 * @param networkLanes whether one tile holds trials of several networks
 * @param tileGroup    tiles per work-group of the training kernels in the GPU shape (1 otherwise): each network's
 *                     tiles are padded to a multiple of it with tiles of padding slots, so that a work-group's tiles
 *                     share one network's weights (1 with network lanes)
 */
record TrialLayout(int networks, int trialsPerNetwork, int lanes, boolean networkLanes, int tileGroup) {

    TrialLayout {
        if (networks < 1 || trialsPerNetwork < 1 || lanes < 1 || tileGroup < 1 || networkLanes && tileGroup > 1) {
            throw new IllegalArgumentException("trial layout of " + networks + " networks × " + trialsPerNetwork
                    + " trials in " + lanes + " lanes, " + tileGroup + " tiles per group");
        }
    }

    TrialLayout(int networks, int trialsPerNetwork, int lanes, boolean networkLanes) {
        this(networks, trialsPerNetwork, lanes, networkLanes, 1);
    }

    /** The forward kernel's layout: tiles of {@code lanes} trials of one network. */
    static TrialLayout perNetwork(int networks, int trialsPerNetwork, int lanes) {
        return new TrialLayout(networks, trialsPerNetwork, lanes, false);
    }

    /**
     * The training kernels' layout on vectors of {@code vectorWidth} lanes: network lanes when several networks
     * have fewer trials than lanes; otherwise tiles of one network, narrowed to the smallest power of two ≥ B.
     */
    static TrialLayout forTraining(int networks, int trialsPerNetwork, int vectorWidth) {
        return forTraining(networks, trialsPerNetwork, vectorWidth, 1);
    }

    /**
     * As {@link #forTraining(int, int, int)} with up to {@code slices} tiles of one network per work-group (the GPU
     * shape's vector groups): the power of two ≥ the network's tiles, at most {@code slices}; 1 with network lanes.
     */
    static TrialLayout forTraining(int networks, int trialsPerNetwork, int vectorWidth, int slices) {
        boolean netLanes = networks > 1 && trialsPerNetwork < vectorWidth;
        int lanes = netLanes ? vectorWidth : Math.min(vectorWidth, lanesFor(trialsPerNetwork));
        int group = netLanes ? 1 : Math.min(slices, lanesFor((trialsPerNetwork + lanes - 1) / lanes));
        return new TrialLayout(networks, trialsPerNetwork, lanes, netLanes, group);
    }

    /** The smallest power of two ≥ B: lanes past B would only carry padding. */
    static int lanesFor(int trialsPerNetwork) {
        int v = 1;
        while (v < trialsPerNetwork) {
            v *= 2;
        }
        return v;
    }

    /** K·B, the trials of a batch. */
    int trials() {
        return networks * trialsPerNetwork;
    }

    /** Tiles per network (G = ⌈B/lanes⌉, rounded up to a multiple of the tile group) of the per-network layout. */
    int tilesPerNetwork() {
        int g = (trialsPerNetwork + lanes - 1) / lanes;
        return (g + tileGroup - 1) / tileGroup * tileGroup;
    }

    /** Tiles of the whole batch. */
    int tiles() {
        return networkLanes ? (trials() + lanes - 1) / lanes : networks * tilesPerNetwork();
    }

    /** Slots of the whole batch, padding included: tiles · lanes. */
    int slots() {
        return tiles() * lanes;
    }

    /** The slot (tile·lanes + lane) of batch trial {@code trial}. */
    int slot(int trial) {
        if (networkLanes) {
            return trial;
        }
        int k = trial / trialsPerNetwork;
        int b = trial % trialsPerNetwork;
        return (k * tilesPerNetwork() + b / lanes) * lanes + b % lanes;
    }

    /** The batch trial in {@code slot}, or −1 for a padding slot: the inverse of {@link #slot}. */
    int trialAt(int slot) {
        if (networkLanes) {
            return slot < trials() ? slot : -1;
        }
        int tile = slot / lanes;
        int b = tile % tilesPerNetwork() * lanes + slot % lanes;
        return b < trialsPerNetwork ? tile / tilesPerNetwork() * trialsPerNetwork + b : -1;
    }

    /** Index of value 0 of a trial in a [tile][length][lane] array; value i is {@code lanes · i} further. */
    private int base(int trial, int length) {
        int s = slot(trial);
        return s / lanes * length * lanes + s % lanes;
    }

    /** The network of each slot's trial, 0 for padding slots, in [tile][lane] layout (the key of its noise draws). */
    int[] slotNetworks() {
        int[] k = new int[slots()];
        for (int trial = 0; trial < trials(); trial++) {
            k[slot(trial)] = trial / trialsPerNetwork;
        }
        return k;
    }

    /** 1/B for real trials, 0 for padding slots, in [tile][lane] layout (the loss weight of each lane). */
    float[] laneWeights() {
        float[] w = new float[slots()];
        for (int trial = 0; trial < trials(); trial++) {
            w[slot(trial)] = 1.0f / trialsPerNetwork;
        }
        return w;
    }

    /**
     * Writes u [tile][t][c][lane], targets [tile][output][t][lane] and trial ids [tile][lane]; padding lanes get
     * zeros (finite dummy trials, dropped or weighted 0 by the kernels).
     */
    void write(TrialBatch batch, ClBuffer.Floats u, ClBuffer.Floats target, ClBuffer.Ints trialIds) {
        int steps = batch.steps();
        int nIn = batch.inputs();
        float[] uDev = new float[slots() * steps * nIn];
        int[] ids = new int[slots()];
        for (int b = 0; b < batch.trials(); b++) {
            ids[slot(b)] = (int) batch.trialIds()[b]; // counter word 2 is the id's low 32 bits, as in Java
            int uAt = base(b, steps * nIn);
            for (int t = 0; t < steps; t++) {
                for (int c = 0; c < nIn; c++) {
                    uDev[uAt + (t * nIn + c) * lanes] = (float) batch.u(b, c, t);
                }
            }
        }
        u.write(uDev);
        target.write(perOutput(batch, batch::target));
        trialIds.write(ids);
    }

    /** One value per (trial, output, step) of the batch. */
    private interface PerOutput {
        double at(int trial, int output, int t);
    }

    /** {@code v} in [tile][output][t][lane] layout (t the target index), padding lanes 0. */
    private float[] perOutput(TrialBatch batch, PerOutput v) {
        int steps = batch.steps();
        int nOut = batch.outputs();
        float[] dev = new float[slots() * nOut * steps];
        for (int b = 0; b < batch.trials(); b++) {
            int at = base(b, nOut * steps);
            for (int c = 0; c < nOut; c++) {
                for (int t = 0; t < steps; t++) {
                    dev[at + (c * steps + t) * lanes] = (float) v.at(b, c, t);
                }
            }
        }
        return dev;
    }

    /** Writes the loss mask M [tile][output][t][lane] (t the target index, as the targets), padding lanes 0. */
    void writeMask(TrialBatch batch, ClBuffer.Floats mask) {
        mask.write(perOutput(batch, batch::mask));
    }

    /**
     * Each trial's Σ M over its outputs and output steps (target indices 0 … T−2), and at {@code [trials()]} onwards
     * each network's sum: the normalisers of the masked MSE and cross-entropy losses (Σ M ℓ / Σ M).
     */
    double[] maskSums(TrialBatch batch) {
        int len = batch.steps() - 1;
        double[] sums = new double[trials() + networks];
        for (int b = 0; b < trials(); b++) {
            for (int c = 0; c < batch.outputs(); c++) {
                for (int t = 0; t < len; t++) {
                    sums[b] += batch.mask(b, c, t);
                }
            }
            sums[trials() + b / trialsPerNetwork] += sums[b];
        }
        return sums;
    }

    /** 1/Σ M of the trial's network for real trials (0 when that sum is 0), 0 for padding slots; [tile][lane]. */
    float[] maskedLaneWeights(double[] maskSums) {
        float[] w = new float[slots()];
        for (int trial = 0; trial < trials(); trial++) {
            double sum = maskSums[trials() + trial / trialsPerNetwork];
            w[slot(trial)] = sum > 0 ? (float) (1.0 / sum) : 0.0f;
        }
        return w;
    }

    /** The {@code length} values per trial of a [tile][length][lane] array, in [trial][index] order, padding dropped. */
    double[] read(float[] device, int length) {
        double[] out = new double[trials() * length];
        for (int b = 0; b < trials(); b++) {
            int at = base(b, length);
            for (int i = 0; i < length; i++) {
                out[b * length + i] = device[at + i * lanes];
            }
        }
        return out;
    }
}
