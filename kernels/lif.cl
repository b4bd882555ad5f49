// spikeRNN's LIF network (spec §4, MATLAB LIF_network_fnc.m), many trials at once: one work-item runs V trials
// of one network configuration in vector lanes through the whole time loop. Work-items are independent (no
// barrier): the CPU shape launches one-work-item groups of V = 16, the GPU shape groups of many work-items of V = 4
// (org.eirnn.engine.opencl.LifShape), so a GPU's warps carry trials in lockstep. The per-step operations are those of
// org.eirnn.spiking.LifStep (the reference) in the same order and with the same arithmetic, so with REAL_DOUBLE=1
// and no noise the results equal the CPU reference bit for bit. Needs philox.cl before it.
//
// Per step and unit (lif_unit_step), the operations of LifStep as inline functions of the same names:
// lif_propagate and lif_filter_synapse finish the previous step's synaptic filter (IPSC, h) from the previous
// step's spike list (propagate events, not a dense product), then lif_state_update (membrane + noise +
// stimulation), lif_threshold, lif_filter_rate (r, hr), lif_reset and lif_record (spike list, firing-rate count
// and the (step, unit, lane bits) events); lif_run adds the readout of the step.
//
// Refractoriness: MATLAB keeps tlast = tlast + (dt·i − tlast) at spikes and tests dt·i > tlast + tref every step.
// Here tlast is kept in TIME (double where the device has fp64, so exact) and, at each spike, turned into the
// first step that passes the test; the per-step test is then an integer compare.
//
// Build constants: V (lanes), REAL_DOUBLE, TIME_DOUBLE, N, INPUTS, DT, TM, TREF, REF_STEPS (floor(tref/dt)),
// VRESET, VPEAK, BIAS, RISE (exp(-dt/tr)), NOISE_ON, NOISE_SD, STIM_KICK_ON, STIM_KICK, STIM_FROM, STIM_TO,
// FR_FROM, STREAM_NOISE, STREAM_STIM, RECORD_OUT, RECORD_SPIKES.

#pragma OPENCL FP_CONTRACT OFF

#if REAL_DOUBLE || TIME_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#if REAL_DOUBLE
#define REAL double
#define MASK long
#else
#define REAL float
#define MASK int
#endif
#if TIME_DOUBLE
#define TIME double
#define TMASK long
#else
#define TIME float
#define TMASK int
#endif

#define XCAT(a, b) a##b
#define CAT(a, b) XCAT(a, b)
#define realV CAT(REAL, V)
#define maskV CAT(MASK, V)
#define intV CAT(int, V)
#define uintV CAT(uint, V)
#define floatV CAT(float, V)
#define to_realV CAT(convert_, realV)
#define to_maskV CAT(convert_, maskV)
#define to_intV CAT(convert_, intV)
#define timeV CAT(TIME, V)
#define tmaskV CAT(TMASK, V)
#define to_timeV CAT(convert_, timeV)
#define to_tmaskV CAT(convert_, tmaskV)
#define vloadV CAT(vload, V)

PHILOX_DEFINE_FOR(v, uintV, floatV)

__constant int LANE_INDEX[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

// Bit l set where lane l of m is true.
inline int lane_bits(maskV m) {
    int bits = 0;
    MASK *lane = (MASK *) &m;
    for (int l = 0; l < V; l++) {
        bits |= lane[l] ? (1 << l) : 0;
    }
    return bits;
}

inline maskV lane_mask(int bits) {
    return to_maskV(((intV) bits >> vloadV(0, LANE_INDEX)) & 1) != (maskV) 0;
}

// One configuration's constants (rows of [C][N][…] arrays) and one work-item's per-unit state ([G][N] lanes).
typedef struct {
    __global const REAL *w, *w_in, *readout, *decay, *tr_td;
} lif_network;

typedef struct {
    __global realV *v, *ipsc, *h, *r, *hr;
    __global intV *free, *count;
    __global timeV *tlast;
} lif_state;

// The spike lists of the previous and the current step (index step & 1): unit and lane bits, ascending units.
typedef struct {
    int unit[2][N];
    int bits[2][N];
    int len[2];
} lif_spikes;

// The work-item's (step, unit << 16 | lane bits) events: room for cap from index first; count runs on past it.
typedef struct {
    __global int *at;
    size_t first;
    int cap;
    int count;
} lif_events;

// The state of every unit of a work-item before step 1: v0, zero filters, tlast = 0.
inline void lif_init_state(const lif_state st, __global const REAL *v0, const int first_free0) {
    for (int i = 0; i < N; i++) {
        st.v[i] = vloadV(0, v0 + (size_t) i * V);
        st.ipsc[i] = (realV) 0;
        st.h[i] = (realV) 0;
        st.r[i] = (realV) 0;
        st.hr[i] = (realV) 0;
        st.free[i] = (intV) first_free0;
        st.tlast[i] = (timeV) 0;
        st.count[i] = (intV) 0;
    }
}

// The input column held at this step (MATLAB round(i/100)+1, 0-based), loaded when it changes.
inline void lif_hold_inputs(const int step, __global const REAL *u, realV uc[INPUTS], int *held) {
    const int col = (step + 50) / 100;
    if (col != *held) {
        for (int k = 0; k < INPUTS; k++) {
            uc[k] = vloadV(0, u + ((size_t) col * INPUTS + k) * V);
        }
        *held = col;
    }
}

// The stimulation kick's coin of this step: true in the lanes that get STIM_KICK (uniform < 0.5 inside
// [STIM_FROM, STIM_TO)), false everywhere without stimulation.
inline maskV lif_stim_coin(const int step, const uintV trial, const uint seed0, const uint key1) {
    maskV coin = (maskV) 0;
#if STIM_KICK_ON
    if (step >= STIM_FROM && step < STIM_TO) {
        uintV c0, c1, c2, c3;
        philox_v((uintV) step, (uintV) 0, trial, (uintV) STREAM_STIM, seed0, key1, &c0, &c1, &c2, &c3);
        coin = to_maskV((c0 >> 31) == (uintV) 0);
    }
#endif
    return coin;
}

// The voltage noise NOISE_SD·N(0, 1) of units 4·grp … 4·grp + 3 at this step, one Philox call for the four
// (zeros without noise).
inline void lif_noise(const int step, const int grp, const uintV trial, const uint seed0, const uint key1,
                      realV noise[4]) {
#if NOISE_ON
    uintV n0, n1, n2, n3;
    floatV z[4];
    philox_v((uintV) step, (uintV) grp, trial, (uintV) STREAM_NOISE, seed0, key1, &n0, &n1, &n2, &n3);
    philox_normals_v(n0, n1, n2, n3, &z[0], &z[1], &z[2], &z[3]);
    for (int q = 0; q < 4; q++) {
        noise[q] = (realV) NOISE_SD * to_realV(z[q]);
    }
#else
    for (int q = 0; q < 4; q++) {
        noise[q] = (realV) 0;
    }
#endif
}

// LifStep.propagate: JD of one unit (w_row = its row of W), the sum of W(i, j) over the units j of the spike list,
// in ascending order, in each lane where j spiked.
inline realV lif_propagate(__global const REAL *w_row, const int *units, const int *bits, const int len) {
    realV jd = (realV) 0;
    for (int e = 0; e < len; e++) {
        jd = jd + select((realV) 0, (realV) w_row[units[e]], lane_mask(bits[e]));
    }
    return jd;
}

// LifStep.filter, synaptic half, of the previous step: IPSC ← IPSC·e^(−dt/td) + h·dt and h ← h·e^(−dt/tr) +
// JD/(tr·td), both from the old h; with an empty spike list h is only decayed.
inline void lif_filter_synapse(realV *ipsc, realV *h, const int spikes, const realV jd, const REAL decay,
                               const REAL tr_td) {
    realV h_new = *h * (realV) RISE;
    if (spikes) {
        h_new = h_new + jd / (realV) tr_td;
    }
    *ipsc = *ipsc * (realV) decay + *h * (realV) DT;
    *h = h_new;
}

// The external input w_in·u of one unit (w_in_row = its row of w_in), in channel order.
inline realV lif_external(__global const REAL *w_in_row, const realV uc[INPUTS]) {
    realV ext = (realV) 0;
    for (int k = 0; k < INPUTS; k++) {
        ext = ext + (realV) w_in_row[k] * uc[k];
    }
    return ext;
}

// LifStep.stateUpdate: I = (IPSC + BIAS) + ext; dv = (I − v)/tm while integrating (past the refractory period),
// else 0; v ← v + dt·dv + noise, then the stimulation kick on stimulated units.
inline realV lif_state_update(const realV v, const realV ipsc, const realV ext, const maskV integrating,
                              const realV noise, const int stimulated, const maskV coin) {
    const realV current = (ipsc + (realV) BIAS) + ext;
    const realV dv = select((realV) 0, (current - v) / (realV) TM, integrating);
    realV next = v + (realV) DT * dv;
#if NOISE_ON
    next = next + noise;
#endif
#if STIM_KICK_ON
    if (stimulated) {
        next = next + select((realV) 0, (realV) STIM_KICK, coin);
    }
#endif
    return next;
}

// LifStep.threshold: the lanes whose v reached vpeak.
inline maskV lif_threshold(const realV v) {
    return v >= (realV) VPEAK;
}

// LifStep.filter, rate half: r ← r·e^(−dt/td) + hr·dt and hr ← hr·e^(−dt/tr) + spk/(tr·td), both from the old hr.
inline void lif_filter_rate(realV *r, realV *hr, const maskV spk, const REAL decay, const REAL tr_td) {
    const realV hr_old = *hr;
    realV hr_new = hr_old * (realV) RISE;
    *r = *r * (realV) decay + hr_old * (realV) DT;
    if (any(spk)) {
        hr_new = hr_new + select((realV) 0, (realV) 1 / (realV) tr_td, spk);
    }
    *hr = hr_new;
}

// LifStep.reset, for the lanes in spk: tlast ← tlast + (dt·step − tlast), the first step k with dt·k > tlast + tref
// (k starts inside the refractory period) as the next integrating step, and v ← vreset.
inline realV lif_reset(const int step, const intV spk_int, const maskV spk, realV v, __global timeV *tlast_at,
                       __global intV *free_at) {
    const tmaskV spk_time = to_tmaskV(spk_int);
    timeV tlast = *tlast_at;
    tlast = select(tlast, tlast + ((timeV) ((TIME) DT * (TIME) step) - tlast), spk_time);
    *tlast_at = tlast;
    const timeV limit = tlast + (timeV) (TIME) TREF;
    intV k = (intV) (step + REF_STEPS - 1);
    for (int probe = 0; probe < 3; probe++) {
        k = select(k + 1, k, to_intV(to_timeV(k) * (timeV) (TIME) DT > limit));
    }
    *free_at = select(*free_at, k, spk_int);
    return select(v, (realV) VRESET, spk);
}

// What unit i's spikes at this step leave behind: an entry of this step's spike list (for the next step's
// lif_propagate), the firing-rate count from FR_FROM on, and with RECORD_SPIKES the event.
inline void lif_record(const int step, const int i, const maskV spk, const intV spk_int, lif_spikes *spikes,
                       __global intV *count_at, lif_events *events) {
    const int cur = step & 1;
    const int bits = lane_bits(spk);
    spikes->unit[cur][spikes->len[cur]] = i;
    spikes->bits[cur][spikes->len[cur]] = bits;
    spikes->len[cur]++;
    if (step >= FR_FROM) {
        *count_at = *count_at - spk_int;
    }
#if RECORD_SPIKES
    if (events->count < events->cap) {
        events->at[2 * (events->first + events->count)] = step;
        events->at[2 * (events->first + events->count) + 1] = (i << 16) | bits;
    }
    events->count++;
#endif
}

// One step of unit i in every lane, LifStep.step's operations in MATLAB's order (the synaptic filter of the
// previous step first, since its JD needs that step's whole spike list). Returns the new r for the readout.
inline realV lif_unit_step(const int step, const int i, const lif_network net, const lif_state st,
                           const realV uc[INPUTS], const realV noise, const maskV coin, const int stimulated,
                           lif_spikes *spikes, lif_events *events) {
    const int prev = (step & 1) ^ 1;
    realV ipsc = st.ipsc[i], h = st.h[i];
    if (step > 1) {
        const int any_prev = spikes->len[prev] > 0;
        const realV jd = any_prev ? lif_propagate(net.w + (size_t) i * N, spikes->unit[prev], spikes->bits[prev],
                                                  spikes->len[prev]) : (realV) 0;
        lif_filter_synapse(&ipsc, &h, any_prev, jd, net.decay[i], net.tr_td[i]);
        st.ipsc[i] = ipsc;
        st.h[i] = h;
    }
    const maskV integrating = to_maskV((intV) step >= st.free[i]);
    realV v = lif_state_update(st.v[i], ipsc, lif_external(net.w_in + (size_t) i * INPUTS, uc), integrating,
                               noise, stimulated, coin);
    const maskV spk = lif_threshold(v);
    realV r = st.r[i], hr = st.hr[i];
    lif_filter_rate(&r, &hr, spk, net.decay[i], net.tr_td[i]);
    if (any(spk)) {
        const intV spk_int = to_intV(spk);
        v = lif_reset(step, spk_int, spk, v, st.tlast + i, st.free + i);
        lif_record(step, i, spk, spk_int, spikes, st.count + i, events);
    }
    st.v[i] = v;
    st.r[i] = r;
    st.hr[i] = hr;
    return r;
}

__kernel void lif_run(const int nt, const int cols, const int window_from, const uint seed0,
                      __global const int *group_config, __global const int *group_key1,
                      __global const uint *trial_ids,      // [G][V]
                      __global const REAL *u,              // [G][cols][INPUTS][V]
                      __global const REAL *v0,             // [G][N][V]
                      __global const REAL *w,              // [C][N][N], w[post][pre], scaled
                      __global const REAL *w_in,           // [C][N][INPUTS]
                      __global const REAL *readout,        // [C][N], w_out / scaling factor
                      __global const REAL *decay,          // [C][N], exp(-dt/td)
                      __global const REAL *tr_td,          // [C][N], tr·td
                      const int first_free0,               // first integrating step while tlast = 0
                      __global const int *stim_units,      // [N], 1 for stimulated units
                      __global realV *st_v, __global realV *st_ipsc, __global realV *st_h,
                      __global realV *st_r, __global realV *st_hr, __global intV *st_free,
                      __global timeV *st_tlast,
                      __global intV *counts,               // [G][N], spikes from step FR_FROM on
                      __global realV *window_max, __global realV *window_min,   // [G]
                      __global realV *out,                 // [G][nt] when RECORD_OUT
                      __global int *events, __global int *event_count, const int event_cap,
                      const int items) {             // work-items with trials; the launch pads to whole groups
    const int g = get_global_id(0);
    if (g >= items) {
        return;
    }
    const size_t c = group_config[g];
    const uint key1 = (uint) group_key1[g];
    const uintV trial = vloadV(0, trial_ids + (size_t) g * V);
    const lif_network net = {w + c * N * N, w_in + c * N * INPUTS, readout + c * N, decay + c * N, tr_td + c * N};
    const size_t at = (size_t) g * N;
    const lif_state st = {st_v + at, st_ipsc + at, st_h + at, st_r + at, st_hr + at, st_free + at, counts + at,
                          st_tlast + at};
    lif_init_state(st, v0 + at * V, first_free0);
    lif_spikes spikes;
    spikes.len[0] = 0;
    spikes.len[1] = 0;
    lif_events ev = {events, (size_t) g * event_cap, event_cap, 0};
    realV uc[INPUTS];
    int held = -1;
    realV wmax = (realV) (-INFINITY), wmin = (realV) INFINITY;

    for (int step = 1; step <= nt; step++) {
        spikes.len[step & 1] = 0;
        lif_hold_inputs(step, u + (size_t) g * cols * INPUTS * V, uc, &held);
        const maskV coin = lif_stim_coin(step, trial, seed0, key1);
        realV o = (realV) 0;
        for (int grp = 0; grp < (N + 3) / 4; grp++) {
            realV noise[4];
            lif_noise(step, grp, trial, seed0, key1, noise);
            for (int q = 0; q < 4 && grp * 4 + q < N; q++) {
                const int i = grp * 4 + q;
                const realV r = lif_unit_step(step, i, net, st, uc, noise[q], coin, stim_units[i], &spikes, &ev);
                o = o + (realV) net.readout[i] * r;   // readout: (w_out / scaling factor)·r, ascending units
            }
        }
        if (step >= window_from) {
            wmax = fmax(wmax, o);
            wmin = fmin(wmin, o);
        }
#if RECORD_OUT
        out[(size_t) g * nt + step - 1] = o;
#endif
    }
    window_max[g] = wmax;
    window_min[g] = wmin;
    event_count[g] = ev.count;
}
