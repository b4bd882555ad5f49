// spikeRNN's LIF network (spec §4, MATLAB LIF_network_fnc.m), many trials at once: one work-item runs V trials
// of one network configuration in vector lanes through the whole time loop. The per-step operations are those of
// org.eirnn.spiking.LifStep (the reference) in the same order and with the same arithmetic, so with REAL_DOUBLE=1
// and no noise the results equal the CPU reference bit for bit. Needs philox.cl before it.
//
// Per step and unit, the operations of LifStep as inline functions of the same names: lif_propagate and
// lif_filter_synapse finish the previous step's synaptic filter (IPSC, h) from the previous step's spike list
// (propagate events, not a dense product), then lif_state_update (membrane + noise + stimulation), lif_threshold,
// lif_filter_rate (r, hr), the readout, lif_reset and lif_record (spike list, firing-rate count and the
// (step, unit, lane bits) events).
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

// The state of every unit of work-item g before step 1: v0, zero filters, tlast = 0.
inline void lif_init_state(const int g, const int first_free0, __global const REAL *v0,
                           __global realV *sv, __global realV *sipsc, __global realV *sh, __global realV *sr,
                           __global realV *shr, __global intV *sfree, __global timeV *stlast,
                           __global intV *scount) {
    for (int i = 0; i < N; i++) {
        sv[i] = vloadV(0, v0 + ((size_t) g * N + i) * V);
        sipsc[i] = (realV) 0;
        sh[i] = (realV) 0;
        sr[i] = (realV) 0;
        shr[i] = (realV) 0;
        sfree[i] = (intV) first_free0;
        stlast[i] = (timeV) 0;
        scount[i] = (intV) 0;
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

// What unit i's spikes leave behind: an entry of this step's spike list (for the next step's lif_propagate), the
// firing-rate count from FR_FROM on, and with RECORD_SPIKES the (step, unit << 16 | lane bits) event.
inline void lif_record(const int step, const int i, const int bits, const intV spk_int, int *list_unit,
                       int *list_bits, int *list_len, __global intV *count_at, __global int *events,
                       int *n_events, const size_t first_event, const int event_cap) {
    list_unit[*list_len] = i;
    list_bits[*list_len] = bits;
    (*list_len)++;
    if (step >= FR_FROM) {
        *count_at = *count_at - spk_int;
    }
#if RECORD_SPIKES
    if (*n_events < event_cap) {
        events[2 * (first_event + *n_events)] = step;
        events[2 * (first_event + *n_events) + 1] = (i << 16) | bits;
    }
    (*n_events)++;
#endif
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
                      __global int *events, __global int *event_count, const int event_cap) {
    const int g = get_global_id(0);
    const int c = group_config[g];
    const uint key1 = (uint) group_key1[g];
    const uintV trial = vloadV(0, trial_ids + (size_t) g * V);
    __global const REAL *W = w + (size_t) c * N * N;
    __global const REAL *WIN = w_in + (size_t) c * N * INPUTS;
    __global const REAL *RO = readout + (size_t) c * N;
    __global const REAL *DEC = decay + (size_t) c * N;
    __global const REAL *TRTD = tr_td + (size_t) c * N;
    __global realV *sv = st_v + (size_t) g * N;
    __global realV *sipsc = st_ipsc + (size_t) g * N;
    __global realV *sh = st_h + (size_t) g * N;
    __global realV *sr = st_r + (size_t) g * N;
    __global realV *shr = st_hr + (size_t) g * N;
    __global intV *sfree = st_free + (size_t) g * N;
    __global timeV *stlast = st_tlast + (size_t) g * N;
    __global intV *scount = counts + (size_t) g * N;
    lif_init_state(g, first_free0, v0, sv, sipsc, sh, sr, shr, sfree, stlast, scount);

    // Spike lists of the previous and the current step: unit and lane bits, ascending units.
    int list_unit[2][N];
    int list_bits[2][N];
    int list_len[2] = {0, 0};
    realV uc[INPUTS];
    int held = -1;
    realV wmax = (realV) (-INFINITY), wmin = (realV) INFINITY;
    int n_events = 0;

    for (int step = 1; step <= nt; step++) {
        const int cur = step & 1, prev = cur ^ 1;
        list_len[cur] = 0;
        const int col = (step + 50) / 100;            // MATLAB round(i/100)+1, 0-based
        if (col != held) {
            for (int k = 0; k < INPUTS; k++) {
                uc[k] = vloadV(0, u + (((size_t) g * cols + col) * INPUTS + k) * V);
            }
            held = col;
        }
        const maskV coin = lif_stim_coin(step, trial, seed0, key1);
        realV o = (realV) 0;
        for (int grp = 0; grp < (N + 3) / 4; grp++) {
            realV noise[4];
            lif_noise(step, grp, trial, seed0, key1, noise);
            for (int q = 0; q < 4 && grp * 4 + q < N; q++) {
                const int i = grp * 4 + q;
                realV ipsc = sipsc[i], h = sh[i];
                if (step > 1) {
                    const int spikes = list_len[prev] > 0;
                    const realV jd = spikes ? lif_propagate(W + (size_t) i * N, list_unit[prev], list_bits[prev],
                                                            list_len[prev]) : (realV) 0;
                    lif_filter_synapse(&ipsc, &h, spikes, jd, DEC[i], TRTD[i]);
                    sipsc[i] = ipsc;
                    sh[i] = h;
                }
                realV ext = (realV) 0;
                for (int k = 0; k < INPUTS; k++) {
                    ext = ext + (realV) WIN[i * INPUTS + k] * uc[k];
                }
                const maskV integrating = to_maskV((intV) step >= sfree[i]);
                realV v = lif_state_update(sv[i], ipsc, ext, integrating, noise[q], stim_units[i], coin);
                const maskV spk = lif_threshold(v);
                realV r = sr[i], hr = shr[i];
                lif_filter_rate(&r, &hr, spk, DEC[i], TRTD[i]);
                if (any(spk)) {
                    const intV spk_int = to_intV(spk);
                    v = lif_reset(step, spk_int, spk, v, stlast + i, sfree + i);
                    lif_record(step, i, lane_bits(spk), spk_int, list_unit[cur], list_bits[cur], &list_len[cur],
                               scount + i, events, &n_events, (size_t) g * event_cap, event_cap);
                }
                sv[i] = v;
                sr[i] = r;
                shr[i] = hr;
                o = o + (realV) RO[i] * r;               // readout: (w_out / scaling factor)·r, ascending units
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
    event_count[g] = n_events;
}
