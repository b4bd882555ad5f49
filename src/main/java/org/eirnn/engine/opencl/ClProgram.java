package org.eirnn.engine.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_program;

import java.util.List;

/** A program built for one device from kernel files; hands out its kernels. */
public final class ClProgram implements AutoCloseable {
    private final ClContext context;
    private final List<String> files;
    private cl_program program;

    ClProgram(ClContext context, cl_program program, List<String> files) {
        this.context = context;
        this.program = program;
        this.files = files;
    }

    public List<String> files() {
        return files;
    }

    /** Creates kernel {@code name}; the caller closes it. */
    public ClKernel kernel(String name) {
        try {
            return new ClKernel(context, CL.clCreateKernel(program, name, null), name);
        } catch (CLException e) {
            throw OpenClException.during("creating kernel '" + name + "' from " + files, e);
        }
    }

    @Override
    public void close() {
        if (program != null) {
            CL.clReleaseProgram(program);
            program = null;
        }
    }
}
