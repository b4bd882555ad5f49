package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;

/**
 * One network's forward pass over its B trials, one B×· matrix per step (row b = trial b): states x_t, rates r_t,
 * conditioned inputs ũ_t, outputs z_t (t ≥ 1), and the drive W_rec r_{t−1} + W_in ũ_{t−1} + b_rec (t ≥ 1; kept
 * only when α is trained, whose gradient needs it). Without {@code keep} (a forward pass nobody differentiates)
 * x, r and the drive live in two alternating slots, so memory does not grow with T. {@link #plainRates} says that
 * r_t = f(x_t) exactly (no post-activation noise), so BPTT may take f' from r where that is the same number.
 */
final class ForwardStates {
    private final int trials;
    private final int steps;
    private final boolean keep;
    private final boolean keepDrive;
    private final int n;
    private boolean plainRates;
    private final DMatrixRMaj[] x;
    private final DMatrixRMaj[] r;
    private final DMatrixRMaj[] drive;
    final DMatrixRMaj[] u;
    final DMatrixRMaj[] z;

    private ForwardStates(int trials, int steps, int n, int nIn, int nOut, boolean keep, boolean keepDrive,
                          boolean plainRates) {
        this.trials = trials;
        this.steps = steps;
        this.keep = keep;
        this.keepDrive = keepDrive;
        this.n = n;
        this.plainRates = plainRates;
        int slots = keep ? steps : 2;
        x = matrices(slots, trials, n);
        r = matrices(slots, trials, n);
        drive = keepDrive ? matrices(slots, trials, n) : null;
        u = matrices(steps, trials, nIn);
        z = matrices(steps, trials, nOut);
    }

    /** States for BPTT ({@code keep}) or for a plain forward pass. */
    static ForwardStates allocate(int trials, int steps, int n, int nIn, int nOut, boolean keep, boolean keepDrive,
                                  boolean plainRates) {
        return new ForwardStates(trials, steps, n, nIn, nOut, keep, keepDrive, plainRates);
    }

    /**
     * {@code old} when it has this shape (a training session's passes reuse their states: every value is written
     * again before it is read, and no half a gigabyte per update for the collector), else fresh states.
     */
    static ForwardStates reuse(ForwardStates old, int trials, int steps, int n, int nIn, int nOut, boolean keep,
                               boolean keepDrive, boolean plainRates) {
        if (old != null && old.trials == trials && old.steps == steps && old.n == n && old.u[0].numCols == nIn
                && old.z[0].numCols == nOut && old.keep == keep && old.keepDrive == keepDrive) {
            old.plainRates = plainRates;
            return old;
        }
        return allocate(trials, steps, n, nIn, nOut, keep, keepDrive, plainRates);
    }

    /** Whether r_t = f(x_t) exactly: no post-activation noise was added. */
    boolean plainRates() {
        return plainRates;
    }

    private static DMatrixRMaj[] matrices(int count, int rows, int cols) {
        DMatrixRMaj[] out = new DMatrixRMaj[count];
        for (int t = 0; t < count; t++) {
            out[t] = new DMatrixRMaj(rows, cols);
        }
        return out;
    }

    int trials() {
        return trials;
    }

    int steps() {
        return steps;
    }

    private int slot(int t) {
        return keep ? t : t & 1;
    }

    DMatrixRMaj x(int t) {
        return x[slot(t)];
    }

    DMatrixRMaj r(int t) {
        return r[slot(t)];
    }

    /** The drive D_t, or null when it is not kept. */
    DMatrixRMaj drive(int t) {
        return drive == null ? null : drive[slot(t)];
    }
}
