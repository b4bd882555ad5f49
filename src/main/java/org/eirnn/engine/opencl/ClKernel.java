package org.eirnn.engine.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/**
 * A kernel with typed argument setters. Arguments are set by position, in the order of the OpenCL C
 * signature; {@link #launch} enqueues on the context's in-order queue without waiting.
 */
public final class ClKernel implements AutoCloseable {
    private final ClContext context;
    private final String name;
    private cl_kernel kernel;

    ClKernel(ClContext context, cl_kernel kernel, String name) {
        this.context = context;
        this.kernel = kernel;
        this.name = name;
    }

    public ClKernel arg(int index, ClBuffer buffer) {
        return set(index, Sizeof.cl_mem, Pointer.to(buffer.mem()));
    }

    public ClKernel arg(int index, int value) {
        return set(index, Sizeof.cl_int, Pointer.to(new int[] {value}));
    }

    public ClKernel arg(int index, float value) {
        return set(index, Sizeof.cl_float, Pointer.to(new float[] {value}));
    }

    /** A {@code __local} argument of {@code bytes} bytes. */
    public ClKernel localArg(int index, long bytes) {
        try {
            CL.clSetKernelArg(kernel, index, bytes, null);
        } catch (CLException e) {
            throw OpenClException.during("setting local argument " + index + " (" + bytes + " bytes) of " + name, e);
        }
        return this;
    }

    private ClKernel set(int index, long size, Pointer value) {
        try {
            CL.clSetKernelArg(kernel, index, size, value);
        } catch (CLException e) {
            throw OpenClException.during("setting argument " + index + " of kernel " + name, e);
        }
        return this;
    }

    /** Enqueues the kernel; {@code local} may be null to let the driver choose. */
    public void launch(long[] global, long[] local) {
        try {
            CL.clEnqueueNDRangeKernel(context.queue(), kernel, global.length, null, global, local, 0, null, null);
        } catch (CLException e) {
            throw OpenClException.during("launching kernel " + name + " (global " + java.util.Arrays.toString(global)
                    + ", local " + java.util.Arrays.toString(local) + ")", e);
        }
    }

    /** CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE on the context's device (the warp or wavefront on a GPU). */
    public long preferredWorkGroupMultiple() {
        long[] value = new long[1];
        try {
            CL.clGetKernelWorkGroupInfo(kernel, context.device().id(), CL.CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE,
                    Sizeof.size_t, Pointer.to(value), null);
        } catch (CLException e) {
            throw OpenClException.during("querying the preferred work-group multiple of " + name, e);
        }
        return value[0];
    }

    @Override
    public void close() {
        if (kernel != null) {
            CL.clReleaseKernel(kernel);
            kernel = null;
        }
    }
}
