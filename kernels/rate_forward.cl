// Forward pass of the spikeRNN rate model (spec §2.2) for K networks x B trials, the whole time loop in one
// launch. Built after philox.cl, vector.cl and rate_model.cl.
//
// Work-group = one tile of TW = VPI * VW trials of one network: each work-item holds VPI vectors of VW trials
// (floatV lanes) for UPI consecutive units (a multiple of 4: one Philox call gives the normals of 4 units).
// Every weight loaded in the recurrent sum serves all TW trials, which is what makes the sum cheap. r_{t-1} of
// the tile lives in local memory, double-buffered by step parity so one barrier per step suffices.
// Build-time constants: VW, VPI, VPG and WTILE (the GPU shape, below), N, N_IN, N_OUT, UPI, LOSS_L1 (0: l2 = sqrt of the sum of squares, 1: l1), LOSS_MSE
// (Σ M e² / Σ M), LOSS_CE (Σ M ℓ_ce / Σ M), OUT_ACT (rate_model.cl's rate_output), LOSS_MASKED (the loss mask M_t weighs each step), B_REC (+ b_rec
// in the drive) and X0_MEAN (x_0 = x0 + x0_sd * normal), the model family's offsets,
// STREAM_X0, STREAM_NOISE, plus rate_model.cl's.
//
// Device layouts (host reorders), lane = trial within the tile, vector q holds lanes [q*VW, (q+1)*VW):
//   u [tile][t][c][lane], target and mask [tile][output][t][lane], trial_ids [tile][lane],
//   o [tile][output][t-1][lane], loss [tile][lane], w_out [k][output][i], b_out [k][output],
//   r_tile [parity][i][lane], x_states / r_states [tile - first_tile][t][i][lane] (only when keep_states).
// Noise (the CPU reference's draws, FamilyForward): x_0 = x0_sd * normal(stream RATE_X0, step 0),
// xi_t = noise_sd * normal(stream RATE_NOISE, step t), with POST_NOISE r_t = f(x_t) + post_sd * normal(stream
// RATE_POST_NOISE, step t), key (seed, k), counter (t, i >> 2, trial id, stream); conditioned inputs come from
// rate_model.cl's rate_condition_inputs.

// The GPU shape (VPG > 1 or WTILE > 0, org.eirnn.engine.opencl.KernelShape): the work-group is a grid of
// (items along the units) × VPG trial slices, slice s holding vectors s·VPI … s·VPI + VPI − 1 of the tile; with
// WTILE > 0 the recurrent sum reads W_rec densely (rate_prepare writes the rows uncompressed) through a local tile of
// N × WTILE columns that the whole group loads together (forward_recurrent_tiled), so one global read of a weight
// serves every trial slice of the group. The CPU shape has VPG = 1 and WTILE = 0 (sparse rows from global memory).
#define TW (VPG * VPI * VW)

#if WTILE
/**
 * rec[l][q] = Σ_j W_rec[unit0 + l][j] r_{t−1}[j] for the item's units and vectors (at vector offset vbase of the
 * tile's lanes), W_rec's dense rows w_k brought through w_tile WTILE columns at a time ([column][unit] there, so
 * neighbouring work-items read neighbouring words); every work-item of the group must call it (barriers).
 */
inline void forward_recurrent_tiled(__global const float *w_k, __local const float *r_prev, __local float *w_tile,
                                    int unit0, int vbase, floatV rec[UPI][VPI]) {
    const int flat = get_local_id(1) * get_local_size(0) + get_local_id(0);
    const int size = get_local_size(0) * get_local_size(1);
    for (int l = 0; l < UPI; l++) {
        for (int q = 0; q < VPI; q++) {
            rec[l][q] = 0.0f;
        }
    }
    for (int j0 = 0; j0 < N; j0 += WTILE) {
        const int jn = min(WTILE, N - j0);
        barrier(CLK_LOCAL_MEM_FENCE);  // every work-item is done with the previous tile
        for (int e = flat; e < N * jn; e += size) {
            const int i = e / jn;
            const int jj = e % jn;
            w_tile[jj * N + i] = w_k[(size_t) i * N + j0 + jj];
        }
        barrier(CLK_LOCAL_MEM_FENCE);  // the tile is complete
        for (int l = 0; l < UPI && unit0 + l < N; l++) {
            for (int jj = 0; jj < jn; jj++) {
                floatV v = w_tile[jj * N + unit0 + l];
                __local const float *r_j = r_prev + (size_t) (j0 + jj) * TW + vbase;
                #pragma unroll
                for (int q = 0; q < VPI; q++) {
                    rec[l][q] = fma(v, VLOAD(r_j + q * VW), rec[l][q]);
                }
            }
        }
    }
}
#endif

/**
 * Step t's readout of one lane vector of a tile, by work-item 0: z_t = g(W_out r_t + b_out) from the work-items'
 * partial sums (o_partial_t: [item][output][lane], TW apart), stored at o (outputs steps − 1 apart), and its loss
 * terms against target (and mask; outputs steps apart) added to *loss_acc and *mask_sum. Output index t−1 pairs with
 * target index t−1 (spec §2.3).
 */
inline void forward_readout(__local const float *o_partial_t, int items, __global const float *b_out_k,
                            __global float *o, __global const float *target, __global const float *mask, int steps,
                            floatV *loss_acc, floatV *mask_sum) {
    floatV out[N_OUT];
    for (int oc = 0; oc < N_OUT; oc++) {
        out[oc] = b_out_k[oc];
        for (int p = 0; p < items; p++) {
            out[oc] += VLOAD(o_partial_t + ((size_t) p * N_OUT + oc) * TW);
        }
    }
    floatV pre[N_OUT];  // a_t, for the cross-entropy
    for (int oc = 0; oc < N_OUT; oc++) {
        pre[oc] = out[oc];
    }
    rate_output(out);
    for (int oc = 0; oc < N_OUT; oc++) {
        VSTORE(out[oc], o + (size_t) oc * (steps - 1) * TW);
        floatV y = VLOAD(target + (size_t) oc * steps * TW);
#if LOSS_MASKED
        rate_masked_loss(pre, out, oc, y, VLOAD(mask + (size_t) oc * steps * TW), loss_acc, mask_sum);
#elif LOSS_L1
        *loss_acc += fabs(out[oc] - y);
#else
        floatV e = out[oc] - y;
        *loss_acc = fma(e, e, *loss_acc);
#endif
    }
}

__kernel void rate_forward(__global const int *row_cols, __global const float *row_vals,
                           __global const int *row_counts, __global const float *alpha,
                           __global const float *w_in, __global const float *w_out, __global const float *b_out,
                           __global const float *u, __global const float *target, __global const uint *trial_ids,
                           __global float *x_states, __global float *r_states, __global float *o,
                           __global float *loss, int first_tile, int tiles_per_network, int steps,
                           uint seed_low, float noise_sd, float x0_sd, int keep_states,
                           __local float *r_tile, __local float *o_partial, __global const float *b_rec,
                           __global const float *x0, __global const float *mask, float post_sd,
                           __local float *w_tile) {
    const int lid = get_local_id(0);
    // This work-item's first lane in the tile (its trial slice; 0 in the CPU shape).
    const int vbase = VPG == 1 ? 0 : (int) get_local_id(1) * VPI * VW;
    const int items = get_local_size(0);
    const int chunk_tile = get_group_id(0);
    const int tile = first_tile + chunk_tile;
    const int k = tile / tiles_per_network;
    const size_t kn = (size_t) k * N;
    const int unit0 = lid * UPI;
    const int unit_end = min(unit0 + UPI, N);
    __global float *xs = x_states + (size_t) chunk_tile * steps * N * TW;
    __global float *rs = r_states + (size_t) chunk_tile * steps * N * TW;
    uintV trial[VPI];
    #pragma unroll
    for (int q = 0; q < VPI; q++) {
        trial[q] = VLOAD(trial_ids + (size_t) tile * TW + vbase + q * VW);
    }
    floatV x[UPI][VPI];

    // Step 0: x_0 = x0_sd * normal, r_0 = phi(x_0).
    for (int i0 = unit0; i0 < unit_end; i0 += 4) {
        #pragma unroll
        for (int q = 0; q < VPI; q++) {
            floatV z[4];
            rate_unit_normals(x0_sd, 0, i0, trial[q], STREAM_X0, seed_low, k, z);
#if POST_NOISE
            floatV zp[4];
            rate_unit_normals(post_sd, 0, i0, trial[q], STREAM_POST_NOISE, seed_low, k, zp);
#endif
            for (int l = 0; l < 4 && i0 + l < N; l++) {
                int i = i0 + l;
                floatV xi = rate_initial_state(x0_sd, z[l]);
#if X0_MEAN
                xi += x0[kn + i];
#endif
                floatV ri = rate_phi(xi);
#if POST_NOISE
                ri = rate_post_noise(ri, post_sd, zp[l]);
#endif
                x[i - unit0][q] = xi;
                VSTORE(ri, r_tile + (size_t) i * TW + vbase + q * VW);
                if (keep_states) {
                    VSTORE(xi, xs + (size_t) i * TW + vbase + q * VW);
                    VSTORE(ri, rs + (size_t) i * TW + vbase + q * VW);
                }
            }
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    floatV loss_acc[VPI];
    floatV mask_sum[VPI];  // Σ M, with LOSS_MASKED
    #pragma unroll
    for (int q = 0; q < VPI; q++) {
        loss_acc[q] = 0.0f;
        mask_sum[q] = 0.0f;
    }
    for (int t = 1; t < steps; t++) {
        __local const float *r_prev = r_tile + ((t - 1) & 1) * N * TW;
        __local float *r_next = r_tile + (t & 1) * N * TW;
        floatV u_prev[N_IN_SLOTS][VPI];
        floatV o_part[N_OUT][VPI];
        #pragma unroll
        for (int q = 0; q < VPI; q++) {
            for (int c = 0; c < N_IN; c++) {
                u_prev[c][q] = VLOAD(u + (((size_t) tile * steps + t - 1) * N_IN + c) * TW + vbase + q * VW);
            }
            for (int oc = 0; oc < N_OUT; oc++) {
                o_part[oc][q] = 0.0f;
            }
        }
#if WTILE
        floatV rec[UPI][VPI];  // W_rec r_{t-1} of the item's units, dense rows through local memory
        forward_recurrent_tiled(row_vals + kn * N, r_prev, w_tile, unit0, vbase, rec);
#endif
        for (int i0 = unit0; i0 < unit_end; i0 += 4) {
            floatV z[VPI][4];
            #pragma unroll
            for (int q = 0; q < VPI; q++) {
                rate_unit_normals(noise_sd, t, i0, trial[q], STREAM_NOISE, seed_low, k, z[q]);
            }
#if POST_NOISE
            floatV zp[VPI][4];
            #pragma unroll
            for (int q = 0; q < VPI; q++) {
                rate_unit_normals(post_sd, t, i0, trial[q], STREAM_POST_NOISE, seed_low, k, zp[q]);
            }
#endif
            for (int l = 0; l < 4 && i0 + l < N; l++) {
                int i = i0 + l;
                floatV drive[VPI];
#if WTILE
                #pragma unroll
                for (int q = 0; q < VPI; q++) {
                    drive[q] = rec[i - unit0][q];
                }
#else
                // W_rec r_{t-1} over the nonzero entries of row i, then W_in u_{t-1}.
                __global const int *cols = row_cols + (kn + i) * N;
                __global const float *vals = row_vals + (kn + i) * N;
                int count = row_counts[kn + i];
                #pragma unroll
                for (int q = 0; q < VPI; q++) {
                    drive[q] = 0.0f;
                }
                for (int s = 0; s < count; s++) {
                    floatV v = vals[s];
                    __local const float *r_j = r_prev + (size_t) cols[s] * TW + vbase;
                    #pragma unroll
                    for (int q = 0; q < VPI; q++) {
                        drive[q] = fma(v, VLOAD(r_j + q * VW), drive[q]);
                    }
                }
#endif
                float a = alpha[kn + i];
                #pragma unroll
                for (int q = 0; q < VPI; q++) {
                    for (int c = 0; c < N_IN; c++) {
                        drive[q] = fma((floatV) w_in[(kn + i) * N_IN + c], u_prev[c][q], drive[q]);
                    }
#if B_REC
                    drive[q] += b_rec[kn + i];
#endif
#if NOISE_FORM != NOISE_SPIKERNN
                    floatV xi = rate_euler_step(a, x[i - unit0][q], drive[q], noise_sd,
                                                rate_noise_scale(a) * z[q][l]);
#else
                    floatV xi = rate_euler_step(a, x[i - unit0][q], drive[q], noise_sd, z[q][l]);
#endif
                    floatV ri = rate_phi(xi);
#if POST_NOISE
                    ri = rate_post_noise(ri, post_sd, zp[q][l]);
#endif
                    x[i - unit0][q] = xi;
                    VSTORE(ri, r_next + (size_t) i * TW + vbase + q * VW);
                    for (int oc = 0; oc < N_OUT; oc++) {
                        o_part[oc][q] = fma((floatV) w_out[((size_t) k * N_OUT + oc) * N + i], ri, o_part[oc][q]);
                    }
                    if (keep_states) {
                        VSTORE(xi, xs + ((size_t) t * N + i) * TW + vbase + q * VW);
                        VSTORE(ri, rs + ((size_t) t * N + i) * TW + vbase + q * VW);
                    }
                }
            }
        }
        #pragma unroll
        for (int q = 0; q < VPI; q++) {
            for (int oc = 0; oc < N_OUT; oc++) {
                VSTORE(o_part[oc][q], o_partial + (((size_t) (t & 1) * items + lid) * N_OUT + oc) * TW + vbase + q * VW);
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid == 0) {
            #pragma unroll
            for (int q = 0; q < VPI; q++) {
                forward_readout(o_partial + (size_t) (t & 1) * items * N_OUT * TW + vbase + q * VW, items, b_out + k * N_OUT,
                                o + ((size_t) tile * N_OUT * (steps - 1) + t - 1) * TW + vbase + q * VW,
                                target + ((size_t) tile * N_OUT * steps + t - 1) * TW + vbase + q * VW,
                                mask + ((size_t) tile * N_OUT * steps + t - 1) * TW + vbase + q * VW, steps, &loss_acc[q],
                                &mask_sum[q]);
            }
        }
    }
    if (lid == 0) {
        #pragma unroll
        for (int q = 0; q < VPI; q++) {
#if LOSS_MSE || LOSS_CE
            VSTORE(select((floatV) 0.0f, loss_acc[q] / mask_sum[q], isgreater(mask_sum[q], (floatV) 0.0f)),
                   loss + (size_t) tile * TW + vbase + q * VW);
#elif LOSS_L1
            VSTORE(loss_acc[q], loss + (size_t) tile * TW + vbase + q * VW);
#else
            VSTORE(sqrt(loss_acc[q]), loss + (size_t) tile * TW + vbase + q * VW);
#endif
        }
    }
}
