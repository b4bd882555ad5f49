package org.eirnn.engine.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.util.Locale;

/**
 * One OpenCL device and the properties eirnn needs to choose and size work for it.
 *
 * @param platformIndex  index of the platform in {@code clGetPlatformIDs} order (the P of {@code opencl:P:D})
 * @param deviceIndex    index of the device within its platform (the D)
 * @param type           "GPU", "CPU", "ACCELERATOR" or "OTHER"
 * @param maxAllocBytes  CL_DEVICE_MAX_MEM_ALLOC_SIZE: the largest single buffer
 * @param globalMemBytes CL_DEVICE_GLOBAL_MEM_SIZE
 * @param localMemBytes  CL_DEVICE_LOCAL_MEM_SIZE (per work-group)
 * @param maxWorkGroup   CL_DEVICE_MAX_WORK_GROUP_SIZE
 * @param fp64           double precision supported
 * @param version        CL_DEVICE_VERSION, e.g. "OpenCL 3.0 PoCL ..."
 */
public record ClDevice(cl_platform_id platform, cl_device_id id, int platformIndex, int deviceIndex,
                       String platformName, String name, String vendor, String type, int computeUnits,
                       long globalMemBytes, long localMemBytes, long maxAllocBytes, long maxWorkGroup,
                       boolean fp64, String version) {

    public boolean isGpu() {
        return type.equals("GPU");
    }

    /** The {@code --device} spelling that selects this device. */
    public String spec() {
        return "opencl:" + platformIndex + ":" + deviceIndex;
    }

    /** One line for logs: spec, name and platform. */
    public String label() {
        return spec() + " " + name.trim() + " [" + platformName.trim() + ", " + type.toLowerCase(Locale.ROOT) + "]";
    }
}
