// Test-only kernel for ClContextTest: out = in * SCALE + offset, SCALE a build-time constant.
__kernel void scale_add(__global const float *in, __global float *out, int offset) {
    size_t i = get_global_id(0);
    out[i] = in[i] * SCALE + offset;
}
