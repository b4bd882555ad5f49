// The ngc-learn EI-RNN with its online local rule (spec peers §2.1-2.2, with the presynaptic sign S applied in
// the V1 rule too): the OpenCL twin of org.eirnn.local.CpuLocalRule, whose javadoc holds the equations. Networks
// are independent (own seed word, own parameters) and ride in vector lanes: one work-item runs VW networks
// (VW 16 on a CPU device, 1 on a GPU) through every pass and step of a launch.
//
// Needs philox.cl and vector.cl before it. Build constants:
//   VW lanes, LOCAL_DOUBLE (defined: double precision), N units, NINH inhibitory (the last ones), NCH channels,
//   ALPHA, NOISE_PRE (s * sigma_pre), SIGMA_POST, INV_TAU (1 / tau_elg), LR, BETA1, BETA2, EPS
// Layout: parameter p of network k at [p * networks + k] (theta, trace, m, v; networks a multiple of VW), in the
// order of NgcSpec: W1 [c][i], b1 [i], V1 [j][i], W1o [i][c], b1o [c]. series: points x NCH, row-major.
// metrics: sum e^2 at [(2q) * networks + k] and sum |e| at [(2q + 1) * networks + k] for pass q.

#ifdef LOCAL_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#define REAL_T double
#define LIT(x) x
#define FAST(f) f
#else
#define REAL_T float
#define LIT(x) x##f
#define FAST(f) native_##f
#endif

#if VW == 1
#define realV REAL_T
#define WHERE_POSITIVE(x, v) ((x) > 0 ? (v) : (REAL_T) 0)
#define LANE_IDS ((uintV) 0)
#else
#define realV EIRNN_CAT(REAL_T, VW)
#define WHERE_POSITIVE(x, v) select((realV) 0, (v), (x) > (realV) 0)
#if VW == 2
#define LANE_IDS ((uintV) (0, 1))
#elif VW == 4
#define LANE_IDS ((uintV) (0, 1, 2, 3))
#elif VW == 8
#define LANE_IDS ((uintV) (0, 1, 2, 3, 4, 5, 6, 7))
#elif VW == 16
#define LANE_IDS ((uintV) (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#endif
#endif
#define TO_REAL(u) EIRNN_CAT(convert_, realV)(u)

PHILOX_DEFINE_FOR(V, uintV, floatV)

#define P_W1(c, i) ((c) * N + (i))
#define P_B1(i) (NCH * N + (i))
#define P_V1(j, i) (NCH * N + N + (j) * N + (i))
#define P_W1O(i, c) (NCH * N + N + N * N + (i) * NCH + (c))
#define P_B1O(c) (NCH * N + N + N * N + N * NCH + (c))
#define P_COUNT P_B1O(NCH)
#define SIGN(j) ((j) >= N - NINH ? (REAL_T) -1 : (REAL_T) 1)

// N standard normals per lane for (step, pass id) of one stream, in the words and lanes of RandomKey.normals;
// Box-Muller in the build's precision (so a double build matches the Java reference to rounding).
inline void local_normals(uint seed, uintV network, uint stream, uint step, uint passId, realV *z) {
    for (int g = 0; g * 4 < N; g++) {
        uintV w[4];
        philox_V((uintV) step, (uintV) g, (uintV) passId, (uintV) stream, (uintV) seed, network, &w[0], &w[1], &w[2],
                 &w[3]);
        for (int pair = 0; pair < 2; pair++) {
            realV u1 = (TO_REAL(w[2 * pair]) + LIT(0.5)) * LIT(2.3283064365386963e-10);
            realV u2 = (TO_REAL(w[2 * pair + 1]) + LIT(0.5)) * LIT(2.3283064365386963e-10);
            realV radius = FAST(sqrt)(LIT(-2.0) * FAST(log)(u1));
            realV angle = LIT(6.283185307179586) * u2;
            realV cosine = FAST(cos)(angle), sine = FAST(sin)(angle);
            int i = g * 4 + 2 * pair;
            if (i < N) {
                z[i] = radius * cosine;
            }
            if (i + 1 < N) {
                z[i + 1] = radius * sine;
            }
        }
    }
}

// Trace, Adam on the trace, projection when `clamp` (spec peers §2.2); the order of CpuLocalRule.adam. Each pointer
// is parameter p's first lane of this work-item.
inline void local_adam(global REAL_T *theta, global REAL_T *trace, global REAL_T *m, global REAL_T *v, realV update,
                       REAL_T c1, REAL_T c2, int clamp) {
    realV tr0 = VLOAD(trace);
    realV tr = tr0 + (update - tr0) * (REAL_T) INV_TAU;
    realV mm = (REAL_T) BETA1 * VLOAD(m) + ((REAL_T) 1 - (REAL_T) BETA1) * tr;
    realV vv = (REAL_T) BETA2 * VLOAD(v) + ((REAL_T) 1 - (REAL_T) BETA2) * tr * tr;
    realV th = VLOAD(theta) - (REAL_T) LR * (mm * c1) / (sqrt(vv * c2) + (REAL_T) EPS);
    VSTORE(tr, trace);
    VSTORE(mm, m);
    VSTORE(vv, v);
    VSTORE(clamp ? fmax(th, (realV) 0) : th, theta);
}

#define AT(buffer, p) ((buffer) + (size_t) (p) * networks + k0)
#define TH(p) VLOAD(AT(theta, p))
#define ADAM(p, update, clamp) local_adam(AT(theta, p), AT(trace, p), AT(m, p), AT(v, p), (update), c1, c2, (clamp))

// Step s forward: x, r from r_{s-1} and u_s; err = y_{s+1} - o_s.
inline void local_forward(int networks, int k0, global const REAL_T *theta, global const REAL_T *u,
                          global const REAL_T *y, const realV *rPrev, const realV *xi, const realV *xiPost,
                          realV *x, realV *r, realV *err) {
    for (int i = 0; i < N; i++) {
        realV j = TH(P_B1(i));
        for (int c = 0; c < NCH; c++) {
            j += u[c] * TH(P_W1(c, i));
        }
        for (int pre = 0; pre < N; pre++) {
            j += rPrev[pre] * SIGN(pre) * TH(P_V1(pre, i));
        }
        x[i] += (REAL_T) ALPHA * (-x[i] + j) + (NOISE_PRE > 0 ? (REAL_T) NOISE_PRE * xi[i] : (realV) 0);
        r[i] = fmax(x[i], (realV) 0) + (SIGMA_POST > 0 ? (REAL_T) SIGMA_POST * xiPost[i] : (realV) 0);
    }
    for (int c = 0; c < NCH; c++) {
        realV o = TH(P_B1O(c));
        for (int i = 0; i < N; i++) {
            o += r[i] * TH(P_W1O(i, c));
        }
        err[c] = y[c] - o;
    }
}

// The local rule's update of step `adamStep` (1-based): d from W1o before the update, then every synapse.
inline void local_learn(int networks, int k0, global REAL_T *theta, global REAL_T *trace, global REAL_T *m,
                        global REAL_T *v, long adamStep, global const REAL_T *u, const realV *x, const realV *r,
                        const realV *rPrev, const realV *err) {
    realV d[N];
    for (int i = 0; i < N; i++) {
        realV back = (realV) 0;
        for (int c = 0; c < NCH; c++) {
            back += err[c] * TH(P_W1O(i, c));
        }
        d[i] = WHERE_POSITIVE(x[i], back);
    }
    REAL_T c1 = (REAL_T) 1 / ((REAL_T) 1 - pow((REAL_T) BETA1, (REAL_T) adamStep));
    REAL_T c2 = (REAL_T) 1 / ((REAL_T) 1 - pow((REAL_T) BETA2, (REAL_T) adamStep));
    for (int i = 0; i < N; i++) {
        for (int c = 0; c < NCH; c++) {
            ADAM(P_W1O(i, c), -r[i] * err[c], 1);
            ADAM(P_W1(c, i), -u[c] * d[i], 1);
        }
        ADAM(P_B1(i), -d[i], 0);
        for (int pre = 0; pre < N; pre++) {
            ADAM(P_V1(pre, i), -SIGN(pre) * rPrev[pre] * d[i], 1);
        }
    }
    for (int c = 0; c < NCH; c++) {
        ADAM(P_B1O(c), -err[c], 0);
    }
}

kernel void local_forecast(int networks, int points, global const REAL_T *series, int seed, int firstPass,
                           int passes, int learn, int evalPassId, int adamStep0, global REAL_T *theta,
                           global REAL_T *trace, global REAL_T *m, global REAL_T *v, global REAL_T *metrics) {
    int k0 = get_global_id(0) * VW;
    if (k0 >= networks) {
        return;
    }
    uintV lanes = (uintV) k0 + LANE_IDS;
    realV x[N], r[N], rPrev[N], xi[N], xiPost[N], err[NCH];
    long adamStep = adamStep0;
    for (int q = 0; q < passes; q++) {
        uint passId = learn ? (uint) (firstPass + q) : (uint) evalPassId;
        for (int i = 0; i < N; i++) {
            x[i] = (realV) 0;
            rPrev[i] = (realV) 0;
        }
        for (int p = 0; learn && p < P_COUNT; p++) {
            VSTORE((realV) 0, AT(trace, p));
        }
        realV sse = (realV) 0, sae = (realV) 0;
        for (int s = 0; s < points - 1; s++) {
            if (NOISE_PRE > 0) {
                local_normals((uint) seed, lanes, 4u, (uint) s, passId, xi);   // RandomStream.RATE_NOISE
            }
            if (SIGMA_POST > 0) {
                local_normals((uint) seed, lanes, 8u, (uint) s, passId, xiPost);   // RATE_POST_NOISE
            }
            local_forward(networks, k0, theta, series + s * NCH, series + (s + 1) * NCH, rPrev, xi, xiPost, x, r,
                          err);
            for (int c = 0; c < NCH; c++) {
                sse += err[c] * err[c];
                sae += fabs(err[c]);
            }
            if (learn) {
                local_learn(networks, k0, theta, trace, m, v, ++adamStep, series + s * NCH, x, r, rPrev, err);
            }
            for (int i = 0; i < N; i++) {
                rPrev[i] = r[i];
            }
        }
        VSTORE(sse, metrics + (size_t) (2 * q) * networks + k0);
        VSTORE(sae, metrics + (size_t) (2 * q + 1) * networks + k0);
    }
}
