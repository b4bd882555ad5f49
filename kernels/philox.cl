// Philox4x32-10 (Salmon et al., SC'11): the OpenCL twin of org.eirnn.rng.Philox / RandomKey.
// Key = (seed low word, network), counter = (step, unit >> 2, trial, stream); one call gives four words,
// i.e. four uniforms or two Box-Muller pairs. Words and lanes are exactly the Java ones; the uniform and
// normal transforms run in float here and in double in Java.
//
// PHILOX_DEFINE(SUFFIX, U, F) defines, for a uint type U (uint or uintV) and its float type F:
//   philox_SUFFIX(c0..c3, k0, k1, &w0..&w3)     the four output words
//   philox_uniform_SUFFIX(w)                    (w + 0.5) * 2^-32, in (0, 1]
//   philox_normals_SUFFIX(w0..w3, &z0..&z3)     Box-Muller: z0,z1 from (w0,w1), z2,z3 from (w2,w3);
//                                               the first of each pair is the cosine branch
// so that trials can ride in vector lanes (counter word 2 differs per lane, and the key word 1 when the lanes hold
// different networks).

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u
#define PHILOX_TWO_POW_M32 2.3283064365386963e-10f
#define PHILOX_TWO_PI 6.283185307179586f

#define PHILOX_DEFINE(SUFFIX, U, F)                                                                   \
inline void philox_##SUFFIX(U c0, U c1, U c2, U c3, U k0, U k1,                                     \
                            U *w0, U *w1, U *w2, U *w3) {                                           \
    for (int round = 0; round < 10; round++) {                                                      \
        if (round > 0) {                                                                            \
            k0 += PHILOX_W0;                                                                        \
            k1 += PHILOX_W1;                                                                        \
        }                                                                                           \
        U hi0 = mul_hi((U) PHILOX_M0, c0), lo0 = (U) PHILOX_M0 * c0;                                \
        U hi1 = mul_hi((U) PHILOX_M1, c2), lo1 = (U) PHILOX_M1 * c2;                                \
        c0 = hi1 ^ c1 ^ k0;                                                                         \
        c1 = lo1;                                                                                   \
        c2 = hi0 ^ c3 ^ k1;                                                                         \
        c3 = lo0;                                                                                   \
    }                                                                                               \
    *w0 = c0; *w1 = c1; *w2 = c2; *w3 = c3;                                                         \
}                                                                                                   \
inline F philox_uniform_##SUFFIX(U w) {                                                             \
    return (convert_##F(w) + 0.5f) * PHILOX_TWO_POW_M32;                                            \
}                                                                                                   \
inline void philox_normals_##SUFFIX(U w0, U w1, U w2, U w3, F *z0, F *z1, F *z2, F *z3) {           \
    F radius = sqrt(-2.0f * log(philox_uniform_##SUFFIX(w0)));                                      \
    F cosine, sine = sincos(PHILOX_TWO_PI * philox_uniform_##SUFFIX(w1), &cosine);                  \
    *z0 = radius * cosine;                                                                          \
    *z1 = radius * sine;                                                                            \
    radius = sqrt(-2.0f * log(philox_uniform_##SUFFIX(w2)));                                        \
    sine = sincos(PHILOX_TWO_PI * philox_uniform_##SUFFIX(w3), &cosine);                            \
    *z2 = radius * cosine;                                                                          \
    *z3 = radius * sine;                                                                            \
}

PHILOX_DEFINE(1, uint, float)

// Instantiates PHILOX_DEFINE with macro-named types (e.g. uintV/floatV): the extra level expands them before
// the token pasting inside PHILOX_DEFINE.
#define PHILOX_DEFINE_FOR(SUFFIX, U, F) PHILOX_DEFINE(SUFFIX, U, F)
