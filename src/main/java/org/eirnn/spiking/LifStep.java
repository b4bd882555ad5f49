package org.eirnn.spiking;

/**
 * The reference semantics of one step of {@code LIF_network_fnc.m} (spec §4.4), in double precision, for one trial,
 * written as Brian2-style named operations in the order MATLAB executes them:
 * <ol>
 * <li>{@link #stateUpdate}: I = (IPSC + BIAS) + ext; dv = [dt·i > tlast + tref]·(I − v)/tm;
 *     v ← v + dt·dv + noise; then the artificial stimulation kick;</li>
 * <li>{@link #threshold}: spk = [v ≥ vpeak];</li>
 * <li>{@link #propagate}: JD = Σ_{j spiking, ascending} W(:, j), or 0 when nothing spiked;</li>
 * <li>{@link #filter}: IPSC ← IPSC·e^(−dt/td) + h·dt; h ← h·e^(−dt/tr) + JD/(tr·td);
 *     r ← r·e^(−dt/td) + hr·dt; hr ← hr·e^(−dt/tr) + spk/(tr·td), each right-hand side from the previous step;</li>
 * <li>{@link #reset}: tlast ← tlast + (dt·i − tlast) and v ← vreset for spiking units (REC shows +30 there).</li>
 * </ol>
 * A spike at step i enters h at step i, IPSC at i+1 and v at i+2. {@link #step} never modifies {@code before};
 * every simulator (the batched CPU one, the OpenCL kernel) is tested against repeated calls of it.
 */
public final class LifStep {
    private LifStep() {
    }

    /** Per-network constants of the step, computed once: decay factors and tr·td. */
    public record Constants(LifParams params, LifNetwork net, double[] decay, double riseDecay, double[] trTd) {
        public static Constants of(LifParams p, LifNetwork net) {
            double[] decay = new double[net.n()];
            double[] trTd = new double[net.n()];
            for (int i = 0; i < decay.length; i++) {
                decay[i] = p.decay(net.td()[i]);
                trTd[i] = p.tr() * net.td()[i];
            }
            return new Constants(p, net, decay, p.riseDecay(), trTd);
        }
    }

    /**
     * Advances one trial over MATLAB step {@code i} (1-based).
     *
     * @param ext     ext_stim column held at step i (w_in·u(:, round(i/100)+1))
     * @param noise   this step's voltage noise per unit, mV (already scaled by the SD)
     * @param kick    the stimulation added to {@code kicked} units this step (0 for none)
     * @param jd      scratch N-vector, receives JD
     * @param after   receives the new state (must not alias {@code before})
     */
    public static void step(Constants k, int i, double[] ext, double[] noise, double kick, boolean[] kicked,
                            LifState before, LifState after, double[] jd) {
        stateUpdate(k.params(), i, ext, noise, kick, kicked, before, after.v());
        boolean any = threshold(k.params(), after.v(), after.spiked());
        propagate(k.net(), after.spiked(), any, jd);
        filter(k, jd, before, after);
        reset(k.params(), i, before, after);
    }

    /** Step 3–4 of spec §4.4: the membrane equation with the absolute refractory period, noise, stimulation. */
    static void stateUpdate(LifParams p, int i, double[] ext, double[] noise, double kick, boolean[] kicked,
                            LifState before, double[] vOut) {
        for (int n = 0; n < vOut.length; n++) {
            double current = before.ipsc()[n] + p.bias() + ext[n];
            double dv = p.integrates(i, before.tlast()[n]) ? (current - before.v()[n]) / p.tm() : 0.0;
            double v = before.v()[n] + p.dt() * dv + noise[n];
            if (kick != 0 && kicked[n]) {
                v += kick;
            }
            vOut[n] = v;
        }
    }

    /** Step 5: which units reached vpeak; returns whether any did. */
    static boolean threshold(LifParams p, double[] v, boolean[] spiked) {
        boolean any = false;
        for (int n = 0; n < v.length; n++) {
            spiked[n] = v[n] >= p.vpeak();
            any |= spiked[n];
        }
        return any;
    }

    /** Step 5 continued: JD = the column sum of W over this step's spiking units, in ascending order. */
    static void propagate(LifNetwork net, boolean[] spiked, boolean any, double[] jd) {
        java.util.Arrays.fill(jd, 0.0);
        if (!any) {
            return;
        }
        int n = net.n();
        for (int j = 0; j < n; j++) {
            if (spiked[j]) {
                for (int post = 0; post < n; post++) {
                    jd[post] += net.w()[post * n + j];
                }
            }
        }
    }

    /** Step 7: the double-exponential synaptic and rate filters, right-hand sides from the previous step. */
    static void filter(Constants k, double[] jd, LifState before, LifState after) {
        double dt = k.params().dt();
        for (int n = 0; n < jd.length; n++) {
            after.ipsc()[n] = before.ipsc()[n] * k.decay()[n] + before.h()[n] * dt;
            after.h()[n] = before.h()[n] * k.riseDecay() + jd[n] / k.trTd()[n];
            after.r()[n] = before.r()[n] * k.decay()[n] + before.hr()[n] * dt;
            after.hr()[n] = before.hr()[n] * k.riseDecay() + (after.spiked()[n] ? 1.0 : 0.0) / k.trTd()[n];
        }
    }

    /** Steps 6 and 9: refractory bookkeeping and the reset of spiking units. */
    static void reset(LifParams p, int i, LifState before, LifState after) {
        for (int n = 0; n < after.v().length; n++) {
            if (after.spiked()[n]) {
                after.tlast()[n] = p.nextTlast(before.tlast()[n], i);
                after.v()[n] = p.vreset();
            } else {
                after.tlast()[n] = before.tlast()[n];
            }
        }
    }

    /** What REC records for unit n of a state: +30 at spike steps, else the voltage (spec §4.4 step 9). */
    public static double recordedVoltage(LifParams p, LifState s, int n) {
        return s.spiked()[n] ? p.spikeValue() : s.v()[n];
    }

    /** The readout out(i) = (w_out/scaling_factor)·r, summed in ascending unit order. */
    public static double readout(double[] scaledWOut, double[] r) {
        double o = 0;
        for (int n = 0; n < r.length; n++) {
            o += scaledWOut[n] * r[n];
        }
        return o;
    }
}
