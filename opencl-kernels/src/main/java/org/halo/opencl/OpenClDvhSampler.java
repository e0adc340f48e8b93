package org.halo.opencl;

import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseMemObject;

import java.util.ArrayList;
import java.util.List;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.util.Intervals;
import org.halo.compute.BackendFailure;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.DvhSampler;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * The DVH sampling of {@link DoseVolumeHistogram} on an OpenCL device ({@code dvh.cl}): one work-item per voxel of
 * the structure's box, the dose grid and the structure's region on the device, volumes summed with 64-bit atomics.
 */
final class OpenClDvhSampler implements DvhSampler {
    private static final double VOLUME_SCALE = 1099511627776.0; // 2^40 per cc, as in dvh.cl
    private static final double DOSE_SCALE = 4294967296.0;      // 2^32 per Gy·cc
    private final OpenClBackend backend;

    OpenClDvhSampler(OpenClBackend backend) {
        this.backend = backend;
        if (!OpenClDevices.deviceString(backend.deviceId(), CL_DEVICE_EXTENSIONS).contains("cl_khr_int64_base_atomics")) {
            throw new BackendFailure(backend.device().name() + " lacks 64-bit atomics (cl_khr_int64_base_atomics) for DVH sums", null);
        }
    }

    @Override
    public Sums sample(Job job) {
        if (job.boundarySubdivisions() > 4) throw new BackendFailure("the DVH kernel samples at most 4 points per axis at boundaries", null);
        List<cl_mem> buffers = new ArrayList<>();
        try {
            synchronized (backend) {
                cl_kernel kernel = backend.dvhKernel();
                int[] n = job.size();
                // The structure's voxels and two around them: the samples' own voxels and their interpolation neighbours.
                Interval grid = new FinalInterval(n[0], n[1], n[2]);
                Interval copy = Intervals.intersect(Intervals.expand(job.bounds(), 2), grid);
                Interval scan = Intervals.intersect(Intervals.expand(job.bounds(), 1), grid);
                int[] lo = new int[3], hi = new int[3];
                for (int a = 0; a < 3; a++) {
                    lo[a] = (int) copy.min(a);
                    hi[a] = (int) copy.max(a);
                }
                int rx = hi[0] - lo[0] + 1, ry = hi[1] - lo[1] + 1, rz = hi[2] - lo[2] + 1;
                float[] region = new float[rx * ry * rz];
                for (int k = 0; k < rz; k++) for (int j = 0; j < ry; j++) {
                    System.arraycopy(job.occupancy(), lo[0] + n[0] * ((lo[1] + j) + n[1] * (lo[2] + k)), region, rx * (j + ry * k), rx);
                }
                int[] w0 = new int[3], w1 = new int[3];
                for (int a = 0; a < 3; a++) {
                    w0[a] = (int) scan.min(a) - lo[a];
                    w1[a] = (int) scan.max(a) - lo[a];
                }
                int bw = w1[0] - w0[0] + 1, bh = w1[1] - w0[1] + 1, bd = w1[2] - w0[2] + 1;
                double[] sg = new double[15];
                System.arraycopy(job.originMm(), 0, sg, 0, 3);
                System.arraycopy(job.direction(), 0, sg, 3, 9);
                System.arraycopy(job.spacingMm(), 0, sg, 12, 3);
                double[] dg = new double[12];
                System.arraycopy(job.doseOriginMm(), 0, dg, 0, 3);
                System.arraycopy(job.doseInverse(), 0, dg, 3, 9);
                cl_mem occ = input(buffers, Pointer.to(region), 4L * region.length);
                cl_mem sgBuf = input(buffers, Pointer.to(sg), 8L * sg.length);
                cl_mem dose = input(buffers, Pointer.to(job.dose()), 4L * job.dose().length);
                cl_mem dgBuf = input(buffers, Pointer.to(dg), 8L * dg.length);
                long[] hist = new long[job.bins()];
                long[] sums = new long[3];
                int[] extremes = {Integer.MAX_VALUE, Integer.MIN_VALUE};
                int[] flags = new int[1];
                cl_mem histBuf = inout(buffers, Pointer.to(hist), 8L * hist.length);
                cl_mem sumsBuf = inout(buffers, Pointer.to(sums), 8L * sums.length);
                cl_mem extBuf = inout(buffers, Pointer.to(extremes), 8L);
                cl_mem flagBuf = inout(buffers, Pointer.to(flags), 4L);
                int outside = job.outside() == DoseVolumeHistogram.Outside.ERROR ? 0 : job.outside() == DoseVolumeHistogram.Outside.IGNORE ? 1 : 2;
                int[] dn = job.doseSize();
                backend.run(kernel, bw * bh * bd, occ, rx, ry, rz, lo[0], lo[1], lo[2], w0[0], w0[1], w0[2], bw, bh, bd,
                        job.binary() ? 1 : 0, job.subdivisions(), job.boundarySubdivisions(), sgBuf, dose, dn[0], dn[1], dn[2], dgBuf, outside,
                        job.binGy(), job.bins(), job.ceilingGy(), histBuf, sumsBuf, extBuf, flagBuf);
                clFinish(backend.queue());
                read(histBuf, Pointer.to(hist), 8L * hist.length);
                read(sumsBuf, Pointer.to(sums), 8L * sums.length);
                read(extBuf, Pointer.to(extremes), 8L);
                read(flagBuf, Pointer.to(flags), 4L);
                double[] binCc = new double[hist.length];
                for (int i = 0; i < hist.length; i++) binCc[i] = hist[i] / VOLUME_SCALE;
                return new Sums(binCc, sums[0] / VOLUME_SCALE, sums[1] / DOSE_SCALE, extremes[0] / 1e6, extremes[1] / 1e6,
                        sums[2] / VOLUME_SCALE, flags[0] != 0);
            }
        } catch (CLException e) {
            throw new BackendFailure("OpenCL error on " + backend.device().name() + ": " + e.getMessage(), e);
        } finally {
            for (cl_mem m : buffers) clReleaseMemObject(m);
        }
    }

    private cl_mem input(List<cl_mem> buffers, Pointer p, long bytes) {
        cl_mem m = clCreateBuffer(backend.context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, Math.max(1, bytes), p, null);
        buffers.add(m);
        return m;
    }

    private cl_mem inout(List<cl_mem> buffers, Pointer p, long bytes) {
        cl_mem m = clCreateBuffer(backend.context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, Math.max(1, bytes), p, null);
        buffers.add(m);
        return m;
    }

    private void read(cl_mem m, Pointer p, long bytes) {
        clEnqueueReadBuffer(backend.queue(), m, CL_TRUE, 0, bytes, p, 0, null, null);
    }
}
