package org.eirnn.engine.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Discovers every OpenCL platform and device. A machine without OpenCL is a normal situation (the CPU engine
 * remains), so discovery never throws: it returns an empty list and says why.
 */
public final class ClPlatforms {
    static {
        CL.setExceptionsEnabled(true);
    }

    private ClPlatforms() {
    }

    /** The devices found, or none and the reason (missing libOpenCL, no platform installed, ...). */
    public record Discovery(List<ClDevice> devices, String problem) {
        public boolean found() {
            return !devices.isEmpty();
        }
    }

    private static Discovery cached;

    /** Every device of every platform, in platform then device order. Queried once per process. */
    public static synchronized Discovery discover() {
        if (cached == null) {
            cached = query();
        }
        return cached;
    }

    private static Discovery query() {
        List<ClDevice> devices = new ArrayList<>();
        try {
            int[] count = new int[1];
            CL.clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                return new Discovery(devices, "no OpenCL platform is installed");
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            CL.clGetPlatformIDs(platforms.length, platforms, null);
            for (int p = 0; p < platforms.length; p++) {
                addDevices(p, platforms[p], devices);
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return new Discovery(devices, "the OpenCL library could not be loaded (" + e.getMessage() + ")");
        } catch (CLException e) {
            // -1001 (CL_PLATFORM_NOT_FOUND_KHR) is how the ICD loader says "no platform".
            return new Discovery(devices, "no OpenCL platform is available (" + CL.stringFor_errorCode(e.getStatus()) + ")");
        }
        return new Discovery(List.copyOf(devices), devices.isEmpty() ? "the OpenCL platforms have no device" : null);
    }

    private static void addDevices(int p, cl_platform_id platform, List<ClDevice> out) {
        int[] count = new int[1];
        try {
            CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, 0, null, count);
        } catch (CLException e) {
            return; // CL_DEVICE_NOT_FOUND: a platform without devices is skipped
        }
        cl_device_id[] ids = new cl_device_id[count[0]];
        CL.clGetDeviceIDs(platform, CL.CL_DEVICE_TYPE_ALL, ids.length, ids, null);
        String platformName = platformString(platform, CL.CL_PLATFORM_NAME);
        for (int d = 0; d < ids.length; d++) {
            cl_device_id id = ids[d];
            String extensions = deviceString(id, CL.CL_DEVICE_EXTENSIONS);
            out.add(new ClDevice(platform, id, p, d, platformName,
                    deviceString(id, CL.CL_DEVICE_NAME), deviceString(id, CL.CL_DEVICE_VENDOR),
                    typeName(deviceLong(id, CL.CL_DEVICE_TYPE)), (int) deviceInt(id, CL.CL_DEVICE_MAX_COMPUTE_UNITS),
                    deviceLong(id, CL.CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(id, CL.CL_DEVICE_LOCAL_MEM_SIZE),
                    deviceLong(id, CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE), deviceSize(id, CL.CL_DEVICE_MAX_WORK_GROUP_SIZE),
                    extensions.contains("cl_khr_fp64"), deviceString(id, CL.CL_DEVICE_VERSION)));
        }
    }

    private static String typeName(long type) {
        if ((type & CL.CL_DEVICE_TYPE_GPU) != 0) {
            return "GPU";
        }
        if ((type & CL.CL_DEVICE_TYPE_CPU) != 0) {
            return "CPU";
        }
        if ((type & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return "ACCELERATOR";
        }
        return "OTHER";
    }

    private static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(platform, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(device, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static long deviceLong(cl_device_id device, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceInt(cl_device_id device, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(device, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0] & 0xFFFFFFFFL;
    }

    private static long deviceSize(cl_device_id device, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(device, param, Sizeof.size_t, Pointer.to(v), null);
        return Sizeof.size_t == 4 ? v[0] & 0xFFFFFFFFL : v[0];
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
    }
}
