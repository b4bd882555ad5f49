// The spikeRNN rate model's equations (spec §2.1-2.2), written once here and called by the forward kernel
// (rate_forward.cl: sparse rows, evaluation) and the training kernels (rate_train.cl: dense, states kept for BPTT).
// Build-time constants: N (units), N_IN (inputs), ACTIVATION (0 sigmoid, 1 clipped_relu, 2 softplus),
// DALE (1 when Dale's principle is on), TAU_MIN, TAU_MAX, TAUS_TRAINABLE (0/1), ALPHA_TRAINED (1: taus_gaus holds α
// itself, nn4n's learn_alpha), ALPHA_GRADIENT (TAUS_TRAINABLE or ALPHA_TRAINED), NOISE_FORM, and the family's weight
// parametrisation FAMILY_WEIGHTS, PHI_REC, PHI_IN, PHI_OUT, READOUT_SIGNED (below).
// Built after philox.cl and vector.cl.

// Private arrays per input channel need one slot even without inputs (loops over N_IN then run zero times).
#define N_IN_SLOTS (N_IN > 0 ? N_IN : 1)

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

// pycog's input conditioning (org.eirnn.model.RateNoise): ũ_t = [baseline + u_t + in_sd ξ''_t]₊, rectified when
// rectify, in place on u [tile][t][c][lane] of `lanes` lanes; ξ'' as the CPU reference draws it: stream
// STREAM_INPUT_NOISE, key (seed, network of the slot), counter (t, c >> 2, trial id, stream). Run after every upload
// of a batch, before the forward pass. One work-item per (slot, t): global (slots, steps).
__kernel void rate_condition_inputs(__global float *u, __global const uint *trial_ids,
                                    __global const uint *slot_network, int lanes, int steps, uint seed_low,
                                    float in_sd, float baseline, int rectify) {
    int slot = get_global_id(0);
    int t = get_global_id(1);
    size_t first = ((size_t) (slot / lanes) * steps + t) * N_IN * lanes + slot % lanes;
    uint trial = trial_ids[slot];
    uint k = slot_network[slot];
    for (int g = 0; g < N_IN; g += 4) {
        float z[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        if (in_sd > 0.0f) {
            uint w0, w1, w2, w3;
            philox_1((uint) t, (uint) (g >> 2), trial, (uint) STREAM_INPUT_NOISE, seed_low, k, &w0, &w1, &w2, &w3);
            philox_normals_1(w0, w1, w2, w3, &z[0], &z[1], &z[2], &z[3]);
        }
        for (int l = 0; l < 4 && g + l < N_IN; l++) {
            size_t at = first + (size_t) (g + l) * lanes;
            float v = baseline + u[at] + in_sd * z[l];
            u[at] = rectify ? fmax(v, 0.0f) : v;
        }
    }
}

#if POST_NOISE
// The post-activation noise of nn4n (POST_NOISE, a build constant): r_t = f(x_t) + post_sd ξ'_t, ξ' from
// rate_unit_normals(post_sd, t, ..., STREAM_POST_NOISE, ...) as the CPU reference draws it.
inline floatV rate_post_noise(floatV f, float post_sd, floatV z) {
    return f + post_sd * z;
}
#endif

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

// The readout z_t = g(W_out r_t + b_out) over the N_OUT outputs of one step and its losses (org.eirnn.model's
// OutputActivation and LossFunction; validation/bptt-derivation.md "The model family"). Build-time constants N_OUT,
// OUT_ACT (OutputActivation's order), LOSS_L1, LOSS_MSE, LOSS_CE (one of them or none: l2).
#define OUT_LINEAR 0
#define OUT_SIGMOID 1
#define OUT_SOFTMAX 2

#if OUT_ACT == OUT_SOFTMAX
/** Softmax's shift max a and normaliser Σ e^(a − max a) over one step's outputs. */
inline void rate_softmax_terms(const floatV a[N_OUT], floatV* top, floatV* sum) {
    *top = a[0];
    for (int c = 1; c < N_OUT; c++) {
        *top = fmax(*top, a[c]);
    }
    *sum = 0.0f;
    for (int c = 0; c < N_OUT; c++) {
        *sum += exp(a[c] - *top);
    }
}
#endif

/** z = g(a) over one step's outputs, in place: linear, sigmoid per output, softmax across the outputs. */
inline void rate_output(floatV a[N_OUT]) {
#if OUT_ACT == OUT_SIGMOID
    for (int c = 0; c < N_OUT; c++) {
        a[c] = 1.0f / (1.0f + exp(-a[c]));
    }
#elif OUT_ACT == OUT_SOFTMAX
    floatV top, sum;
    rate_softmax_terms(a, &top, &sum);
    for (int c = 0; c < N_OUT; c++) {
        a[c] = exp(a[c] - top) / sum;
    }
#endif
}

/**
 * δa = J_gᵀ δz of one step, in place over d, with z = g(a): linear δz, sigmoid z(1 − z)δz, softmax
 * z ⊙ (δz − z·δz).
 */
inline void rate_output_backward(const floatV z[N_OUT], floatV d[N_OUT]) {
#if OUT_ACT == OUT_SIGMOID
    for (int c = 0; c < N_OUT; c++) {
        d[c] *= z[c] * (1.0f - z[c]);
    }
#elif OUT_ACT == OUT_SOFTMAX
    floatV dot = 0.0f;
    for (int c = 0; c < N_OUT; c++) {
        dot += z[c] * d[c];
    }
    for (int c = 0; c < N_OUT; c++) {
        d[c] = z[c] * (d[c] - dot);
    }
#endif
}

#if LOSS_CE
/** softplus(v) = log(1 + e^v) without overflow. */
inline floatV rate_softplus(floatV v) {
    return fmax(v, 0.0f) + log1p(exp(-fabs(v)));
}

/**
 * The cross-entropy of output c from the pre-activations a and z = g(a): binary −y log z − (1 − y) log(1 − z) for
 * sigmoid outputs, with log z = −softplus(−a) and log(1 − z) = −softplus(a); categorical −y log z for softmax, with
 * log z = a − max a − log Σ e^(a − max a); −y log z otherwise. Written in a so that it stays finite where z rounds to
 * 0 or 1 in float.
 */
inline floatV rate_cross_entropy(const floatV a[N_OUT], const floatV z[N_OUT], floatV y, int c) {
#if OUT_ACT == OUT_SIGMOID
    return y * rate_softplus(-a[c]) + (1.0f - y) * rate_softplus(a[c]);
#elif OUT_ACT == OUT_SOFTMAX
    floatV top, sum;
    rate_softmax_terms(a, &top, &sum);
    return -y * (a[c] - top - log(sum));
#else
    return -y * log(z[c]);
#endif
}

#if OUT_ACT == OUT_LINEAR
/** ∂/∂z of −y log z (cross-entropy on linear outputs, as the CPU reference defines it). */
inline floatV rate_cross_entropy_slope(floatV z, floatV y) {
    return -y / z;
}
#else
/**
 * δa = J_gᵀ ∂(scale·Σ_c M_c ℓ_c)/∂z of one step for the cross-entropy through g, fused so that no 1/z appears:
 * sigmoid scale·M_c·(z_c − y_c); softmax scale·(z_c·Σ_o M_o y_o − M_c y_c).
 */
inline void rate_cross_entropy_adjoint(const floatV z[N_OUT], const floatV y[N_OUT], const floatV m[N_OUT],
                                       floatV scale, floatV d[N_OUT]) {
#if OUT_ACT == OUT_SIGMOID
    for (int c = 0; c < N_OUT; c++) {
        d[c] = scale * (m[c] * (z[c] - y[c]));
    }
#else
    floatV total = 0.0f;
    for (int c = 0; c < N_OUT; c++) {
        total += m[c] * y[c];
    }
    for (int c = 0; c < N_OUT; c++) {
        d[c] = scale * (z[c] * total - m[c] * y[c]);
    }
#endif
}
#endif
#endif

/**
 * Output c's share of a masked loss, M·|e| (l1), M·e² (l2, mse) or M·ℓ_ce (from the pre-activations a and
 * z = g(a)), and of Σ M.
 */
inline void rate_masked_loss(const floatV a[N_OUT], const floatV z[N_OUT], int c, floatV y, floatV m, floatV* acc,
                             floatV* mask_sum) {
    *mask_sum += m;
#if LOSS_L1
    *acc += m * fabs(z[c] - y);
#elif LOSS_CE
    *acc += m * rate_cross_entropy(a, z, y, c);
#else
    floatV e = z[c] - y;
    *acc += m * e * e;
#endif
}

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

// w_out, c_out, w_out_fixed, w_out_eff are [k][output][i].
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
        // The GPU shape's tiled forward product (WTILE) reads the rows dense: every entry, zeros included.
        if (WTILE || v != 0.0f) {
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
    for (int c = 0; c < N_OUT; c++) {
        size_t at = ((size_t) k * N_OUT + c) * N + i;
        w_out_eff[at] = rate_family_weight(w_out[at], c_out[at], w_out_fixed[at], READOUT_SIGNED ? sign[ki] : 1.0f,
                                           PHI_OUT);
    }
#endif
}
