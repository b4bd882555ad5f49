package org.eirnn.task.pycog;

import org.eirnn.model.PycogConnectivity;
import org.eirnn.rng.RandomKey;
import org.eirnn.task.TrialPurpose;

/**
 * pycog's sinewave (spec peers §1.7): no input, one output whose target is 0.9·sin(2πt/P) with period P = 8τ
 * (800 ms at τ = 100) at every step t = (k+1)·Δt of a 2P trial (1600 ms), all masked in. N = 100, var_rec 0.05²,
 * b_rec and b_out trained, continuous mode, 50 validation trials; stop at RMSE ≤ 0.05. There are no conditions and
 * every trial is the same. Readout from every unit (E positive, I negative): pycog's sinewave.py, like lee.py, sets
 * no Cout.
 */
public final class SinewaveTask extends ContinuousTask {
    public SinewaveTask(double dtMs, double tauMs) {
        super("sinewave", dtMs, tauMs);
    }

    public double periodMs() {
        return 8 * tauMs();
    }

    @Override
    PycogSetup buildSetup() {
        return PycogSetup.standard(100, 0, 1, tauMs(), dtMs(), true, PycogConnectivity.readoutFromEveryUnit(1, 100),
                50).withNoise(0.05)
                .continuousMode(true, true);
    }

    @Override
    int longestTrial(TrialPurpose purpose) {
        return steps(2 * periodMs());
    }

    @Override
    int drawTrial(RandomKey key, long trial, TrialPurpose purpose, TrialWriter w) {
        int length = longestTrial(purpose);
        for (int k = 0; k < length; k++) {
            double t = (k + 1) * dtMs();
            w.target(0, new Span(k, k + 1), 0.9 * Math.sin(2 * Math.PI * t / periodMs()));
        }
        w.mask(new Span(0, length));
        return 0;
    }
}
