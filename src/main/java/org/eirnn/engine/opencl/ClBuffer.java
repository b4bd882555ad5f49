package org.eirnn.engine.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_mem;

/**
 * A device buffer of {@code length} elements of one Java primitive type. Always used in try-with-resources
 * (or owned by an AutoCloseable session) so device memory is released even when a kernel fails.
 */
public abstract sealed class ClBuffer implements AutoCloseable permits ClBuffer.Floats, ClBuffer.Ints, ClBuffer.Doubles {
    private final ClContext context;
    private final long length;
    private final int elementBytes;
    private cl_mem mem;

    private ClBuffer(ClContext context, long length, int elementBytes) {
        if (length <= 0) {
            throw new IllegalArgumentException("buffer length must be positive, got " + length);
        }
        long bytes = length * elementBytes;
        if (bytes > context.device().maxAllocBytes()) {
            throw new OpenClException("a buffer of " + bytes + " bytes exceeds the device's largest allocation ("
                    + context.device().maxAllocBytes() + " bytes, CL_DEVICE_MAX_MEM_ALLOC_SIZE) on "
                    + context.device().label());
        }
        this.context = context;
        this.length = length;
        this.elementBytes = elementBytes;
        try {
            this.mem = CL.clCreateBuffer(context.context(), CL.CL_MEM_READ_WRITE, bytes, null, null);
        } catch (CLException e) {
            throw OpenClException.during("allocating " + bytes + " bytes on " + context.device().label(), e);
        }
    }

    public long length() {
        return length;
    }

    public long bytes() {
        return length * elementBytes;
    }

    cl_mem mem() {
        if (mem == null) {
            throw new IllegalStateException("buffer already released");
        }
        return mem;
    }

    void write(Pointer from, long offset, long count) {
        checkRange(offset, count);
        if (count == 0) {
            return; // OpenCL refuses empty transfers (a model without inputs has no input values)
        }
        try {
            CL.clEnqueueWriteBuffer(context.queue(), mem(), CL.CL_TRUE, offset * elementBytes,
                    count * elementBytes, from, 0, null, null);
        } catch (CLException e) {
            throw OpenClException.during("writing " + count + " elements to the device", e);
        }
    }

    void read(Pointer to, long offset, long count) {
        checkRange(offset, count);
        if (count == 0) {
            return;
        }
        try {
            CL.clEnqueueReadBuffer(context.queue(), mem(), CL.CL_TRUE, offset * elementBytes,
                    count * elementBytes, to, 0, null, null);
        } catch (CLException e) {
            throw OpenClException.during("reading " + count + " elements from the device", e);
        }
    }

    private void checkRange(long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException("elements [" + offset + ", " + (offset + count)
                    + ") outside a buffer of " + length);
        }
    }

    @Override
    public void close() {
        if (mem != null) {
            CL.clReleaseMemObject(mem);
            mem = null;
        }
    }

    /** 32-bit floats (the engine's working precision). */
    public static final class Floats extends ClBuffer {
        Floats(ClContext context, long length) {
            super(context, length, Float.BYTES);
        }

        /** Writes all of {@code data} at element 0. */
        public Floats write(float[] data) {
            write(Pointer.to(data), 0, data.length);
            return this;
        }

        /** Reads {@code out.length} elements starting at element {@code offset}. */
        public float[] read(float[] out, long offset) {
            read(Pointer.to(out), offset, out.length);
            return out;
        }

        public float[] readAll() {
            return read(new float[Math.toIntExact(length())], 0);
        }
    }

    /** 32-bit integers (indices, trial ids). */
    public static final class Ints extends ClBuffer {
        Ints(ClContext context, long length) {
            super(context, length, Integer.BYTES);
        }

        public Ints write(int[] data) {
            write(Pointer.to(data), 0, data.length);
            return this;
        }

        public int[] read(int[] out, long offset) {
            read(Pointer.to(out), offset, out.length);
            return out;
        }

        public int[] readAll() {
            return read(new int[Math.toIntExact(length())], 0);
        }
    }

    /** 64-bit floats, for kernels built in double precision where the device has cl_khr_fp64. */
    public static final class Doubles extends ClBuffer {
        Doubles(ClContext context, long length) {
            super(context, length, Double.BYTES);
        }

        public Doubles write(double[] data) {
            write(Pointer.to(data), 0, data.length);
            return this;
        }

        public double[] read(double[] out, long offset) {
            read(Pointer.to(out), offset, out.length);
            return out;
        }

        public double[] readAll() {
            return read(new double[Math.toIntExact(length())], 0);
        }
    }
}
