package org.eirnn.task.pycog;

import org.eirnn.model.PycogConnectivity;

/**
 * What a pycog task asks of its network and training (its model file's module-level settings, spec peers §1.6–1.7),
 * for the song2016 network builder and trainer.
 *
 * @param n             units N
 * @param inputs        input channels N_in
 * @param outputs       output channels N_out
 * @param tauMs         time constant τ (ms)
 * @param dtMs          the step Δt (ms) the task's trials are drawn at (training: τ/5)
 * @param sigmaRec      recurrent noise σ_rec (√var_rec; pycog's default 0.15)
 * @param sigmaIn       input noise σ_in (√var_in, 0.01)
 * @param tauInMs       input noise time constant τ_in (100 ms)
 * @param baselineIn    constant input baseline (0.2)
 * @param dale          Dale's principle (pycog's ei given): 80 % excitatory units first
 * @param connectivity  the task's C_in, C_rec, C_out (null entries: pycog's defaults)
 * @param trainBRec     b_rec trained (sinewave)
 * @param trainBOut     b_out trained (sinewave)
 * @param continuous    pycog's continuous mode (gradient minibatch 1, x0 not trained: sinewave, lee)
 * @param nGradient     gradient minibatch (20; mante 50)
 * @param nValidation   validation trials (100 × (conditions + 1) for the 2AFC tasks)
 */
public record PycogSetup(int n, int inputs, int outputs, double tauMs, double dtMs, double sigmaRec, double sigmaIn,
                         double tauInMs, double baselineIn, boolean dale, PycogConnectivity connectivity,
                         boolean trainBRec, boolean trainBOut, boolean continuous, int nGradient, int nValidation) {
    /** pycog's defaults (defaults.py, spec peers §1.6). */
    public static final double SIGMA_REC = 0.15;
    public static final double SIGMA_IN = 0.01;
    public static final double TAU_IN_MS = 100;
    public static final double BASELINE_IN = 0.2;

    public PycogSetup {
        if (!(dtMs > 0) || !(tauMs > 0)) {
            throw new IllegalArgumentException("dt " + dtMs + " and tau " + tauMs + " must be positive");
        }
    }

    /** A dense default task at pycog's default noise, time constants and minibatches. */
    static PycogSetup standard(int n, int inputs, int outputs, double tauMs, double dtMs, boolean dale,
                               PycogConnectivity connectivity, int nValidation) {
        return new PycogSetup(n, inputs, outputs, tauMs, dtMs, SIGMA_REC, SIGMA_IN, TAU_IN_MS, BASELINE_IN, dale,
                connectivity, false, false, false, 20, nValidation);
    }

    /** α = Δt/τ. */
    public double alpha() {
        return dtMs / tauMs;
    }

    /** τ in steps of Δt (what --decay_taus takes). */
    public double tauSteps() {
        return tauMs / dtMs;
    }

    /** Per-step input noise √(2τ_in/Δt)·σ_in (spec peers §1.1; 0.0316 at Δt 20 ms). */
    public double inputNoisePerStep() {
        return Math.sqrt(2 * tauInMs / dtMs) * sigmaIn;
    }

    PycogSetup withNoise(double sigma) {
        return new PycogSetup(n, inputs, outputs, tauMs, dtMs, sigma, sigmaIn, tauInMs, baselineIn, dale,
                connectivity, trainBRec, trainBOut, continuous, nGradient, nValidation);
    }

    PycogSetup withMinibatch(int gradient) {
        return new PycogSetup(n, inputs, outputs, tauMs, dtMs, sigmaRec, sigmaIn, tauInMs, baselineIn, dale,
                connectivity, trainBRec, trainBOut, continuous, gradient, nValidation);
    }

    PycogSetup continuousMode(boolean bRec, boolean bOut) {
        return new PycogSetup(n, inputs, outputs, tauMs, dtMs, sigmaRec, sigmaIn, tauInMs, baselineIn, dale,
                connectivity, bRec, bOut, true, 1, nValidation);
    }
}
