// Training of an ensemble of rate networks of the model family on the device (spec §2.2–2.3, DESIGN "One model
// family"): forward pass that keeps the states, readout and loss, backpropagation through time, the recurrent weight
// gradient as one GEMM-like reduction, the small gradients, and Adam (TF1 form) or SGD. The host (RateTraining.java) enqueues them in that order;
// parameters, states and Adam moments never leave the device between training steps.
//
// The math is the one of the CPU reference org.eirnn.engine.cpu.FamilyBackprop (derivation in
// validation/bptt-derivation.md):
//   x_t = (1 − α)⊙x_{t−1} + α⊙(W r_{t−1} + W_in u_{t−1}) + ξ_t,  r_t = φ(x_t),  o_t = w_out·r_t + b_out
//   δr_t = g_t w_out + Wᵀ(α⊙δx_{t+1}),  δx_t = φ'(x_t)⊙δr_t + (1 − α)⊙δx_{t+1}
//   ∂L/∂W = Σ_{t,b} (α⊙δx_t) r_{t−1}ᵀ,  ∂L/∂α_i = Σ_{t,b} δx_{t,i} (drive_{t,i} − x_{t−1,i})
//
// Layout. A tile is one lane vector floatV of VW trials (vector.cl). Two ways to fill it:
//  * NET_LANES = 0: network k's B trials fill G = ⌈B/VW⌉ tiles, tile = k·G + g, so every weight read in the inner
//    loops serves VW trials; the parameters the kernels read are one float per network ("param" = network).
//  * NET_LANES = 1 (B < VW, several networks): the K·B (network, trial) pairs fill the lanes in order, pair
//    f = k·B + b in tile f / VW, lane f % VW; every lane has its own weights, so the parameters the kernels read are
//    lane vectors per tile ("param" = tile, prepared lane-interleaved by train_prepare).
// Units are padded to NP (a multiple of 4) and handled four per work-item (a "quad" q = units 4q…4q+3, also the
// Philox unit group), so one read of a lane vector from local memory serves four rows. Padded units and padded
// lanes carry finite values and receive zero weights / zero loss weight, so they never contribute. When the states
// of all tiles do not fit, the host runs the tiles in chunks [first_tile, first_tile + count).
//   states  [tile − first_tile][t][unit] floatV   (r_t, drive_t − x_{t−1}, α⊙δx_t)
//   inputs  [tile][t][c] floatV,  targets, masks and ∂L/∂a  [tile][output][t] floatV,  losses [tile] floatV
//   trainables and their gradients: the session's buffers, w [k][i][j], w_out [k][output][i], b_out [k][output],
//   taus_gaus [k][i]
//
// The family's offsets and trained inputs (validation/bptt-derivation.md "The model family"), each a build constant:
//   B_REC: + b_rec in the drive; X0_MEAN: x_0 = x0 + σ_0 ξ_0; TRAIN_B_REC: ∂L/∂b_rec = Σ_{t,b} α⊙δx_t;
//   TRAIN_X0: ∂L/∂x0 = Σ_b δx_0, δx_0 = φ'(x_0)⊙Wᵀ(α⊙δx_1) + (1 − α)⊙δx_1; TRAIN_W_IN: ∂L/∂W_in = Σ (α⊙δx_t) u_{t−1}ᵀ
//   (then through W_in's parametrisation); TRAIN_B_OUT 0: ∂L/∂b_out = 0 (pycog's fixed readout bias).
// The readout (train_readout): N_OUT outputs z_t = g(W_out r_t + b_out) with g = OUT_ACT, losses l1, l2, masked MSE
// and masked cross-entropy (LOSS_*), δa_t = J_gᵀ ∂L/∂z_t (fused with g for the cross-entropy), and then
// δr_t = δa_t W_out + …; the noise and penalties (FamilyBackprop's equations):
//   POST_NOISE: r_t = f(x_t) + σ_post ξ'_t; f'(x_t) reads f(x_t) from clean_rates, everything else the noisy r_t;
//   inputs conditioned on the device before the forward pass (rate_model.cl's rate_condition_inputs);
//   RATE_PENALTY: δr_t += 2λr r_t/(B(T−1)N); L1_*, L2_*: ∂L/∂W⁺ += (λ1 sign(W⁺) + 2λ2 W⁺)/count per matrix;
//   SGD with global-norm clipping (train_sum_squares, train_sgd) as the other optimiser.
//   OMEGA: pycog's Ω regulariser with weight LAMBDA_OMEGA, λ_Ω ∂Ω/∂W_rec added to ∂L/∂W_rec (see "Ω" below); without
//   it (OMEGA 0) the kernels are exactly those without Ω.
//
// Build-time constants: those of rate_model.cl and vector.cl, LOSS_L1, STREAM_X0, STREAM_NOISE, and NP, NQ = NP/4,
// T, G, PART (floats per tile of partial sums), TC (steps per weight-gradient slice), TB = ⌈(T−1)/TC⌉, NET_LANES,
// K (networks), BPN (trials per network), TPG (tiles per work-group) and WTILE (W_rec columns per local tile, 0 in
// the CPU shape; see "The GPU shape" below).
// T is the length of the session's trials and of every per-tile buffer. The argument t_end ≤ T of train_forward,
// train_readout, train_backward and train_weight_gradient is where a batch's time loops stop: the step after its last
// masked target when nothing past it enters the objective (masked, mask-normalised losses without rate penalties:
// org.eirnn.engine.LossHorizon), else T. Past it the loss, the adjoints and every gradient share are exactly 0, so
// stopping there gives the gradients of the whole T steps, and the steps past it are neither computed nor read.
// Built after philox.cl, vector.cl and rate_model.cl (the per-unit equations: rate_euler_step, rate_initial_state,
// rate_unit_normals, rate_phi, rate_alpha).

// Where each per-tile partial sum starts: ∂L/∂w_out [output][unit], ∂L/∂α [unit], ∂L/∂b_out [output], then the
// family's trained offsets and inputs (PART includes them when trained).
#define PART_W_OUT 0
#define PART_ALPHA (N_OUT * NP)
#define PART_B_OUT ((N_OUT + 1) * NP)
#define PART_B_REC (PART_B_OUT + N_OUT)
#define PART_X0 (PART_B_REC + NP)
#define PART_W_IN (PART_X0 + NP)

#if NET_LANES
#define paramV floatV
#define paramU uintV
#define PW VW
#define PARAM_OF_TILE(tile) (tile)
// Per-tile partial sums stay per lane, one for each (network, trial) pair.
#define LANE_REDUCE(v) (v)
#define SLOTS_PER_NETWORK BPN
#else
#define paramV float
#define paramU uint
#define PW 1
#define PARAM_OF_TILE(tile) ((tile) / G)
#define LANE_REDUCE(v) lane_sum(v)
#define SLOTS_PER_NETWORK G
#endif

inline float lane_sum(floatV v) {
#if VW == 1
    return v;
#elif VW == 2
    return v.s0 + v.s1;
#elif VW == 4
    return (v.s0 + v.s1) + (v.s2 + v.s3);
#elif VW == 8
    float4 h = v.lo + v.hi;
    return (h.s0 + h.s1) + (h.s2 + h.s3);
#else
    float8 a = v.lo + v.hi;
    float4 h = a.lo + a.hi;
    return (h.s0 + h.s1) + (h.s2 + h.s3);
#endif
}

/** φ'(x) written in terms of r = φ(x) (spec §2.2); 0 where a clip is active, as TF's autodiff gives. */
inline floatV phi_prime_of_rate(floatV r) {
#if ACTIVATION == ACT_SIGMOID
    return r * (1.0f - r);
#elif ACTIVATION == ACT_CLIPPED_RELU
    return select((floatV) 0.0f, (floatV) 1.0f, isgreater(r, (floatV) 0.0f) & isless(r, (floatV) ACT_CLIP));
#elif ACTIVATION == ACT_SOFTPLUS
    // softplus' = sigmoid(x) = 1 − e^{−r} for r = log(1 + e^x).
    return select((floatV) 0.0f, -expm1(-r), isless(r, (floatV) ACT_CLIP));
#elif ACTIVATION == ACT_RECTIFY
    return select((floatV) 0.0f, (floatV) 1.0f, isgreater(r, (floatV) 0.0f));
#elif ACTIVATION == ACT_TANH
    return 1.0f - r * r;
#elif ACTIVATION == ACT_RTANH
    // r = max(tanh x, 0): 1 − tanh² where x > 0 (r > 0), else 0.
    return select((floatV) 0.0f, 1.0f - r * r, isgreater(r, (floatV) 0.0f));
#else
    return (floatV) 1.0f;
#endif
}

/**
 * acc[a] += Σ_j W[4q+a][j] · v[j], j < cols, for the four rows of a quad; m is the quad's row block of
 * train_prepare's quad-interleaved matrix: per column j four weights, one float each (NET_LANES = 0) or one lane
 * vector each, column j at m + j·cs·4·PW (cs = 1 in global memory, NQ in the GPU shape's local tile). The body is
 * written once for both address spaces (QUAD_MATVEC_BODY):
 *  * NET_LANES: one lane vector per weight;
 *  * VW = 1 (one trial): the quad's four rows are the vector, so one float4 FMA serves four rows (four chains in
 *    flight);
 *  * otherwise even and odd j go to separate accumulators so that eight FMAs are in flight, enough to hide the FMA
 *    latency.
 */
#if NET_LANES
#define QUAD_MATVEC_BODY(space, cols, cs) \
    space const floatV* mv = (space const floatV*) m; \
    floatV s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f; \
    for (int j = 0; j < (cols); j++) { \
        floatV vj = v[j]; \
        s0 += mv[4 * j * (cs)] * vj; \
        s1 += mv[4 * j * (cs) + 1] * vj; \
        s2 += mv[4 * j * (cs) + 2] * vj; \
        s3 += mv[4 * j * (cs) + 3] * vj; \
    } \
    acc[0] += s0; \
    acc[1] += s1; \
    acc[2] += s2; \
    acc[3] += s3;
#elif VW == 1
#define QUAD_MATVEC_BODY(space, cols, cs) \
    space const float4* m4 = (space const float4*) m; \
    float4 s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f; \
    for (int j = 0; j < (cols); j += 4) { \
        s0 += m4[j * (cs)] * v[j]; \
        s1 += m4[(j + 1) * (cs)] * v[j + 1]; \
        s2 += m4[(j + 2) * (cs)] * v[j + 2]; \
        s3 += m4[(j + 3) * (cs)] * v[j + 3]; \
    } \
    float4 s = (s0 + s1) + (s2 + s3); \
    acc[0] += s.s0; \
    acc[1] += s.s1; \
    acc[2] += s.s2; \
    acc[3] += s.s3;
#else
#define QUAD_MATVEC_BODY(space, cols, cs) \
    space const float4* m4 = (space const float4*) m; \
    floatV e0 = 0.0f, e1 = 0.0f, e2 = 0.0f, e3 = 0.0f; \
    floatV o0 = 0.0f, o1 = 0.0f, o2 = 0.0f, o3 = 0.0f; \
    for (int j = 0; j < (cols); j += 2) { \
        float4 we = m4[j * (cs)]; \
        float4 wo = m4[(j + 1) * (cs)]; \
        floatV ve = v[j]; \
        floatV vo = v[j + 1]; \
        e0 += we.s0 * ve; \
        e1 += we.s1 * ve; \
        e2 += we.s2 * ve; \
        e3 += we.s3 * ve; \
        o0 += wo.s0 * vo; \
        o1 += wo.s1 * vo; \
        o2 += wo.s2 * vo; \
        o3 += wo.s3 * vo; \
    } \
    acc[0] += e0 + o0; \
    acc[1] += e1 + o1; \
    acc[2] += e2 + o2; \
    acc[3] += e3 + o3;
#endif

/** QUAD_MATVEC_BODY over all NP columns of a prepared matrix in global memory (the CPU shape's product). */
inline void quad_matvec(global const float* m, local const floatV* v, floatV acc[4]) {
    QUAD_MATVEC_BODY(global, NP, 1)
}

/** The quad's row block of a prepared matrix (wf or wb) for param index p. */
#define QUAD_BLOCK(m, p, q) ((m) + (((size_t) (p) * NQ + (q)) * NP) * 4 * PW)

// The GPU shape (WTILE > 0, TPG tiles per work-group; org.eirnn.engine.opencl.KernelShape): the work-group is NQ
// quads × TPG tiles of one network (TPG = 1 with NET_LANES, whose tiles have their own weights), and the recurrent
// products read the network's prepared matrix through a local tile of WTILE columns of every quad's rows, loaded
// by the whole group, so one global read of a weight serves TPG tiles. The CPU shape (WTILE = 0, TPG = 1) reads
// each quad's rows from global memory (quad_matvec).
#if WTILE
/** Floats of the group's W_rec tile: WTILE columns × NQ quads × 4 rows (× VW lanes with NET_LANES), [j][q][row]. */
#define W_TILE_FLOATS (WTILE * NQ * 4 * PW)

/** QUAD_MATVEC_BODY over `cols` columns of the local tile (column stride NQ blocks). */
inline void quad_matvec_local(local const float* m, local const floatV* v, floatV acc[4], int cols) {
    QUAD_MATVEC_BODY(local, cols, NQ)
}

/**
 * quad_matvec for quad get_local_id(0), the network's prepared matrix (m_p: its first quad block) brought through
 * w_tile WTILE columns at a time; every work-item of the group calls it (barriers).
 */
inline void quad_matvec_tiled(global const float* m_p, local float* w_tile, local const floatV* v, floatV acc[4]) {
    const int q = get_local_id(0);
    const int flat = get_local_id(1) * NQ + q;
    for (int j0 = 0; j0 < NP; j0 += WTILE) {
        const int jn = min(WTILE, NP - j0);
        barrier(CLK_LOCAL_MEM_FENCE);  // every work-item is done with the previous tile
        for (int e = flat; e < NQ * jn * 4 * PW; e += NQ * TPG) {
            // Consecutive e read consecutive global words (one quad's columns), written to [j][q][row] here.
            const int r = e % (4 * PW);
            const int jj = e / (4 * PW) % jn;
            const int qq = e / (4 * PW) / jn;
            w_tile[(jj * NQ + qq) * 4 * PW + r] = m_p[((size_t) qq * NP + j0 + jj) * 4 * PW + r];
        }
        barrier(CLK_LOCAL_MEM_FENCE);  // the tile is complete
        quad_matvec_local(w_tile + q * 4 * PW, v + j0, acc, jn);
    }
}
#define RECURRENT_MATVEC(m, p, q, v, acc) quad_matvec_tiled(QUAD_BLOCK(m, p, 0), w_tile, v, acc)
#else
#define W_TILE_FLOATS 1
#define RECURRENT_MATVEC(m, p, q, v, acc) quad_matvec(QUAD_BLOCK(m, p, q), v, acc)
#endif
// The work-group's tile of this work-item (0 in the CPU shape) and the tile's first work-group-local vector.
#define GROUP_SLICE (TPG == 1 ? 0 : (int) get_local_id(1))


/**
 * One per-tile partial sum as seen by network k's sums: slot s is a tile (NET_LANES = 0; the lanes were summed) or
 * a (network, trial) pair (NET_LANES = 1). Network k owns slots [k·SLOTS_PER_NETWORK, (k+1)·SLOTS_PER_NETWORK);
 * part holds per tile `stride` values (times VW lanes with NET_LANES), and the wanted one is at `offset`.
 */
inline float slot_value(global const float* part, size_t stride, size_t offset, int slot) {
#if NET_LANES
    return part[((size_t) (slot / VW) * stride + offset) * VW + slot % VW];
#else
    return part[(size_t) slot * stride + offset];
#endif
}

/** The tile holding slot s. */
#if NET_LANES
#define TILE_OF_SLOT(s) ((s) / VW)
#define SLOTS_PER_TILE VW
#else
#define TILE_OF_SLOT(s) (s)
#define SLOTS_PER_TILE 1
#endif

// ---------------------------------------------------------------------------------------------------------
/**
 * What the training kernels read of the parameters, per param index p (network, or tile with NET_LANES):
 * W_rec = (relu(w)·m) ⊙ som_m with Dale, w ⊙ som_m without (spec §2.1 item 7; with FAMILY_WEIGHTS the family's
 * φ(w ⊙ C_rec + W_fixed)·D, and w_out, w_in through their own masks, fixed entries and φ), written twice in quad-interleaved
 * form for the two matrix–vector products: wf[p][q][j][a] = W[4q+a][j] (forward), wb[p][q][i][a] = W[i][4q+a]
 * (backward, Wᵀ); α = Δt/τ, w_out, w_in padded to NP units; b_out; and the network index that keys the noise.
 * With NET_LANES every value is written into its lane of the tile's vectors. Global (NP, NP, K), or
 * (NP, NP, tiles·VW) with NET_LANES (one z per lane).
 */
kernel void train_prepare(global const float* w, global const float* sign, global const float* som,
                          global const float* taus_gaus, global const float* w_out, global const float* b_out,
                          global const float* w_in, global float* wf, global float* wb, global float* alpha,
                          global float* wout_padded, global float* win_padded, global float* bias,
                          global uint* lane_network, global const float* w_fixed, global const float* c_in,
                          global const float* w_in_fixed, global const float* c_out,
                          global const float* w_out_fixed, global const float* b_rec, global const float* x0,
                          global float* brec_padded, global float* x0_padded) {
    int j = get_global_id(0);
    int i = get_global_id(1);
#if NET_LANES
    int pair = get_global_id(2);
    // Lanes past the K·B pairs get zeros (no weights, α = 0), so their dummy trials stay finite.
    bool real = pair < K * BPN;
    int k = real ? pair / BPN : 0;
    size_t p = pair / VW;
    int lane = pair % VW;
#define PUT(buf, at, value) ((buf)[(size_t) (at) * VW + lane] = (value))
#else
    int k = get_global_id(2);
    size_t p = k;
    bool real = true;
#define PUT(buf, at, value) ((buf)[at] = (value))
#endif
    bool unit_i = real && i < N;
    float value = 0.0f;
    if (unit_i && j < N) {
        size_t kij = ((size_t) k * N + i) * N + j;
#if FAMILY_WEIGHTS
        value = rate_family_weight(w[kij], som[kij], w_fixed[kij], sign[k * N + j], PHI_REC);
#else
        value = rate_effective_weight(w[kij], sign[k * N + j], som[kij]);
#endif
    }
    PUT(wf, ((p * NQ + i / 4) * NP + j) * 4 + i % 4, value);
    PUT(wb, ((p * NQ + j / 4) * NP + i) * 4 + j % 4, value);
    if (j == 0) {
        PUT(alpha, p * NP + i, unit_i ? rate_alpha(taus_gaus[k * N + i]) : 0.0f);
#if B_REC
        PUT(brec_padded, p * NP + i, unit_i ? b_rec[k * N + i] : 0.0f);
#endif
#if X0_MEAN
        PUT(x0_padded, p * NP + i, unit_i ? x0[k * N + i] : 0.0f);
#endif
#if FAMILY_WEIGHTS
        size_t ki = (size_t) k * N + i;
        for (int oc = 0; oc < N_OUT; oc++) {
            size_t at = ((size_t) k * N_OUT + oc) * N + i;
            PUT(wout_padded, (p * N_OUT + oc) * NP + i, unit_i ? rate_family_weight(w_out[at], c_out[at],
                    w_out_fixed[at], READOUT_SIGNED ? sign[ki] : 1.0f, PHI_OUT) : 0.0f);
        }
        for (int ch = 0; ch < N_IN; ch++) {
            size_t at = ki * N_IN + ch;
            PUT(win_padded, (p * NP + i) * N_IN + ch,
                unit_i ? rate_family_weight(w_in[at], c_in[at], w_in_fixed[at], 1.0f, PHI_IN) : 0.0f);
        }
#else
        for (int oc = 0; oc < N_OUT; oc++) {
            PUT(wout_padded, (p * N_OUT + oc) * NP + i, unit_i ? w_out[((size_t) k * N_OUT + oc) * N + i] : 0.0f);
        }
        for (int ch = 0; ch < N_IN; ch++) {
            PUT(win_padded, (p * NP + i) * N_IN + ch, unit_i ? w_in[((size_t) k * N + i) * N_IN + ch] : 0.0f);
        }
#endif
        if (i == 0) {
            for (int oc = 0; oc < N_OUT; oc++) {
                PUT(bias, p * N_OUT + oc, real ? b_out[k * N_OUT + oc] : 0.0f);
            }
            PUT(lane_network, p, (uint) k);
        }
    }
#undef PUT
}

#if NOISE_FORM != NOISE_SPIKERNN
/**
 * The Euler step with the family's noise s(α)·noise_sd·ξ_t (rate_noise_scale); with a trained α or τ it also stores
 * ∂x_t/∂α = D_t − x_{t−1} + noise_sd·ξ_t·s'(α) at gap.
 */
inline floatV noise_form_step(paramV a, floatV x_prev, floatV drive, float noise_sd, floatV z, global floatV* gap) {
#if ALPHA_GRADIENT
    *gap = drive - x_prev + noise_sd * z * rate_noise_scale_slope(a);
#endif
    return rate_euler_step(a, x_prev, drive, noise_sd, rate_noise_scale(a) * z);
}
#endif

/**
 * Forward pass of spec §2.2 keeping r_t for every step (and drive_t − x_{t−1} when the taus train). One
 * work-group per tile with NQ work-items, one quad each; the whole time loop runs here with a barrier per step.
 * Global (NQ·count/TPG, TPG), local (NQ, TPG): TPG tiles of one network per work-group (1 in the CPU shape).
 */
kernel void train_forward(global const float* wf, global const paramV* alpha, global const paramV* win_padded,
                          global const paramU* lane_network, global const floatV* u, global const uintV* trial_ids,
                          global floatV* rates, global floatV* drive_gap, int seed, float noise_sd, float x0_sd,
                          int first_tile, global const paramV* brec_padded, global const paramV* x0_padded,
                          float post_sd, global floatV* clean_rates, int t_end) {
    local floatV r_tiles[TPG * NP];
    local float w_tile[W_TILE_FLOATS];
    local floatV* r_prev = r_tiles + GROUP_SLICE * NP;
    int q = get_local_id(0);
    size_t chunk_tile = get_group_id(0) * TPG + GROUP_SLICE;
    size_t kg = first_tile + chunk_tile;
    size_t state = chunk_tile * (size_t) T * NP;
    size_t p = PARAM_OF_TILE(kg);
    paramU k = lane_network[p];
    uintV trial = trial_ids[kg];
    paramV a[4];
    paramV win[4][N_IN_SLOTS];
    for (int c = 0; c < 4; c++) {
        a[c] = alpha[p * NP + 4 * q + c];
        for (int ch = 0; ch < N_IN; ch++) {
            win[c][ch] = win_padded[(p * NP + 4 * q + c) * N_IN + ch];
        }
    }
#if B_REC
    global const paramV* brec = brec_padded + p * NP + 4 * q;
#endif
    global floatV* r_out = rates + state + 4 * q;
#if ALPHA_GRADIENT
    global floatV* gap_out = drive_gap + state + 4 * q;
#endif
    global const floatV* u_kg = u + kg * T * N_IN;

    floatV x[4];
    floatV n[4];
#if POST_NOISE
    global floatV* clean_out = clean_rates + state + 4 * q;
    floatV np[4];
    rate_unit_normals(post_sd, 0, 4 * q, trial, STREAM_POST_NOISE, seed, k, np);
#endif
    rate_unit_normals(x0_sd, 0, 4 * q, trial, STREAM_X0, seed, k, n);
    for (int c = 0; c < 4; c++) {
        x[c] = rate_initial_state(x0_sd, n[c]);
#if X0_MEAN
        x[c] += x0_padded[p * NP + 4 * q + c];
#endif
        floatV r = rate_phi(x[c]);
#if POST_NOISE
        clean_out[c] = r;
        r = rate_post_noise(r, post_sd, np[c]);
#endif
        r_out[c] = r;
        r_prev[4 * q + c] = r;
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    for (int t = 1; t < t_end; t++) {
        floatV drive[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        // Always true (σ ≥ 0). Without a guard POCL's work-group compiler puts the work-item loop inside the j loop
        // (an implicit loop barrier) and the accumulators go through memory: the forward ran 2× slower. The
        // backward pass's loop sits under its own condition (t < t_end−1).
        if (noise_sd >= 0.0f) {
            RECURRENT_MATVEC(wf, p, q, r_prev, drive);
        }
        for (int ch = 0; ch < N_IN; ch++) {
            floatV uc = u_kg[(t - 1) * N_IN + ch];
            for (int c = 0; c < 4; c++) {
                drive[c] += win[c][ch] * uc;
            }
        }
#if B_REC
        for (int c = 0; c < 4; c++) {
            drive[c] += brec[c];
        }
#endif
        rate_unit_normals(noise_sd, t, 4 * q, trial, STREAM_NOISE, seed, k, n);
#if POST_NOISE
        rate_unit_normals(post_sd, t, 4 * q, trial, STREAM_POST_NOISE, seed, k, np);
#endif
        barrier(CLK_LOCAL_MEM_FENCE);  // every work-item has read r_{t−1}
        for (int c = 0; c < 4; c++) {
#if NOISE_FORM != NOISE_SPIKERNN
            x[c] = noise_form_step(a[c], x[c], drive[c], noise_sd, n[c], drive_gap + state + t * NP + 4 * q + c);
#else
#if ALPHA_GRADIENT
            gap_out[t * NP + c] = drive[c] - x[c];
#endif
            x[c] = rate_euler_step(a[c], x[c], drive[c], noise_sd, n[c]);
#endif
            floatV r = rate_phi(x[c]);
#if POST_NOISE
            clean_out[t * NP + c] = r;
            r = rate_post_noise(r, post_sd, np[c]);
#endif
            r_out[t * NP + c] = r;
            r_prev[4 * q + c] = r;
        }
        barrier(CLK_LOCAL_MEM_FENCE);  // r_t complete
    }
}

/**
 * ∂/∂z of one output element: scale·M·sign(e) (l1), scale·M·e (l2, mse) or scale·M·∂ℓ_ce/∂z (linear outputs), M = 1
 * without a loss mask. M before the scale: l2's scale is 1/FLT_MIN-sized on a trial whose steps are all masked out,
 * and its zeros must not become NaN.
 */
#if !(LOSS_CE && OUT_ACT != OUT_LINEAR)
inline floatV step_slope(floatV z, floatV y, floatV m, floatV scale) {
#if LOSS_MASKED && LOSS_L1
    return scale * (m * sign(z - y));
#elif LOSS_MASKED && LOSS_CE
    return scale * (m * rate_cross_entropy_slope(z, y));
#elif LOSS_MASKED
    return scale * (m * (z - y));
#elif LOSS_L1
    return scale * sign(z - y);
#else
    return scale * (z - y);
#endif
}
#endif

/** δa_t of one step from z_t, its targets y and mask m (step_slope through g; the cross-entropy fused with g). */
inline void step_adjoint(const floatV z[N_OUT], const floatV y[N_OUT], const floatV m[N_OUT], floatV scale,
                         floatV d[N_OUT]) {
#if LOSS_CE && OUT_ACT != OUT_LINEAR
    rate_cross_entropy_adjoint(z, y, m, scale, d);
#else
    for (int oc = 0; oc < N_OUT; oc++) {
        d[oc] = step_slope(z[oc], y[oc], m[oc], scale);
    }
    rate_output_backward(z, d);
#endif
}

/** One step's pre-activations a = W_out r_t + b_out of a tile and z_t = g(a) (rate_output). */
inline void readout_step(global const paramV* wo, global const paramV* b, global const floatV* r_t, floatV a[N_OUT],
                         floatV z[N_OUT]) {
    for (int oc = 0; oc < N_OUT; oc++) {
        floatV o = b[oc];
        for (int i = 0; i < NP; i++) {
            o += wo[oc * NP + i] * r_t[i];
        }
        a[oc] = o;
        z[oc] = o;
    }
    rate_output(z);
}

/**
 * train_readout's first pass over t = 1 … t_end−1: z_t into d_kg, the trial's loss sum (returned), and Σ M (masked
 * losses) and Σ_{t, i} r² (RATE_PENALTY) added into *mask_sum and *sq.
 */
inline floatV readout_loss_sum(global const paramV* wo, global const paramV* b, global const floatV* r_kg,
                               global const floatV* y_kg, global const floatV* m_kg, global floatV* d_kg,
                               floatV* mask_sum, floatV* sq, int t_end) {
    floatV acc = 0.0f;
    for (int t = 1; t < t_end; t++) {
#if RATE_PENALTY
        for (int i = 0; i < N; i++) {
            *sq += r_kg[t * NP + i] * r_kg[t * NP + i];
        }
#endif
        floatV a[N_OUT];
        floatV z[N_OUT];
        readout_step(wo, b, r_kg + t * NP, a, z);
        for (int oc = 0; oc < N_OUT; oc++) {
            floatV y = y_kg[oc * T + t - 1];
            d_kg[oc * T + t] = z[oc];
#if LOSS_MASKED
            rate_masked_loss(a, z, oc, y, m_kg[oc * T + t - 1], &acc, mask_sum);
#elif LOSS_L1
            acc += fabs(z[oc] - y);
#else
            floatV e = z[oc] - y;
            acc += e * e;
#endif
        }
    }
    return acc;
}

/** train_readout's second pass: δa_t from the z_t in d_kg (step_adjoint), written over them; Σ_t δa_t into d_bias. */
inline void readout_adjoints(global floatV* d_kg, global const floatV* y_kg, global const floatV* m_kg,
                             floatV scale, floatV d_bias[N_OUT], int t_end) {
    for (int oc = 0; oc < N_OUT; oc++) {
        d_bias[oc] = 0.0f;
    }
    for (int t = 1; t < t_end; t++) {
        floatV z[N_OUT], y[N_OUT], m[N_OUT], d[N_OUT];
        for (int oc = 0; oc < N_OUT; oc++) {
            z[oc] = d_kg[oc * T + t];
            y[oc] = y_kg[oc * T + t - 1];
#if LOSS_MASKED
            m[oc] = m_kg[oc * T + t - 1];
#else
            m[oc] = 1.0f;
#endif
        }
        step_adjoint(z, y, m, scale, d);
        for (int oc = 0; oc < N_OUT; oc++) {
            d_kg[oc * T + t] = d[oc];
            d_bias[oc] += d[oc];
        }
    }
}

/**
 * Outputs z_t = g(W_out r_t + b_out), the per-trial loss of spec §2.3 (output time t paired with target index t−1)
 * and ∂L/∂a_t of the network's objective: lane_weight is 1/B for real trials (1/Σ M of the network for mse and
 * cross-entropy), 0 for padding. Also the lane group's share of ∂L/∂b_out. One work-item per tile. Global (count).
 */
kernel void train_readout(global const floatV* rates, global const paramV* wout_padded, global const paramV* bias,
                          global const floatV* target, global const floatV* lane_weight, global floatV* d_out,
                          global floatV* loss, global paramV* partial, int first_tile, global const floatV* mask,
                          global floatV* rate_sq, int t_end) {
    size_t kg = first_tile + get_global_id(0);
    size_t p = PARAM_OF_TILE(kg);
    global const floatV* r_kg = rates + get_global_id(0) * (size_t) T * NP;
    global floatV* d_kg = d_out + kg * N_OUT * T;
    global const floatV* y_kg = target + kg * N_OUT * T;
    global const floatV* m_kg = mask + kg * N_OUT * T;  // read only with LOSS_MASKED
    floatV mask_sum = 0.0f;
    floatV sq = 0.0f;
    floatV acc = readout_loss_sum(wout_padded + p * N_OUT * NP, bias + p * N_OUT, r_kg, y_kg, m_kg, d_kg,
                                  &mask_sum, &sq, t_end);
#if LOSS_MSE || LOSS_CE
    // The trial's reported loss Σ M ℓ / Σ M; ∂/∂z = M ∂ℓ/∂z / Σ M over the network's trials (lane_weight).
    floatV l = select((floatV) 0.0f, acc / mask_sum, isgreater(mask_sum, (floatV) 0.0f));
    floatV scale = (LOSS_MSE ? 2.0f : 1.0f) * lane_weight[kg];
#elif LOSS_L1
    floatV l = acc;
    floatV scale = lane_weight[kg];
#else
    floatV l = sqrt(acc);
    // e / L, and 0 at L = 0 (then every e is 0).
    floatV scale = lane_weight[kg] / fmax(l, (floatV) FLT_MIN);
#endif
    loss[kg] = l;
#if RATE_PENALTY
    rate_sq[kg] = sq;  // Σ_{t ≥ 1, i} r², for the host's λr·mean(r²)
#endif
    floatV d_bias[N_OUT];
    readout_adjoints(d_kg, y_kg, m_kg, scale, d_bias, t_end);
    for (int oc = 0; oc < N_OUT; oc++) {
#if TRAIN_B_OUT
        partial[kg * PART + PART_B_OUT + oc] = LANE_REDUCE(d_bias[oc]);
#else
        partial[kg * PART + PART_B_OUT + oc] = 0.0f;
#endif
    }
}
#if TRAIN_B_REC || TRAIN_W_IN
/** Zeroes a quad's sums for ∂L/∂b_rec and ∂L/∂W_in. */
inline void zero_input_sums(floatV grad_brec[4], floatV grad_win[4][N_IN_SLOTS]) {
    for (int c = 0; c < 4; c++) {
        grad_brec[c] = 0.0f;
        for (int ch = 0; ch < N_IN; ch++) {
            grad_win[c][ch] = 0.0f;
        }
    }
}

/** Adds unit c's α⊙δx_t to ∂L/∂b_rec and (α⊙δx_t)·ũ_{t−1} to ∂L/∂W_in, for those that train. */
inline void add_input_sums(floatV grad_brec[4], floatV grad_win[4][N_IN_SLOTS], int c, floatV d,
                           global const floatV* u_prev) {
#if TRAIN_B_REC
    grad_brec[c] += d;
#endif
#if TRAIN_W_IN
    for (int ch = 0; ch < N_IN; ch++) {
        grad_win[c][ch] += d * u_prev[ch];
    }
#endif
}

/** Writes the quad's shares of ∂L/∂b_rec and ∂L/∂W_in into the tile's partial sums (PART_B_REC, PART_W_IN). */
inline void write_input_sums(floatV grad_brec[4], floatV grad_win[4][N_IN_SLOTS], global paramV* part, int q) {
    for (int c = 0; c < 4; c++) {
#if TRAIN_B_REC
        part[PART_B_REC + 4 * q + c] = LANE_REDUCE(grad_brec[c]);
#endif
#if TRAIN_W_IN
        for (int ch = 0; ch < N_IN; ch++) {
            part[PART_W_IN + (4 * q + c) * N_IN + ch] = LANE_REDUCE(grad_win[c][ch]);
        }
#endif
    }
}
#endif

#if TRAIN_X0
/**
 * The quad's share of ∂L/∂x0 = Σ_b δx_0, δx_0 = φ'(x_0)⊙Wᵀ(α⊙δx_1) + (1 − α)⊙δx_1 (no readout at t = 0), after the
 * backward loop: delta_next holds α⊙δx_1, dx holds δx_1, r_kg the quad's f(x_t) from t = 0.
 */
inline void write_initial_state_gradient(global const float* wb, size_t p, local float* w_tile,
                                         local const floatV* delta_next,
                                         global const floatV* r_kg, paramV a[4], floatV dx[4],
                                         global paramV* part, int q) {
    floatV dr0[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    RECURRENT_MATVEC(wb, p, q, delta_next, dr0);
    for (int c = 0; c < 4; c++) {
        floatV dx0 = phi_prime_of_rate(r_kg[c]) * dr0[c] + (1.0f - a[c]) * dx[c];
        part[PART_X0 + 4 * q + c] = LANE_REDUCE(dx0);
    }
}
#endif

#if OMEGA
// pycog's vanishing-gradient regulariser Ω (spec peers §1.4, validation/bptt-derivation.md "Ω"; the CPU reference is
// org.eirnn.engine.cpu.OmegaRegulariser). Per trial (lane) and step s = 1 … T−1, with g = δx_s and the one-step map
// v = (1 − α)⊙g + ((α⊙g) W_rec)⊙f'(x_s) (f' at x_s, pycog's index), q = ‖v‖²/‖g‖²; the steps with ‖g‖² ≥ the bound
// count, Ω = Σ (q − 1)² / count over the network's steps and trials, and
//   λ_Ω ∂Ω/∂W_ij = λ_Ω/count · Σ_{s,b} c_s (α⊙g)_i (v⊙f'(x_s))_j,   c_s = 4(q − 1)/‖g‖² (0 for a step that does not count).
// train_backward shares BPTT's product (α⊙δx_s)W_rec, reduces ‖g‖² and ‖v‖² over the work-group per lane, stores
// c_s·v⊙f'(x_s) at step s − 1 of omega_right (so train_weight_gradient, run on it in place of r, sums the outer
// products with α⊙δx_s) and the tile's Σ (q − 1)² and count at PART_OMEGA; train_omega_gradient_sum scales the sum
// by λ_Ω/count (build constant LAMBDA_OMEGA) once the network's count is complete and adds it to ∂L/∂w through
// W_rec's parametrisation.
#define OMEGA_BOUND 1e-20f
#define PART_OMEGA (PART - 2)

/** The quad's share of step s: v⊙f'(x_s) into right, Σ g² and Σ v² over its four units into the slots gg[q], vv[q]. */
inline void omega_quad_terms(const floatV g[4], const floatV gw[4], global const floatV* f_s, const paramV a[4],
                             floatV right[4], local floatV* gg, local floatV* vv, int q) {
    floatV sg = 0.0f;
    floatV sv = 0.0f;
    for (int c = 0; c < 4; c++) {
        floatV slope = phi_prime_of_rate(f_s[c]);
        floatV v = (1.0f - a[c]) * g[c] + gw[c] * slope;
        sg += g[c] * g[c];
        sv += v * v;
        right[c] = v * slope;
    }
    gg[q] = sg;
    vv[q] = sv;
}

/**
 * One work-item, after the slots are complete: per lane ‖g‖² and ‖v‖² over the work-group, the coefficient c_s into
 * *coef, and (q − 1)² and 1 added to the tile's *sum and *count for a step that counts.
 */
inline void omega_step_coefficient(local const floatV* gg, local const floatV* vv, local floatV* coef, floatV* sum,
                                   floatV* count) {
    floatV g2 = 0.0f;
    floatV v2 = 0.0f;
    for (int p = 0; p < NQ; p++) {
        g2 += gg[p];
        v2 += vv[p];
    }
    floatV qm1 = v2 / g2 - 1.0f;
    *coef = select((floatV) 0.0f, 4.0f * qm1 / g2, isgreaterequal(g2, (floatV) OMEGA_BOUND));
    *sum += select((floatV) 0.0f, qm1 * qm1, isgreaterequal(g2, (floatV) OMEGA_BOUND));
    *count += select((floatV) 0.0f, (floatV) 1.0f, isgreaterequal(g2, (floatV) OMEGA_BOUND));
}

/** The quad's c_s·v⊙f'(x_s) into its place (step s − 1 of omega_right), once the coefficient is complete. */
inline void omega_store(global floatV* out, local const floatV* coef, const floatV right[4]) {
    for (int c = 0; c < 4; c++) {
        out[c] = coef[0] * right[c];
    }
}

/** BPTT's dr += gw, where gw = Wᵀ(α⊙δx_{t+1}) is also Ω's (α⊙g)W_rec of step t + 1 (one product for both). */
inline void add_shared_product(floatV dr[4], const floatV gw[4]) {
    for (int c = 0; c < 4; c++) {
        dr[c] += gw[c];
    }
}

/**
 * After the backward loop: step 1 (g = δx_1 in dx, gw = (α⊙δx_1) W_rec, f(x_1) at f_1), then the tile's Σ
 * (q − 1)² and count into its partial sums. Every work-item of the group calls it (two barriers).
 */
inline void omega_step_one(const floatV gw[4], const floatV dx[4], global const floatV* f_1, const paramV a[4],
                           local floatV* gg, local floatV* vv, local floatV* coef, floatV* sum, floatV* count,
                           global floatV* out, global paramV* part, int q) {
    floatV right[4];
    omega_quad_terms(dx, gw, f_1, a, right, gg, vv, q);
    barrier(CLK_LOCAL_MEM_FENCE);
    if (q == 0) {
        omega_step_coefficient(gg, vv, coef, sum, count);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    omega_store(out, coef, right);
    if (q == 0) {
        part[PART_OMEGA] = LANE_REDUCE(*sum);
        part[PART_OMEGA + 1] = LANE_REDUCE(*count);
    }
}
#endif

/**
 * The readout's and the rate penalty's shares of δr_t for a quad: Σ_o W_out[o]·δa_o (δa_o read from d_t, T apart,
 * into dout) + rc·r_t with RATE_PENALTY (rc = 2λr/(B(T−1)N) for real lanes, 0 for padding).
 */
inline void rate_adjoint_from_readout(paramV wo[N_OUT][4], global const floatV* d_t, floatV rc,
                                      global const floatV* r_t, floatV dout[N_OUT], floatV dr[4]) {
    for (int oc = 0; oc < N_OUT; oc++) {
        dout[oc] = d_t[oc * T];
    }
    for (int c = 0; c < 4; c++) {
        dr[c] = wo[0][c] * dout[0];
        for (int oc = 1; oc < N_OUT; oc++) {
            dr[c] += wo[oc][c] * dout[oc];
        }
#if RATE_PENALTY
        dr[c] += rc * r_t[c];
#endif
    }
}

/**
 * The backward time loop: δx_t from t = t_end−1 down to 1, storing α⊙δx_t for the weight gradient and accumulating
 * the lane group's shares of ∂L/∂w_out and ∂L/∂α. Same work-group shape as train_forward.
 */
kernel void train_backward(global const float* wb, global const paramV* alpha, global const paramV* wout,
                           global const floatV* rates, global const floatV* drive_gap, global const floatV* d_out,
                           global floatV* scaled_delta, global paramV* partial, int first_tile,
                           global const floatV* u, global const floatV* clean_rates,
                           global const floatV* rate_weight, int t_end
#if OMEGA
                           , global floatV* omega_right
#endif
                           ) {
    local floatV delta_tiles[TPG * NP];
    local float w_tile[W_TILE_FLOATS];
    local floatV* delta_next = delta_tiles + GROUP_SLICE * NP;
#if OMEGA
    // per tile of the work-group (TPG of them in the GPU shape)
    local floatV omega_gg_tiles[TPG * NQ];
    local floatV omega_vv_tiles[TPG * NQ];
    local floatV omega_coef_tiles[TPG];
    local floatV* omega_gg = omega_gg_tiles + GROUP_SLICE * NQ;
    local floatV* omega_vv = omega_vv_tiles + GROUP_SLICE * NQ;
    local floatV* omega_coef = omega_coef_tiles + GROUP_SLICE;
    floatV omega_r[4];
    floatV omega_sum = 0.0f;
    floatV omega_count = 0.0f;
#endif
    int q = get_local_id(0);
    size_t chunk_tile = get_group_id(0) * TPG + GROUP_SLICE;
    size_t kg = first_tile + chunk_tile;
    size_t state = chunk_tile * (size_t) T * NP;
    size_t p = PARAM_OF_TILE(kg);
    paramV a[4];
    paramV wo[N_OUT][4];
    floatV grad_wout[N_OUT][4];
    for (int c = 0; c < 4; c++) {
        a[c] = alpha[p * NP + 4 * q + c];
        for (int oc = 0; oc < N_OUT; oc++) {
            wo[oc][c] = wout[(p * N_OUT + oc) * NP + 4 * q + c];
            grad_wout[oc][c] = 0.0f;
        }
    }
    global const floatV* r_kg = rates + state + 4 * q;
#if POST_NOISE
    // f(x_t) without the post-activation noise, for f'(x_t).
    global const floatV* f_kg = clean_rates + state + 4 * q;
#else
    global const floatV* f_kg = r_kg;
#endif
#if ALPHA_GRADIENT
    global const floatV* gap_kg = drive_gap + state + 4 * q;
#endif
    global floatV* delta_out = scaled_delta + state + 4 * q;
#if OMEGA
    global floatV* omega_out = omega_right + state + 4 * q;
#endif

    floatV dx[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    floatV grad_alpha[4] = {0.0f, 0.0f, 0.0f, 0.0f};
#if TRAIN_B_REC || TRAIN_W_IN
    floatV grad_brec[4];
    floatV grad_win[4][N_IN_SLOTS];
    zero_input_sums(grad_brec, grad_win);
    global const floatV* u_kg = u + kg * T * N_IN;
#endif
#if RATE_PENALTY
    floatV rc = L2_RATE_SLOPE * rate_weight[kg];  // 2λr/(B(T−1)N), 0 for padding lanes
#else
    floatV rc = 0.0f;
#endif
    for (int t = t_end - 1; t >= 1; t--) {
        floatV dout[N_OUT];
        floatV dr[4];
        rate_adjoint_from_readout(wo, d_out + kg * N_OUT * T + t, rc, r_kg + t * NP, dout, dr);
        if (t < t_end - 1) {
#if OMEGA
            floatV gw[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            RECURRENT_MATVEC(wb, p, q, delta_next, gw);
            add_shared_product(dr, gw);
            omega_quad_terms(dx, gw, f_kg + (t + 1) * NP, a, omega_r, omega_gg, omega_vv, q);  // dx = δx_{t+1}
#else
            RECURRENT_MATVEC(wb, p, q, delta_next, dr);
#endif
        }
        barrier(CLK_LOCAL_MEM_FENCE);  // every work-item has read α⊙δx_{t+1}
#if OMEGA
        if (t < t_end - 1 && q == 0) {
            omega_step_coefficient(omega_gg, omega_vv, omega_coef, &omega_sum, &omega_count);
        }
#endif
        for (int c = 0; c < 4; c++) {
            floatV r = r_kg[t * NP + c];
            for (int oc = 0; oc < N_OUT; oc++) {
                grad_wout[oc][c] += dout[oc] * r;
            }
            dx[c] = phi_prime_of_rate(f_kg[t * NP + c]) * dr[c] + (1.0f - a[c]) * dx[c];
#if ALPHA_GRADIENT
            grad_alpha[c] += dx[c] * gap_kg[t * NP + c];
#endif
            floatV d = a[c] * dx[c];
            delta_out[t * NP + c] = d;
            delta_next[4 * q + c] = d;
#if TRAIN_B_REC || TRAIN_W_IN
            add_input_sums(grad_brec, grad_win, c, d, u_kg + (t - 1) * N_IN);
#endif
        }
        barrier(CLK_LOCAL_MEM_FENCE);  // α⊙δx_t complete
#if OMEGA
        if (t < t_end - 1) {
            omega_store(omega_out + t * NP, omega_coef, omega_r);  // step t + 1's coefficient is complete
        }
#endif
    }
    global paramV* part = partial + kg * PART;
#if OMEGA && T > 1
    floatV gw_1[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    RECURRENT_MATVEC(wb, p, q, delta_next, gw_1);  // (α⊙δx_1) W_rec
    omega_step_one(gw_1, dx, f_kg + NP, a, omega_gg, omega_vv, omega_coef, &omega_sum, &omega_count, omega_out, part,
                   q);
#endif
    for (int c = 0; c < 4; c++) {
        for (int oc = 0; oc < N_OUT; oc++) {
            part[PART_W_OUT + oc * NP + 4 * q + c] = LANE_REDUCE(grad_wout[oc][c]);
        }
        part[PART_ALPHA + 4 * q + c] = LANE_REDUCE(grad_alpha[c]);
    }
#if TRAIN_B_REC || TRAIN_W_IN
    write_input_sums(grad_brec, grad_win, part, q);
#endif
#if TRAIN_X0
    write_initial_state_gradient(wb, p, w_tile, delta_next, f_kg, a, dx, part, q);
#endif
}

/**
 * ∂L/∂W as a GEMM with inner dimension (T−1)·B: Σ_{g,t} (α⊙δx_t) r_{t−1}ᵀ, summed over lanes. The inner
 * dimension is cut into slices (one tile, TC steps: TB per tile) so that one slice of the states stays in cache
 * while every 4×4 block of the output reads it; each work-item owns one block of one slice's partial sum, so no two
 * work-items write the same place. Global (NQ, NQ, count·TB) for the tiles of the chunk.
 */
kernel void train_weight_gradient(global const floatV* scaled_delta, global const floatV* rates,
                                  global paramV* partial_w, int t_end) {
    int qj = get_global_id(0);
    int qi = get_global_id(1);
    int slice = get_global_id(2);
    int t0 = 1 + (slice % TB) * TC;
    int t1 = min(t_end, t0 + TC);
    floatV a00 = 0.0f, a01 = 0.0f, a02 = 0.0f, a03 = 0.0f, a10 = 0.0f, a11 = 0.0f, a12 = 0.0f, a13 = 0.0f;
    floatV a20 = 0.0f, a21 = 0.0f, a22 = 0.0f, a23 = 0.0f, a30 = 0.0f, a31 = 0.0f, a32 = 0.0f, a33 = 0.0f;
    size_t base = (size_t) (slice / TB) * T * NP;
    global const floatV* d_t = scaled_delta + base + (size_t) t0 * NP + 4 * qi;
    global const floatV* r_t = rates + base + (size_t) (t0 - 1) * NP + 4 * qj;
    for (int t = t0; t < t1; t++) {
        floatV d0 = d_t[0], d1 = d_t[1], d2 = d_t[2], d3 = d_t[3];
        floatV r0 = r_t[0], r1 = r_t[1], r2 = r_t[2], r3 = r_t[3];
        a00 += d0 * r0; a01 += d0 * r1; a02 += d0 * r2; a03 += d0 * r3;
        a10 += d1 * r0; a11 += d1 * r1; a12 += d1 * r2; a13 += d1 * r3;
        a20 += d2 * r0; a21 += d2 * r1; a22 += d2 * r2; a23 += d2 * r3;
        a30 += d3 * r0; a31 += d3 * r1; a32 += d3 * r2; a33 += d3 * r3;
        d_t += NP;
        r_t += NP;
    }
    global paramV* out = partial_w + ((size_t) slice * NP + 4 * qi) * NP + 4 * qj;
    out[0] = LANE_REDUCE(a00); out[1] = LANE_REDUCE(a01); out[2] = LANE_REDUCE(a02); out[3] = LANE_REDUCE(a03);
    out += NP;
    out[0] = LANE_REDUCE(a10); out[1] = LANE_REDUCE(a11); out[2] = LANE_REDUCE(a12); out[3] = LANE_REDUCE(a13);
    out += NP;
    out[0] = LANE_REDUCE(a20); out[1] = LANE_REDUCE(a21); out[2] = LANE_REDUCE(a22); out[3] = LANE_REDUCE(a23);
    out += NP;
    out[0] = LANE_REDUCE(a30); out[1] = LANE_REDUCE(a31); out[2] = LANE_REDUCE(a32); out[3] = LANE_REDUCE(a33);
}

/**
 * The slope of the weight penalty λ1·mean|w| + λ2·mean(w²) over a matrix of {@code count} raw entries
 * (org.eirnn.model.Regularisers): (λ1·sign(w) + 2λ2·w)/count, 0 without a penalty (build constants L1_*, L2_*).
 */
inline float weight_penalty_slope(float w, float l1, float l2, int count) {
    return l1 == 0.0f && l2 == 0.0f ? 0.0f : (l1 * sign(w) + 2.0f * l2 * w) / (float) count;
}

/** g plus weight_penalty_slope; exactly g (no + 0) without a penalty. */
inline float with_weight_penalty(float g, float w, float l1, float l2, int count) {
    return l1 == 0.0f && l2 == 0.0f ? g : g + weight_penalty_slope(w, l1, l2, count);
}

/** Σ of the slices' partial sums at W_ij over the chunk's slots [from, to) (slot indices of the whole batch). */
inline float chunk_slices_sum(global const float* partial_w, int from, int to, int first_tile, int i, int j) {
    float d = 0.0f;
    for (int s = from; s < to; s++) {
        for (int slice = 0; slice < TB; slice++) {
            d += slot_value(partial_w, (size_t) TB * NP * NP, ((size_t) slice * NP + i) * NP + j,
                            s - first_tile * SLOTS_PER_TILE);
        }
    }
    return d;
}

/**
 * A gradient d_wrec of W_rec's entry kij taken to the raw w through relu, m and som_m (spec §2.1 item 7; with
 * FAMILY_WEIGHTS through φ, D and C_rec); linear in d_wrec. d_j is the presynaptic unit's sign.
 */
inline float recurrent_parametrisation_gradient(float d_wrec, size_t kij, float d_j, global const float* w,
                                                global const float* som, global const float* w_fixed) {
#if FAMILY_WEIGHTS
    d_wrec = rate_family_weight_gradient(d_wrec, w[kij], som[kij], w_fixed[kij], d_j, PHI_REC);
#else
    d_wrec *= som[kij];
#endif
#if DALE && !FAMILY_WEIGHTS
    // relu' is 0 at and below 0 (TF), so pruned entries stay exactly 0.
    d_wrec = w[kij] > 0.0f ? d_wrec * d_j : 0.0f;
#endif
    return d_wrec;
}

/**
 * ∂L/∂w: the slices' partial sums of ∂L/∂W over network k's slots in this chunk, through relu, m and som_m
 * (spec §2.1 item 7; with FAMILY_WEIGHTS through φ, D and C_rec; linear, so chunks can be added after it). The chunk holding network k's first slot writes,
 * later chunks add. Global (N, N, K).
 */
kernel void train_weight_gradient_sum(global const float* partial_w, global const float* w,
                                      global const float* sign, global const float* som, global float* grad_w,
                                      int first_tile, int count, global const float* w_fixed) {
    int j = get_global_id(0);
    int i = get_global_id(1);
    int k = get_global_id(2);
    int first_slot = k * SLOTS_PER_NETWORK;
    int from = max(first_slot, first_tile * SLOTS_PER_TILE);
    int to = min(first_slot + SLOTS_PER_NETWORK, (first_tile + count) * SLOTS_PER_TILE);
    if (from >= to) {
        return;
    }
    size_t kij = ((size_t) k * N + i) * N + j;
    float d_wrec = recurrent_parametrisation_gradient(chunk_slices_sum(partial_w, from, to, first_tile, i, j),
                                                      kij, sign[k * N + j], w, som, w_fixed);
    // The first chunk of network k writes (with the weight penalty's slope), later chunks add.
    grad_w[kij] = (TILE_OF_SLOT(first_slot) >= first_tile
                   ? weight_penalty_slope(w[kij], L1_REC, L2_REC, N * N) : grad_w[kij]) + d_wrec;
}

/** Sums one slot share over network k's slots: Σ_s partial[s][offset]. */
inline float network_sum(global const float* partial, size_t offset, int k) {
    float s = 0.0f;
    for (int slot = k * SLOTS_PER_NETWORK; slot < (k + 1) * SLOTS_PER_NETWORK; slot++) {
        s += slot_value(partial, PART, offset, slot);
    }
    return s;
}

#if OMEGA
/**
 * Ω's share of ∂L/∂w (see omega_quad_terms): the slices' sums Σ c_s (α⊙g)_i (v⊙f')_j of network k's slots in this
 * chunk (train_weight_gradient run on omega_right) add up in omega_w over the chunks; the chunk holding the network's
 * last slot, whose backward pass completed the network's count, adds λ_Ω/count times the total to grad_w through
 * W_rec's parametrisation (nothing when no step counted) and writes Ω = Σ (q − 1)²/count (0 then) to omega[k].
 * Runs after train_weight_gradient_sum of the same chunk. Global (N, N, K).
 */
kernel void train_omega_gradient_sum(global const float* partial_w, global float* omega_w,
                                     global const float* partial, global const float* w, global const float* sign,
                                     global const float* som, global const float* w_fixed, global float* grad_w,
                                     global float* omega, int first_tile, int count) {
    int j = get_global_id(0);
    int i = get_global_id(1);
    int k = get_global_id(2);
    int first_slot = k * SLOTS_PER_NETWORK;
    int last_slot = first_slot + SLOTS_PER_NETWORK - 1;
    int from = max(first_slot, first_tile * SLOTS_PER_TILE);
    int to = min(last_slot + 1, (first_tile + count) * SLOTS_PER_TILE);
    if (from >= to) {
        return;
    }
    size_t kij = ((size_t) k * N + i) * N + j;
    float s = (TILE_OF_SLOT(first_slot) >= first_tile ? 0.0f : omega_w[kij])
              + chunk_slices_sum(partial_w, from, to, first_tile, i, j);
    if (TILE_OF_SLOT(last_slot) >= first_tile + count) {
        omega_w[kij] = s;
        return;
    }
    float steps = network_sum(partial, PART_OMEGA + 1, k);
    if (i == 0 && j == 0) {
        omega[k] = steps > 0.0f ? network_sum(partial, PART_OMEGA, k) / steps : 0.0f;
    }
    if (steps > 0.0f) {
        grad_w[kij] += recurrent_parametrisation_gradient(LAMBDA_OMEGA / steps * s, kij, sign[k * N + j], w, som,
                                                          w_fixed);
    }
}
#endif

/** ∂L/∂b_rec, ∂L/∂x0 and ∂L/∂w_in (through W_in's parametrisation) of unit i, for those that train. */
inline void family_small_gradients(global const float* partial, int i, int k, global float* grad_win,
                                   global float* grad_brec, global float* grad_x0, global const float* w_in,
                                   global const float* c_in, global const float* w_in_fixed) {
    size_t ki = (size_t) k * N + i;
#if TRAIN_B_REC
    grad_brec[ki] = network_sum(partial, PART_B_REC + i, k);
#endif
#if TRAIN_X0
    grad_x0[ki] = network_sum(partial, PART_X0 + i, k);
#endif
#if TRAIN_W_IN
    for (int ch = 0; ch < N_IN; ch++) {
        size_t at = ki * N_IN + ch;
        float s = network_sum(partial, PART_W_IN + i * N_IN + ch, k);
#if FAMILY_WEIGHTS
        s = rate_family_weight_gradient(s, w_in[at], c_in[at], w_in_fixed[at], 1.0f, PHI_IN);
#endif
        grad_win[at] = with_weight_penalty(s, w_in[at], L1_IN, L2_IN, N * N_IN);
    }
#endif
}

/**
 * Sums the slots' shares into ∂L/∂w_out (with FAMILY_WEIGHTS through the readout's parametrisation),
 * ∂L/∂b_out and ∂L/∂taus_gaus (through α = 1/τ and the sigmoid of spec §2.2; 0 when τ is fixed). Global (N + N_OUT, K).
 */
kernel void train_small_gradients(global const float* partial, global const float* taus_gaus,
                                  global float* grad_wout, global float* grad_bout, global float* grad_taus,
                                  global const float* w_out, global const float* c_out,
                                  global const float* w_out_fixed, global const float* sign,
                                  global float* grad_win, global float* grad_brec, global float* grad_x0,
                                  global const float* w_in, global const float* c_in,
                                  global const float* w_in_fixed) {
    int i = get_global_id(0);
    int k = get_global_id(1);
    if (i >= N) {
        grad_bout[k * N_OUT + i - N] = network_sum(partial, PART_B_OUT + i - N, k);
        return;
    }
    size_t ki = (size_t) k * N + i;
    for (int oc = 0; oc < N_OUT; oc++) {
        float s_wout = network_sum(partial, PART_W_OUT + oc * NP + i, k);
        size_t at = ((size_t) k * N_OUT + oc) * N + i;
#if FAMILY_WEIGHTS
        // Through W_out = φ_out(w_out ⊙ C_out + W_out,fixed)·D_out.
        s_wout = rate_family_weight_gradient(s_wout, w_out[at], c_out[at], w_out_fixed[at],
                                             READOUT_SIGNED ? sign[ki] : 1.0f, PHI_OUT);
#endif
        grad_wout[at] = with_weight_penalty(s_wout, w_out[at], L1_OUT, L2_OUT, N_OUT * N);
    }
    float s_alpha = network_sum(partial, PART_ALPHA + i, k);
    family_small_gradients(partial, i, k, grad_win, grad_brec, grad_x0, w_in, c_in, w_in_fixed);
#if ALPHA_TRAINED
    grad_taus[k * N + i] = s_alpha;
#elif TAUS_TRAINABLE
    // α = 1/τ, τ = s·(τmax − τmin) + τmin, s = sigmoid(taus_gaus): dα/dtaus_gaus = −s(1 − s)(τmax − τmin)/τ².
    float s = 1.0f / (1.0f + exp(-taus_gaus[k * N + i]));
    float tau = s * (TAU_MAX - TAU_MIN) + TAU_MIN;
    grad_taus[k * N + i] = s_alpha * (-1.0f / (tau * tau)) * s * (1.0f - s) * (TAU_MAX - TAU_MIN);
#else
    grad_taus[k * N + i] = 0.0f;
#endif
}

/**
 * Adam in the TF1 form of spec §2.3 on one trainable of every network ([k][length] layout), one optimizer state
 * per network: step_size[k] = lr·√(1−β2^t)/(1−β1^t) for an active network, 0 for an inactive one, which is then
 * left untouched (θ, m and v). Global (length, K).
 */
kernel void train_adam(global float* theta, global const float* grad, global float* m, global float* v,
                       global const float* step_size, float beta1, float beta2, float epsilon) {
    int p = get_global_id(0);
    int k = get_global_id(1);
    float lr_t = step_size[k];
    if (lr_t == 0.0f) {
        return;
    }
    size_t at = (size_t) k * get_global_size(0) + p;
    float g = grad[at];
    float mk = beta1 * m[at] + (1.0f - beta1) * g;
    float vk = beta2 * v[at] + (1.0f - beta2) * g * g;
    m[at] = mk;
    v[at] = vk;
    theta[at] -= lr_t * mk / (sqrt(vk) + epsilon);
}

/**
 * Adds Σ g² of one trainable of every network ([k][length] layout) to sum_sq[k], the first part writing: the squared
 * global gradient norm of SGD's clipping. Global (K).
 */
kernel void train_sum_squares(global const float* grad, int length, global float* sum_sq, int first) {
    int k = get_global_id(0);
    global const float* g = grad + (size_t) k * length;
    float s = 0.0f;
    for (int p = 0; p < length; p++) {
        s += g[p] * g[p];
    }
    sum_sq[k] = (first ? 0.0f : sum_sq[k]) + s;
}

/**
 * SGD with clipping by the global norm (pycog; org.eirnn.engine.SgdConfig) on one trainable of every network:
 * θ ← θ − η_k·min(1, c/‖g‖)·g with ‖g‖² = sum_sq[k] over all of network k's gradients, no clipping when c = 0;
 * η_k = learning_rate[k], 0 for an inactive network, which is then left untouched. Global (length, K).
 */
kernel void train_sgd(global float* theta, global const float* grad, global const float* learning_rate,
                      global const float* sum_sq, float clip) {
    int p = get_global_id(0);
    int k = get_global_id(1);
    float lr = learning_rate[k];
    if (lr == 0.0f) {
        return;
    }
    float norm = sqrt(sum_sq[k]);
    float scale = clip > 0.0f && norm > clip ? clip / norm : 1.0f;
    size_t at = (size_t) k * get_global_size(0) + p;
    theta[at] -= lr * scale * grad[at];
}
