// A trivial kernel whose CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE stands for the device's (the warp or
// wavefront width on a GPU) when KernelShape chooses the GPU shape before the rate kernels are built.
__kernel void probe(__global float *x) {
    x[get_global_id(0)] *= 2.0f;
}
