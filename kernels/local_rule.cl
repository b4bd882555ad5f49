// The ngc-learn EI-RNN with its online local rule (spec peers §2.1-2.2, with the presynaptic sign S applied in
// the V1 rule too): the OpenCL twin of org.eirnn.local.CpuLocalRule, whose javadoc holds the equations. One
// work-item runs one network through every pass and step of a launch; networks are independent (own seed word,
// own parameters), so a launch of K work-items trains K networks.
//
// Needs philox.cl before it. Build constants:
//   LOCAL_DOUBLE (defined: real = double)   N units, NINH inhibitory (the last ones), NCH channels
//   ALPHA, NOISE_PRE (s * sigma_pre), SIGMA_POST, INV_TAU (1 / tau_elg), LR, BETA1, BETA2, EPS
// Layout: parameter p of network k at [p * networks + k] (theta, trace, m, v), in the order of NgcSpec:
// W1 [c][i], b1 [i], V1 [j][i], W1o [i][c], b1o [c]. series: points x NCH, row-major. metrics: per pass and network
// (sum e^2, sum |e|) at [(q * networks + k) * 2].

#ifdef LOCAL_DOUBLE
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#define LIT(x) x
#else
typedef float real;
#define LIT(x) x##f
#endif

#define P_W1(c, i) ((c) * N + (i))
#define P_B1(i) (NCH * N + (i))
#define P_V1(j, i) (NCH * N + N + (j) * N + (i))
#define P_W1O(i, c) (NCH * N + N + N * N + (i) * NCH + (c))
#define P_B1O(c) (NCH * N + N + N * N + N * NCH + (c))
#define AT(p) ((size_t) (p) * networks + k)
#define SIGN(j) ((j) >= N - NINH ? (real) -1 : (real) 1)

// N standard normals for (step, pass id) of one stream, in the words and lanes of RandomKey.normals; Box-Muller in
// real (so a double build matches the Java reference to rounding).
inline void local_normals(uint seed, uint network, uint stream, uint step, uint passId, real *z) {
    for (int g = 0; g * 4 < N; g++) {
        uint w0, w1, w2, w3;
        philox_1(step, (uint) g, passId, stream, seed, network, &w0, &w1, &w2, &w3);
        uint w[4] = {w0, w1, w2, w3};
        for (int pair = 0; pair < 2; pair++) {
            real u1 = ((real) w[2 * pair] + LIT(0.5)) * LIT(2.3283064365386963e-10);
            real u2 = ((real) w[2 * pair + 1] + LIT(0.5)) * LIT(2.3283064365386963e-10);
            real radius = sqrt((real) -2 * log(u1));
            real angle = LIT(6.283185307179586) * u2;
            int i = g * 4 + 2 * pair;
            if (i < N) {
                z[i] = radius * cos(angle);
            }
            if (i + 1 < N) {
                z[i + 1] = radius * sin(angle);
            }
        }
    }
}

// Trace, Adam on the trace, projection when `clamp` (spec peers §2.2); the order of CpuLocalRule.adam.
inline void local_adam(global real *theta, global real *trace, global real *m, global real *v, size_t at,
                       real update, real c1, real c2, int clamp) {
    real tr = trace[at] + (update - trace[at]) * (real) INV_TAU;
    real mm = (real) BETA1 * m[at] + ((real) 1 - (real) BETA1) * tr;
    real vv = (real) BETA2 * v[at] + ((real) 1 - (real) BETA2) * tr * tr;
    real th = theta[at] - (real) LR * (mm * c1) / (sqrt(vv * c2) + (real) EPS);
    trace[at] = tr;
    m[at] = mm;
    v[at] = vv;
    theta[at] = clamp ? fmax(th, (real) 0) : th;
}

kernel void local_forecast(int networks, int points, global const real *series, int seed, int firstPass,
                           int passes, int learn, int evalPassId, int adamStep0, global real *theta,
                           global real *trace, global real *m, global real *v, global real *metrics) {
    int k = get_global_id(0);
    if (k >= networks) {
        return;
    }
    real x[N], r[N], rPrev[N], d[N], xi[N], xiPost[N], err[NCH];
    long adamStep = adamStep0;
    for (int q = 0; q < passes; q++) {
        uint passId = learn ? (uint) (firstPass + q) : (uint) evalPassId;
        for (int i = 0; i < N; i++) {
            x[i] = 0;
            rPrev[i] = 0;
        }
        if (learn) {
            for (int p = 0; p < P_B1O(NCH); p++) {
                trace[AT(p)] = 0;
            }
        }
        real sse = 0, sae = 0;
        for (int s = 0; s < points - 1; s++) {
            if (NOISE_PRE > 0) {
                local_normals((uint) seed, (uint) k, 4u, (uint) s, passId, xi);   // RandomStream.RATE_NOISE
            }
            if (SIGMA_POST > 0) {
                local_normals((uint) seed, (uint) k, 8u, (uint) s, passId, xiPost);   // RATE_POST_NOISE
            }
            for (int i = 0; i < N; i++) {
                real j = theta[AT(P_B1(i))];
                for (int c = 0; c < NCH; c++) {
                    j += series[s * NCH + c] * theta[AT(P_W1(c, i))];
                }
                for (int pre = 0; pre < N; pre++) {
                    j += rPrev[pre] * SIGN(pre) * theta[AT(P_V1(pre, i))];
                }
                x[i] += (real) ALPHA * (-x[i] + j) + (NOISE_PRE > 0 ? (real) NOISE_PRE * xi[i] : (real) 0);
                r[i] = fmax(x[i], (real) 0) + (SIGMA_POST > 0 ? (real) SIGMA_POST * xiPost[i] : (real) 0);
            }
            for (int c = 0; c < NCH; c++) {
                real o = theta[AT(P_B1O(c))];
                for (int i = 0; i < N; i++) {
                    o += r[i] * theta[AT(P_W1O(i, c))];
                }
                err[c] = series[(s + 1) * NCH + c] - o;
                sse += err[c] * err[c];
                sae += fabs(err[c]);
            }
            if (learn) {
                for (int i = 0; i < N; i++) {
                    real back = 0;
                    for (int c = 0; c < NCH; c++) {
                        back += err[c] * theta[AT(P_W1O(i, c))];
                    }
                    d[i] = x[i] > 0 ? back : (real) 0;
                }
                adamStep++;
                real c1 = (real) 1 / ((real) 1 - pow((real) BETA1, (real) adamStep));
                real c2 = (real) 1 / ((real) 1 - pow((real) BETA2, (real) adamStep));
                for (int i = 0; i < N; i++) {
                    for (int c = 0; c < NCH; c++) {
                        local_adam(theta, trace, m, v, AT(P_W1O(i, c)), -r[i] * err[c], c1, c2, 1);
                        local_adam(theta, trace, m, v, AT(P_W1(c, i)), -series[s * NCH + c] * d[i], c1, c2, 1);
                    }
                    local_adam(theta, trace, m, v, AT(P_B1(i)), -d[i], c1, c2, 0);
                    for (int pre = 0; pre < N; pre++) {
                        local_adam(theta, trace, m, v, AT(P_V1(pre, i)), -SIGN(pre) * rPrev[pre] * d[i], c1, c2, 1);
                    }
                }
                for (int c = 0; c < NCH; c++) {
                    local_adam(theta, trace, m, v, AT(P_B1O(c)), -err[c], c1, c2, 0);
                }
            }
            for (int i = 0; i < N; i++) {
                rPrev[i] = r[i];
            }
        }
        metrics[((size_t) q * networks + k) * 2] = sse;
        metrics[((size_t) q * networks + k) * 2 + 1] = sae;
    }
}
