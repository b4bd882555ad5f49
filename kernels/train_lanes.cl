// Lane vectors of the training kernels: one trial per lane, V trials (V a build-time constant in
// {1, 2, 4, 8, 16}), and Philox (philox.cl, built in front of this file) run across the lanes, each lane with
// its own trial id in counter word 2.

#if V == 1
#define floatV float
#define uintV uint
#else
#define LANE_CAT_(a, b) a##b
#define LANE_CAT(a, b) LANE_CAT_(a, b)
#define floatV LANE_CAT(float, V)
#define uintV LANE_CAT(uint, V)
#endif

PHILOX_DEFINE_FOR(lanes, uintV, floatV)

/** Standard normals of units 4q…4q+3 at (step, trial lanes) of one stream, as RandomKey.normal gives them. */
inline void normals_quad(int step, int quad, uintV trial, int stream, int seed, int network, floatV out[4]) {
    uintV w0, w1, w2, w3;
    philox_lanes((uintV) (uint) step, (uintV) (uint) quad, trial, (uintV) (uint) stream, (uint) seed,
                 (uint) network, &w0, &w1, &w2, &w3);
    philox_normals_lanes(w0, w1, w2, w3, &out[0], &out[1], &out[2], &out[3]);
}
