package org.eirnn.engine.cpu;

import org.ejml.data.DMatrixRMaj;

/**
 * One network's forward pass over its B trials, one B×· matrix per step (row b = trial b): states x_t, rates r_t,
 * conditioned inputs ũ_t, outputs z_t (t ≥ 1), and the drive W_rec r_{t−1} + W_in ũ_{t−1} + b_rec (t ≥ 1; kept
 * only when α is trained, whose gradient needs it).
 */
record ForwardStates(int trials, int steps, DMatrixRMaj[] x, DMatrixRMaj[] r, DMatrixRMaj[] u, DMatrixRMaj[] z,
                     DMatrixRMaj[] drive) {

    static ForwardStates allocate(int trials, int steps, int n, int nIn, int nOut, boolean keepDrive) {
        DMatrixRMaj[] x = new DMatrixRMaj[steps];
        DMatrixRMaj[] r = new DMatrixRMaj[steps];
        DMatrixRMaj[] u = new DMatrixRMaj[steps];
        DMatrixRMaj[] z = new DMatrixRMaj[steps];
        DMatrixRMaj[] drive = keepDrive ? new DMatrixRMaj[steps] : null;
        for (int t = 0; t < steps; t++) {
            x[t] = new DMatrixRMaj(trials, n);
            r[t] = new DMatrixRMaj(trials, n);
            u[t] = new DMatrixRMaj(trials, nIn);
            z[t] = new DMatrixRMaj(trials, nOut);
            if (keepDrive) {
                drive[t] = new DMatrixRMaj(trials, n);
            }
        }
        return new ForwardStates(trials, steps, x, r, u, z, drive);
    }
}
