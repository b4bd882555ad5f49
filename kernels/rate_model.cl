// The spikeRNN rate model's equations (spec §2.1-2.2), written once here and called by the forward kernel
// (rate_forward.cl: sparse rows, evaluation) and the training kernels (rate_train.cl: dense, states kept for BPTT).
// Build-time constants: N (units), N_IN (inputs), ACTIVATION (0 sigmoid, 1 clipped_relu, 2 softplus),
// DALE (1 when Dale's principle is on), TAU_MIN, TAU_MAX, TAUS_TRAINABLE (0/1), ALPHA_TRAINED (1: taus_gaus holds α
// itself, nn4n's learn_alpha), ALPHA_GRADIENT (TAUS_TRAINABLE or ALPHA_TRAINED), NOISE_FORM, and the family's weight
// parametrisation FAMILY_WEIGHTS, PHI_REC, PHI_IN, PHI_OUT, READOUT_SIGNED (below).
// Built after philox.cl and vector.cl.

#define ACT_SIGMOID 0
#define ACT_CLIPPED_RELU 1
#define ACT_SOFTPLUS 2
#define ACT_RECTIFY 3
#define ACT_TANH 4
#define ACT_RTANH 5
#define ACT_LINEAR 6
#define ACT_CLIP 20.0f
// The recurrent noise's form s(α) (NOISE_FORM, org.eirnn.model.NoiseForm's order): s = 1 (spikeRNN), √(2α)
// (continuous), α (nn4n).
#define NOISE_SPIKERNN 0
#define NOISE_CONTINUOUS 1
#define NOISE_NN4N 2

PHILOX_DEFINE_FOR(V, uintV, floatV)

// The noise of spec §2.2 as the CPU reference draws it (key (seed, k), counter (t, i >> 2, trial id, stream)):
// the four standard normals of units i0 .. i0+3 (i0 a multiple of 4) at step t for the VW trials.
inline void unit_group_normals(int t, int i0, uintV trial, uint stream, uint seed_low, uintV k, floatV z[4]) {
    uintV w0, w1, w2, w3;
    philox_V((uintV) t, (uintV) (i0 >> 2), trial, (uintV) stream, seed_low, k, &w0, &w1, &w2, &w3);
    philox_normals_V(w0, w1, w2, w3, &z[0], &z[1], &z[2], &z[3]);
}

// The standard normals behind x_0 or xi_t (spec §2.2) for units i0 .. i0+3: unit_group_normals when sd > 0, zeros
// otherwise (the term vanishes, so no Philox call is spent on it).
inline void rate_unit_normals(float sd, int t, int i0, uintV trial, uint stream, uint seed_low, uintV k,
                              floatV z[4]) {
    if (sd > 0.0f) {
        unit_group_normals(t, i0, trial, stream, seed_low, k, z);
    } else {
        z[0] = z[1] = z[2] = z[3] = 0.0f;
    }
}

// x_0 = x0_sd * normal (spec §2.2), z from rate_unit_normals(x0_sd, 0, ..., STREAM_X0, ...).
inline floatV rate_initial_state(float x0_sd, floatV z) {
    return x0_sd * z;
}

// The Euler step of spec §2.2 with dt = 1 and the noise outside the dt/tau factor (the CPU reference RateStep):
// x_t = (1 - alpha) x_{t-1} + alpha drive + noise_sd z,  drive = W_rec r_{t-1} + W_in u_{t-1},
// z from rate_unit_normals(noise_sd, t, ..., STREAM_NOISE, ...). alpha is one unit's dt/tau, the same for every
// lane or one per lane.
inline floatV rate_euler_step(floatV alpha, floatV x_prev, floatV drive, float noise_sd, floatV z) {
    return (1.0f - alpha) * x_prev + alpha * drive + noise_sd * z;
}

#if NOISE_FORM != NOISE_SPIKERNN
/** s(α) of the family's noise forms: x_t = … + s(α)·noise_sd·ξ_t (pass s(α)·z as rate_euler_step's z). */
inline floatV rate_noise_scale(floatV alpha) {
#if NOISE_FORM == NOISE_CONTINUOUS
    return sqrt(2.0f * alpha);
#else
    return alpha;
#endif
}

/** d s(α)/dα: the noise term's share of ∂x_t/∂α is noise_sd·ξ_t·s'(α). */
inline floatV rate_noise_scale_slope(floatV alpha) {
#if NOISE_FORM == NOISE_CONTINUOUS
    return 0.5f * sqrt(2.0f * alpha) / alpha;
#else
    return (floatV) 1.0f;
#endif
}
#endif

// One entry of the effective recurrent matrix W_rec = (relu(w) m) ⊙ som_m with Dale's principle, w ⊙ som_m without
// (spec §2.1 item 7): raw weight w_ij, sign m_j (+1 excitatory, -1 inhibitory), SOM mask entry.
inline float rate_effective_weight(float w, float sign, float som) {
#if DALE
    return fmax(w, 0.0f) * sign * som;
#else
    return w * sign * som;
#endif
}

#if FAMILY_WEIGHTS
// The model family's weight parametrisation (DESIGN "One model family", validation/bptt-derivation.md "The model
// family"): W = φ(W⁺ ⊙ C + W_fixed)·D for W_rec (φ = PHI_REC, D = the E/I signs), W_in (PHI_IN, D = 1) and W_out
// (PHI_OUT, D = the signs when READOUT_SIGNED). Build-time constants FAMILY_WEIGHTS (0: spikeRNN's
// rate_effective_weight above, the same values for its data), PHI_REC, PHI_IN, PHI_OUT, READOUT_SIGNED.
#define PHI_RELU 0
#define PHI_ABS 1
#define PHI_NONE 2

/** φ(m): relu, abs or the identity. */
inline float rate_positive(float m, int phi) {
    return phi == PHI_RELU ? fmax(m, 0.0f) : phi == PHI_ABS ? fabs(m) : m;
}

/** dφ/dm: relu 1 above 0 else 0 (TF), abs sign(m) (0 at 0), identity 1. */
inline float rate_positive_slope(float m, int phi) {
    return phi == PHI_RELU ? (m > 0.0f ? 1.0f : 0.0f) : phi == PHI_ABS ? sign(m) : 1.0f;
}

/** One entry φ(w·c + fixed)·d of a family matrix. */
inline float rate_family_weight(float w, float c, float fixed, float d, int phi) {
    return rate_positive(w * c + fixed, phi) * d;
}

/** ∂L/∂w = ∂L/∂W·d·φ'(w·c + fixed)·c, exactly 0 where c or φ' is 0 (masked and pruned entries stay put). */
inline float rate_family_weight_gradient(float d_w, float w, float c, float fixed, float d, int phi) {
    float slope = c == 0.0f ? 0.0f : rate_positive_slope(w * c + fixed, phi);
    return slope == 0.0f ? 0.0f : d_w * d * slope * c;
}
#endif

// phi(x), spec §2.2.
inline floatV rate_phi(floatV x) {
#if ACTIVATION == ACT_SIGMOID
    return 1.0f / (1.0f + exp(-x));
#elif ACTIVATION == ACT_CLIPPED_RELU
    return clamp(x, 0.0f, ACT_CLIP);
#elif ACTIVATION == ACT_SOFTPLUS
    return fmin(select(log1p(exp(x)), x, x > 30.0f), ACT_CLIP);
#elif ACTIVATION == ACT_RECTIFY
    return fmax(x, 0.0f);
#elif ACTIVATION == ACT_TANH
    return tanh(x);
#elif ACTIVATION == ACT_RTANH
    return fmax(tanh(x), 0.0f);
#else
    return x;
#endif
}

// Per-unit dt/tau (spec §2.2, dt = 1 step): tau = sigmoid(taus_gaus)(max - min) + min, or the single tau; the
// trained alpha itself with ALPHA_TRAINED.
inline float rate_alpha(float taus_gaus) {
#if ALPHA_TRAINED
    return taus_gaus;
#elif TAUS_TRAINABLE
    return 1.0f / (1.0f / (1.0f + exp(-taus_gaus)) * (TAU_MAX - TAU_MIN) + TAU_MIN);
#else
    return 1.0f / TAU_MIN;
#endif
}

// Compresses row i of network k's effective recurrent matrix W_rec = (relu(w) m) ⊙ som_m (spec §2.1 item 7; the
// family's φ(w ⊙ C_rec + W_fixed)·D with FAMILY_WEIGHTS) to its nonzero entries (column, value) in ascending column
// order, and computes alpha_i. W_rec stays sparse (P_rec = 0.2, relu keeps pruned entries at 0), so the forward pass
// skips the zeros; the sum over the kept entries equals the dense sum exactly. With FAMILY_WEIGHTS it also writes
// row i of the effective W_in and w_out (w_in_eff, w_out_eff), which the forward pass then reads; without, those
// buffers are untouched and the forward pass reads the raw w_in and w_out. Run after every parameter change.
// One work-item per (row i, network k).
__kernel void rate_prepare(__global const float *w, __global const float *som_mask, __global const float *sign,
                           __global const float *taus_gaus, __global int *row_cols, __global float *row_vals,
                           __global int *row_counts, __global float *alpha, __global const float *w_fixed,
                           __global const float *w_in, __global const float *c_in, __global const float *w_in_fixed,
                           __global const float *w_out, __global const float *c_out,
                           __global const float *w_out_fixed, __global float *w_in_eff, __global float *w_out_eff) {
    int i = get_global_id(0);
    int k = get_global_id(1);
    if (i >= N) {
        return;
    }
    size_t row = ((size_t) k * N + i) * N;
    int count = 0;
    for (int j = 0; j < N; j++) {
#if FAMILY_WEIGHTS
        float v = rate_family_weight(w[row + j], som_mask[row + j], w_fixed[row + j], sign[(size_t) k * N + j],
                                     PHI_REC);
#else
        float v = rate_effective_weight(w[row + j], sign[(size_t) k * N + j], som_mask[row + j]);
#endif
        if (v != 0.0f) {
            row_cols[row + count] = j;
            row_vals[row + count] = v;
            count++;
        }
    }
    row_counts[(size_t) k * N + i] = count;
    alpha[(size_t) k * N + i] = rate_alpha(taus_gaus[(size_t) k * N + i]);
#if FAMILY_WEIGHTS
    size_t ki = (size_t) k * N + i;
    for (int c = 0; c < N_IN; c++) {
        size_t at = ki * N_IN + c;
        w_in_eff[at] = rate_family_weight(w_in[at], c_in[at], w_in_fixed[at], 1.0f, PHI_IN);
    }
    w_out_eff[ki] = rate_family_weight(w_out[ki], c_out[ki], w_out_fixed[ki], READOUT_SIGNED ? sign[ki] : 1.0f,
                                       PHI_OUT);
#endif
}
