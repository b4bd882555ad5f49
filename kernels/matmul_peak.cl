// The matrix-multiply yardstick of `eirnn bench`: C = A·B for n×n row-major floats (n a multiple of 64).
// Each work-item owns an 8-row × 32-column block of C: two float16 row segments of B, read once per k, serve
// eight rows, the register blocking a CPU OpenCL device needs to approach its FMA peak.

#define ROW_FMA(r) \
    { const float ar = a[(size_t) (row + r) * n + k]; \
      acc##r##a = fma((float16) ar, b0, acc##r##a); acc##r##b = fma((float16) ar, b1, acc##r##b); }
#define ROW_STORE(r) \
    vstore16(acc##r##a, 0, c + (size_t) (row + r) * n + col); \
    vstore16(acc##r##b, 0, c + (size_t) (row + r) * n + col + 16);

__kernel void matmul_peak(const int n, __global const float* a, __global const float* b, __global float* c) {
    const int col = get_global_id(0) * 32;
    const int row = get_global_id(1) * 8;
    float16 acc0a = 0.0f, acc0b = 0.0f, acc1a = 0.0f, acc1b = 0.0f, acc2a = 0.0f, acc2b = 0.0f;
    float16 acc3a = 0.0f, acc3b = 0.0f, acc4a = 0.0f, acc4b = 0.0f, acc5a = 0.0f, acc5b = 0.0f;
    float16 acc6a = 0.0f, acc6b = 0.0f, acc7a = 0.0f, acc7b = 0.0f;
    for (int k = 0; k < n; k++) {
        const float16 b0 = vload16(0, b + (size_t) k * n + col);
        const float16 b1 = vload16(0, b + (size_t) k * n + col + 16);
        ROW_FMA(0) ROW_FMA(1) ROW_FMA(2) ROW_FMA(3) ROW_FMA(4) ROW_FMA(5) ROW_FMA(6) ROW_FMA(7)
    }
    ROW_STORE(0) ROW_STORE(1) ROW_STORE(2) ROW_STORE(3) ROW_STORE(4) ROW_STORE(5) ROW_STORE(6) ROW_STORE(7)
}
