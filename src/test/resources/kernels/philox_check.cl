// Test-only kernel (built after philox.cl): the device side of PhiloxDeviceTest.
// The known-answer / twin check: one work-item per counter, writes the four words, the four uniforms and
// the four normals of Philox(counter[i], key).
__kernel void philox_check(__global const uint4 *counters, uint k0, uint k1,
                           __global uint4 *words, __global float4 *uniforms, __global float4 *normals) {
    size_t i = get_global_id(0);
    uint4 c = counters[i];
    uint w0, w1, w2, w3;
    philox_1(c.x, c.y, c.z, c.w, k0, k1, &w0, &w1, &w2, &w3);
    words[i] = (uint4) (w0, w1, w2, w3);
    uniforms[i] = (float4) (philox_uniform_1(w0), philox_uniform_1(w1), philox_uniform_1(w2),
                            philox_uniform_1(w3));
    float z0, z1, z2, z3;
    philox_normals_1(w0, w1, w2, w3, &z0, &z1, &z2, &z3);
    normals[i] = (float4) (z0, z1, z2, z3);
}
