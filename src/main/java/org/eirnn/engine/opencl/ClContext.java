package org.eirnn.engine.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenCL context on one device with one in-order command queue: kernels enqueued on it run one after the
 * other, so a sequence of launches needs no events, only a final {@link #finish()} or blocking read.
 */
public final class ClContext implements AutoCloseable {
    static {
        CL.setExceptionsEnabled(true);
    }

    private final ClDevice device;
    private cl_context context;
    private cl_command_queue queue;
    private int preferredMultiple;

    @SuppressWarnings("deprecation")
    public ClContext(ClDevice device) {
        this.device = device;
        try {
            cl_context_properties props = new cl_context_properties();
            props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
            context = CL.clCreateContext(props, 1, new cl_device_id[] {device.id()}, null, null, null);
            // clCreateCommandQueue (OpenCL 1.x) rather than ...WithProperties so 1.2-only drivers work too.
            queue = CL.clCreateCommandQueue(context, device.id(), 0, null);
        } catch (CLException e) {
            close();
            throw OpenClException.during("opening " + device.label(), e);
        }
    }

    public ClDevice device() {
        return device;
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    public ClBuffer.Floats floats(long length) {
        return new ClBuffer.Floats(this, length);
    }

    public ClBuffer.Ints ints(long length) {
        return new ClBuffer.Ints(this, length);
    }

    public ClBuffer.Doubles doubles(long length) {
        return new ClBuffer.Doubles(this, length);
    }

    /** A double buffer holding a copy of {@code data}. */
    public ClBuffer.Doubles doubles(double[] data) {
        return filled(doubles(data.length), b -> b.write(data));
    }

    /** A float buffer holding a copy of {@code data}. */
    public ClBuffer.Floats floats(float[] data) {
        return filled(floats(data.length), b -> b.write(data));
    }

    /** An int buffer holding a copy of {@code data}. */
    public ClBuffer.Ints ints(int[] data) {
        return filled(ints(data.length), b -> b.write(data));
    }

    /** Runs {@code write} on a fresh buffer, releasing it if the write fails. */
    private static <B extends ClBuffer> B filled(B buffer, java.util.function.Consumer<B> write) {
        try {
            write.accept(buffer);
            return buffer;
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    /**
     * Builds a program from kernel files (concatenated in order) with build-time constants, each passed as
     * {@code -D NAME=value}. On failure the error names the files and carries the device's build log.
     */
    public ClProgram program(Map<String, ?> defines, String... files) {
        StringBuilder source = new StringBuilder();
        for (String f : files) {
            source.append("// ---- ").append(f).append('\n').append(KernelSources.read(f)).append('\n');
        }
        String options = options(defines);
        cl_program program;
        try {
            program = CL.clCreateProgramWithSource(context, 1, new String[] {source.toString()}, null, null);
        } catch (CLException e) {
            throw OpenClException.during("creating a program from " + List.of(files), e);
        }
        try {
            CL.clBuildProgram(program, 1, new cl_device_id[] {device.id()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(program);
            CL.clReleaseProgram(program);
            throw new OpenClException("OpenCL build of " + String.join(" + ", files) + " failed on " + device.label()
                    + " (" + CL.stringFor_errorCode(e.getStatus()) + ", options '" + options + "'):\n" + log, e);
        }
        return new ClProgram(this, program, List.of(files));
    }

    /** The {@code -D} options for {@code defines}, in their iteration order. */
    static String options(Map<String, ?> defines) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, ?> d : new LinkedHashMap<>(defines).entrySet()) {
            if (!d.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("not a macro name: '" + d.getKey() + "'");
            }
            Object v = d.getValue();
            String value = v instanceof Float f ? Float.toString(f) + "f" : String.valueOf(v);
            parts.add("-D " + d.getKey() + "=" + value);
        }
        return String.join(" ", parts);
    }

    private String buildLog(cl_program program) {
        try {
            long[] size = new long[1];
            CL.clGetProgramBuildInfo(program, device.id(), CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] bytes = new byte[(int) size[0]];
            CL.clGetProgramBuildInfo(program, device.id(), CL.CL_PROGRAM_BUILD_LOG, bytes.length,
                    Pointer.to(bytes), null);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(no build log: " + CL.stringFor_errorCode(e.getStatus()) + ")";
        }
    }

    /**
     * CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE of a trivial kernel ({@code kernels/probe.cl}), built once: what
     * the kernel shapes take for the device's warp or wavefront (at least 1).
     */
    public int preferredWorkGroupMultiple() {
        if (preferredMultiple == 0) {
            try (ClProgram p = program(Map.of(), "probe.cl"); ClKernel k = p.kernel("probe")) {
                preferredMultiple = (int) Math.max(1, Math.min(1024, k.preferredWorkGroupMultiple()));
            }
        }
        return preferredMultiple;
    }

    /** Waits until every enqueued command has finished. */
    public void finish() {
        try {
            CL.clFinish(queue);
        } catch (CLException e) {
            throw OpenClException.during("waiting for the device " + device.label(), e);
        }
    }

    @Override
    public void close() {
        if (queue != null) {
            CL.clReleaseCommandQueue(queue);
            queue = null;
        }
        if (context != null) {
            CL.clReleaseContext(context);
            context = null;
        }
    }
}
