package org.halo.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.halo.compute.DeviceInfo;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL platforms and devices of this machine, enumerated once per process. Any failure to reach OpenCL (no
 * libOpenCL.so, no ICD, no platform) leaves an empty list and a one-line reason instead of an exception.
 */
final class OpenClDevices {
    /** A usable device: its description and the handles needed to open it. */
    record Entry(DeviceInfo info, cl_platform_id platform, cl_device_id device, String driverVersion) {}

    private static volatile OpenClDevices instance;

    final List<Entry> entries;
    final String problem;

    private OpenClDevices(List<Entry> entries, String problem) {
        this.entries = entries;
        this.problem = problem;
    }

    static OpenClDevices get() {
        OpenClDevices d = instance;
        if (d == null) {
            synchronized (OpenClDevices.class) {
                if (instance == null) instance = enumerate();
                d = instance;
            }
        }
        return d;
    }

    private static OpenClDevices enumerate() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            try {
                clGetPlatformIDs(0, null, count);
            } catch (org.jocl.CLException e) {
                return new OpenClDevices(List.of(), "no OpenCL platform is installed (" + e.getMessage() + ")");
            }
            if (count[0] == 0) return new OpenClDevices(List.of(), "no OpenCL platform is installed");
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<Entry> out = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String platformName = platformString(p, CL_PLATFORM_NAME);
                int[] n = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (org.jocl.CLException e) {
                    continue; // a platform without devices
                }
                cl_device_id[] devices = new cl_device_id[n[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, devices.length, devices, null);
                for (cl_device_id d : devices) {
                    long type = deviceLong(d, CL_DEVICE_TYPE);
                    String ext = deviceString(d, CL_DEVICE_EXTENSIONS);
                    DeviceInfo info = new DeviceInfo(out.size(), platformName, deviceString(d, CL_DEVICE_NAME).trim(),
                            deviceString(d, CL_DEVICE_VENDOR).trim(), deviceString(d, CL_DEVICE_VERSION).trim(),
                            deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                            ext.contains("cl_khr_fp64"), (type & CL_DEVICE_TYPE_GPU) != 0);
                    out.add(new Entry(info, p, d, deviceString(d, CL_DRIVER_VERSION)));
                }
            }
            return new OpenClDevices(List.copyOf(out), out.isEmpty() ? "OpenCL platforms have no devices" : null);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return new OpenClDevices(List.of(), "the OpenCL library libOpenCL.so cannot be loaded (install an ICD loader such as ocl-icd-opencl-dev)");
        } catch (RuntimeException e) {
            return new OpenClDevices(List.of(), "OpenCL is unusable: " + e.getMessage());
        }
    }

    static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_long, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
