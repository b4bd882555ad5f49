// Test-only kernel for ClContextTest: does not compile, on purpose.
__kernel void broken(__global float *out) {
    out[0] = undeclared_identifier;
}
