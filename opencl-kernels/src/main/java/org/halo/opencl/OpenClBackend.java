package org.halo.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_MAP_READ;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PROGRAM_BINARIES;
import static org.jocl.CL.CL_PROGRAM_BINARY_SIZES;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithBinary;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clGetProgramInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clReleaseProgram;
import static org.jocl.CL.clSetKernelArg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.halo.compute.Backend;
import org.halo.compute.BackendFailure;
import org.halo.compute.device.BitPacking;
import org.halo.compute.Box;
import org.halo.compute.CostProblem;
import org.halo.compute.DeviceInfo;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * The OpenCL path: the same separable transform as {@link org.halo.compute.CpuBackend}, as kernels
 * ({@code margin.cl}). Sites go up bit-packed (one bit per voxel of the padded box), the passes run on the device
 * with the field staying there between them, and a margin comes back bit-packed. Any OpenCL error becomes a
 * {@link BackendFailure}, after which {@link org.halo.compute.FallbackBackend} reruns the work on the CPU.
 */
public final class OpenClBackend implements Backend {
    static final String SOURCE = "/org/halo/opencl/margin.cl";
    /** Build options: none that relax floating point (see the kernel header). */
    static final String OPTIONS = "";
    private static final int LOCAL_SIZE = 64;
    /** Voxels per part of a pipelined upload: large enough that a part's transfer outweighs queuing it. */
    private static final long UPLOAD_PART_VOXELS = 1L << 23;
    /** Voxels of a line that one work-item of the envelope sweep writes: several work-items share each line. */
    private static final int SWEEP_SEGMENT = 32;

    private final DeviceInfo info;
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final cl_program program;
    private final cl_kernel passX, envelopeLines, sweepLines, thresholdField, packBits;
    private final long scratchElements;
    private final boolean fromCache;
    private final String driverVersion;
    private boolean lastBuildFromCache;
    private cl_program dvhProgram;
    private cl_kernel dvhKernel;
    private cl_program missProgram;
    private cl_kernel missKernel;

    // clCreateCommandQueue is deprecated from OpenCL 2.0 on, but its successor does not exist on 1.2 devices, which
    // Halo supports (NVIDIA's driver reported only 1.2 for years).
    @SuppressWarnings("deprecation")
    private OpenClBackend(OpenClDevices.Entry entry, String source) {
        this.info = entry.info();
        this.device = entry.device();
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, entry.platform());
        this.context = clCreateContext(props, 1, new cl_device_id[] {device}, null, null, null);
        this.queue = clCreateCommandQueue(context, device, 0, null);
        this.driverVersion = entry.driverVersion();
        cl_program p;
        try {
            p = build(source);
        } catch (BackendFailure e) {
            release();
            throw e;
        }
        this.program = p;
        this.fromCache = lastBuildFromCache;
        this.passX = clCreateKernel(program, "pass_x", null);
        this.envelopeLines = clCreateKernel(program, "envelope_lines", null);
        this.sweepLines = clCreateKernel(program, "sweep_lines", null);
        this.thresholdField = clCreateKernel(program, "threshold_field", null);
        this.packBits = clCreateKernel(program, "pack_bits", null);
        // Envelope scratch: an int, a float and a double per line element, at most 1/8 of the largest allocation. A GPU needs every
        // line of a pass in one launch to keep its multiprocessors busy (64 M elements cover a 512 x 512 x 200 box, 1 GB);
        // a CPU device gains nothing from more than 16 M at once.
        this.scratchElements = Math.max(1 << 16, Math.min(info.maxAllocationBytes() / 8, info.gpu() ? 1L << 26 : 1L << 24));
    }

    /** Builds a program for this device, from the on-disk binary cache when it holds one for this source. */
    private cl_program build(String source) {
        KernelCache cache = new KernelCache();
        String key = KernelCache.key(info.name(), driverVersion, source, OPTIONS);
        byte[] cached = cache.load(key);
        lastBuildFromCache = false;
        if (cached != null) {
            try {
                cl_program p = clCreateProgramWithBinary(context, 1, new cl_device_id[] {device}, new long[] {cached.length},
                        new byte[][] {cached}, new int[1], null);
                clBuildProgram(p, 0, null, OPTIONS, null, null);
                lastBuildFromCache = true;
                return p;
            } catch (CLException e) {
                // stale or foreign binary: build from source
            }
        }
        cl_program p = clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
        try {
            clBuildProgram(p, 0, null, OPTIONS, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            clReleaseProgram(p);
            throw new BackendFailure("kernel build failed on " + info.name() + ": " + firstLine(log), e);
        }
        cache.store(key, binary(p));
        return p;
    }

    @Override
    public <T> T capability(Class<T> type) {
        if (type == org.halo.clinical.miss.MissEvaluator.class) return type.cast(new OpenClMissEvaluator(this));
        if (type == org.halo.metrics.DvhSampler.class) {
            try {
                return type.cast(new OpenClDvhSampler(this));
            } catch (BackendFailure e) {
                return null; // this device cannot: the Java path runs
            }
        }
        return null;
    }

    /** The DVH kernel, built on first use. */
    synchronized cl_kernel dvhKernel() {
        if (dvhKernel == null) {
            dvhProgram = build(loadSource("/org/halo/opencl/dvh.cl"));
            dvhKernel = clCreateKernel(dvhProgram, "dvh_voxels", null);
        }
        return dvhKernel;
    }

    /** The geographic-miss scenario kernel, built on first use. */
    synchronized cl_kernel missKernel() {
        if (missKernel == null) {
            missProgram = build(loadSource("/org/halo/opencl/miss.cl"));
            missKernel = clCreateKernel(missProgram, "miss_scenarios", null);
        }
        return missKernel;
    }

    /** The largest work-group this device runs a kernel with. */
    long maxWorkGroup(cl_kernel kernel) {
        long[] max = new long[1];
        clGetKernelWorkGroupInfo(kernel, device, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(max), null);
        return max[0];
    }

    cl_device_id deviceId() {
        return device;
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    /** Launches a kernel over {@code items} work-items with these arguments (buffers, ints, doubles). */
    void run(cl_kernel kernel, int items, Object... args) {
        launch(kernel, items, args);
    }

    static OpenClBackend open(OpenClDevices.Entry entry) {
        return open(entry, loadSource());
    }

    /** Opens with a given kernel source (tests use a broken one to exercise the fallback). */
    static OpenClBackend open(OpenClDevices.Entry entry, String source) {
        if (!entry.info().fp64()) throw new BackendFailure(entry.info().name() + " lacks double precision (cl_khr_fp64)", null);
        try {
            return new OpenClBackend(entry, source);
        } catch (CLException e) {
            throw new BackendFailure("OpenCL error on " + entry.info().name() + ": " + e.getMessage(), e);
        }
    }

    /** The first usable device: a GPU if there is one, else any device with double precision; null if none. */
    public static OpenClBackend openFirst() {
        List<OpenClDevices.Entry> entries = OpenClDevices.get().entries;
        OpenClDevices.Entry best = null;
        for (OpenClDevices.Entry e : entries) {
            if (!e.info().fp64()) continue;
            if (best == null || (e.info().gpu() && !best.info().gpu())) best = e;
        }
        return best == null ? null : open(best);
    }

    /** Why {@link #openFirst()} found nothing, or null. */
    public static String unavailableReason() {
        return OpenClDevices.get().problem;
    }

    static String loadSource() {
        return loadSource(SOURCE);
    }

    static String loadSource(String resource) {
        try (InputStream in = OpenClBackend.class.getResourceAsStream(resource)) {
            if (in == null) throw new BackendFailure("kernel source " + resource + " is missing from the jar", null);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendFailure("cannot read kernel source: " + e.getMessage(), e);
        }
    }

    public DeviceInfo device() {
        return info;
    }

    /** True when the program came from the on-disk binary cache rather than the compiler. */
    public boolean builtFromCache() {
        return fromCache;
    }

    @Override
    public String name() {
        return "opencl (" + info.name() + ")";
    }

    @Override
    public synchronized float[] minimumCost(CostProblem problem) {
        try (Resident r = upload(problem)) {
            compute(r, Double.NaN);
            return r.readField();
        } catch (CLException e) {
            throw new BackendFailure("OpenCL error on " + info.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized byte[] withinCostBand(CostProblem problem, double lower, double upper) {
        try (Resident r = upload(problem)) {
            compute(r, lower, upper);
            return r.readMask();
        } catch (CLException e) {
            throw new BackendFailure("OpenCL error on " + info.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void markCostBand(CostProblem problem, double lower, double upper, byte[] gridMask) {
        try (Resident r = upload(problem)) {
            compute(r, lower, upper);
            r.markInto(gridMask);
        } catch (CLException e) {
            throw new BackendFailure("OpenCL error on " + info.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Uploads a problem (sites bit-packed) and allocates its device buffers. With {@link #compute} and
     * {@link Resident#readMask()} this splits an operation into its transfer and kernel parts, for benchmarks.
     */
    public synchronized Resident upload(CostProblem problem) {
        return new Resident(problem);
    }

    /** Runs all passes on the device and waits; with a finite threshold the last pass writes the packed mask. */
    public synchronized void compute(Resident r, double threshold) {
        compute(r, Double.NEGATIVE_INFINITY, threshold);
    }

    /** As {@link #compute(Resident, double)}, keeping costs in (lower, threshold]: a ring in one transform. */
    public synchronized void compute(Resident r, double lower, double threshold) {
        if (stageMs != null) {
            clFinish(queue);
            stageStart = System.nanoTime();
        }
        CostProblem p = r.problem;
        Box b = p.box();
        int bx = b.nx(), by = b.ny(), bz = b.nz();
        int rows = by * bz;
        boolean moveY = moves(p, 1), moveZ = moves(p, 2);
        boolean mask = !Double.isNaN(threshold);
        if (p.siteCosts() != null) {
            // Sites with starting costs: a lower-envelope pass along x from the uploaded costs (in fieldB).
            boolean last = mask && !moveY && !moveZ;
            line(r, 0, r.fieldB, r.fieldA, last, lower, threshold);
            if (last) {
                launch(packBits, (r.count + 7) / 8, r.maskBytes, r.packed, r.count);
                r.result = r.fieldA;
                clFinish(queue);
                return;
            }
        } else {
            launch(passX, rows * ((bx + 7) / 8), r.bits, (bx + 7) / 8, bx, rows, r.fieldA, p.weightPos()[0], p.weightNeg()[0], p.clamp());
        }
        stage(0);
        cl_mem cur = r.fieldA, other = r.fieldB;
        if (moveY) {
            boolean last = mask && !moveZ;
            line(r, 1, cur, other, last, lower, threshold);
            cl_mem t = cur; cur = other; other = t;
        }
        stage(1);
        if (moveZ) {
            line(r, 2, cur, other, mask, lower, threshold);
            cl_mem t = cur; cur = other; other = t;
        }
        stage(2);
        if (mask) {
            if (!moveY && !moveZ) launch(thresholdField, r.count, cur, r.maskBytes, r.count, threshold, lower);
            launch(packBits, (r.count + 7) / 8, r.maskBytes, r.packed, r.count);
        }
        stage(3);
        r.result = cur;
        clFinish(queue);
    }

    private double[] stageMs;
    private long stageStart;

    /** With stage timing on, waits for the queue and books the time since the last stage. */
    private void stage(int i) {
        if (stageMs == null) return;
        clFinish(queue);
        long now = System.nanoTime();
        stageMs[i] = (now - stageStart) / 1e6;
        stageStart = now;
    }

    /**
     * Milliseconds of each stage of a {@link #compute}: x pass, y pass, z pass (with the threshold when it is the last),
     * packing; each waited for on its own, launch overhead included. A diagnostic for the GPU check: which pass to work
     * on next.
     */
    public synchronized double[] stageTimesMs(Resident r, double threshold) {
        stageMs = new double[4];
        try {
            compute(r, threshold);
            return stageMs;
        } finally {
            stageMs = null;
        }
    }

    private static boolean moves(CostProblem p, int axis) {
        return p.weightPos()[axis] != Double.POSITIVE_INFINITY || p.weightNeg()[axis] != Double.POSITIVE_INFINITY;
    }

    private void line(Resident r, int axis, cl_mem in, cl_mem out, boolean writeMask, double lower, double threshold) {
        CostProblem p = r.problem;
        Box b = p.box();
        int bx = b.nx(), by = b.ny(), bz = b.nz();
        // Lines along x are the rows (width 1 in the kernel's line numbering); along y and z, x-adjacent lines.
        int n = axis == 0 ? bx : axis == 1 ? by : bz;
        int stride = axis == 0 ? 1 : axis == 1 ? bx : bx * by;
        int width = axis == 0 ? 1 : bx;
        int outerStride = axis == 0 ? bx : axis == 1 ? bx * by : bx;
        int lines = axis == 0 ? by * bz : bx * (axis == 1 ? bz : by);
        int perLaunch = (int) Math.max(1, Math.min(lines, r.scratchCapacity / n));
        for (int offset = 0; offset < lines; offset += perLaunch) {
            int count = Math.min(perLaunch, lines - offset);
            launch(envelopeLines, count, in, n, stride, width, outerStride, offset, count, r.vs, r.fs, r.zs, r.ks,
                    p.weightPos()[axis], p.weightNeg()[axis]);
            launch(sweepLines, count * ((n + SWEEP_SEGMENT - 1) / SWEEP_SEGMENT), out, r.maskBytes, writeMask ? 1 : 0, n,
                    SWEEP_SEGMENT, stride, width, outerStride, offset, count, r.vs, r.fs, r.zs, r.ks, p.weightPos()[axis],
                    p.weightNeg()[axis], p.clamp(), writeMask ? threshold : 0.0, writeMask ? lower : Double.NEGATIVE_INFINITY);
        }
    }

    private void launch(cl_kernel kernel, int items, Object... args) {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof cl_mem m) clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(m));
            else if (a instanceof Integer v) clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
            else if (a instanceof Double v) clSetKernelArg(kernel, i, Sizeof.cl_double, Pointer.to(new double[] {v}));
            else throw new IllegalArgumentException("kernel argument " + a);
        }
        long local = localSize(kernel);
        long global = (items + local - 1) / local * local;
        clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {global}, new long[] {local}, 0, null, null);
    }

    private long localSize(cl_kernel kernel) {
        long[] max = new long[1];
        clGetKernelWorkGroupInfo(kernel, device, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(max), null);
        long local = LOCAL_SIZE;
        while (local > 1 && local > max[0]) local /= 2;
        return local;
    }

    /**
     * Device buffers that outlive one operation: a chain of operations (or a cohort of structures) reuses them, growing
     * them only when a larger box arrives, so allocation stays off the per-operation path.
     */
    private final java.util.Map<String, cl_mem> pool = new java.util.HashMap<>();
    private final java.util.Map<String, Long> poolBytes = new java.util.HashMap<>();

    private cl_mem pooled(String name, long flags, long bytes) {
        long need = Math.max(1, bytes);
        Long have = poolBytes.get(name);
        if (have != null && have >= need) return pool.get(name);
        if (have != null) clReleaseMemObject(pool.remove(name));
        poolBytes.remove(name);
        cl_mem m = clCreateBuffer(context, flags, need, null, null);
        pool.put(name, m);
        poolBytes.put(name, need);
        return m;
    }

    /**
     * Host memory the driver has pinned, mapped once and kept mapped: packed masks are written into it and moved by DMA,
     * where a transfer from a Java array is staged through a driver buffer first. Grows like the device pool.
     */
    private final java.util.Map<String, cl_mem> pinnedMem = new java.util.HashMap<>();
    private final java.util.Map<String, ByteBuffer> pinnedMapped = new java.util.HashMap<>();

    private ByteBuffer pinned(String name, long bytes) {
        long need = Math.max(1, bytes);
        ByteBuffer have = pinnedMapped.get(name);
        if (have != null && have.capacity() >= need) return have;
        if (have != null) unpin(name);
        cl_mem m = clCreateBuffer(context, CL_MEM_READ_WRITE | CL_MEM_ALLOC_HOST_PTR, need, null, null);
        ByteBuffer mapped = clEnqueueMapBuffer(queue, m, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0, need, 0, null, null, null);
        pinnedMem.put(name, m);
        pinnedMapped.put(name, mapped);
        return mapped;
    }

    private void unpin(String name) {
        cl_mem m = pinnedMem.remove(name);
        ByteBuffer mapped = pinnedMapped.remove(name);
        clEnqueueUnmapMemObject(queue, m, mapped, 0, null, null);
        clFinish(queue);
        clReleaseMemObject(m);
    }

    /** The starting costs of the box's voxels (x fastest). */
    private static float[] boxCosts(CostProblem p) {
        Box b = p.box();
        float[] out = new float[b.voxelCount()];
        for (int k = 0; k < b.nz(); k++) {
            for (int j = 0; j < b.ny(); j++) {
                System.arraycopy(p.siteCosts(), b.x0() + p.nx() * ((b.y0() + j) + p.ny() * (b.z0() + k)), out, b.nx() * (j + b.ny() * k), b.nx());
            }
        }
        return out;
    }

    /** One problem on the device: its sites uploaded, the pooled buffers sized for its box. */
    public final class Resident implements AutoCloseable {
        final CostProblem problem;
        final int count;
        final long scratchCapacity;
        final cl_mem bits, fieldA, fieldB, maskBytes, packed, vs, fs, zs, ks;
        cl_mem result;

        Resident(CostProblem p) {
            this.problem = p;
            Box b = p.box();
            this.count = b.voxelCount();
            long fieldBytes = 4L * count;
            if (fieldBytes > info.maxAllocationBytes()) {
                throw new BackendFailure("a box of " + count + " voxels needs " + (fieldBytes >> 20) + " MiB in one buffer; "
                        + info.name() + " allows " + (info.maxAllocationBytes() >> 20) + " MiB", null);
            }
            int longestLine = Math.max(p.siteCosts() != null ? b.nx() : 1, Math.max(b.ny(), b.nz()));
            this.scratchCapacity = Math.max(scratchElements, longestLine);
            fieldA = pooled("fieldA", CL_MEM_READ_WRITE, fieldBytes);
            fieldB = pooled("fieldB", CL_MEM_READ_WRITE, fieldBytes);
            if (p.siteCosts() != null) {
                bits = null;
                float[] costs = boxCosts(p);
                clEnqueueWriteBuffer(queue, fieldB, CL_TRUE, 0, fieldBytes, Pointer.to(costs), 0, null, null);
            } else {
                int packedBytes = BitPacking.packedRowsBytes(b);
                ByteBuffer host = pinned("sitesIn", packedBytes);
                bits = pooled("bits", CL_MEM_READ_ONLY, packedBytes);
                uploadSites(p, host, bits);
            }
            maskBytes = pooled("maskBytes", CL_MEM_READ_WRITE, count);
            packed = pooled("packed", CL_MEM_READ_WRITE, (count + 7) / 8);
            vs = pooled("vs", CL_MEM_READ_WRITE, 4L * scratchCapacity);
            fs = pooled("fs", CL_MEM_READ_WRITE, 4L * scratchCapacity);
            zs = pooled("zs", CL_MEM_READ_WRITE, 8L * scratchCapacity);
            long linesPerLaunch = 1;
            for (int n : new int[] {b.nx(), b.ny(), b.nz()}) linesPerLaunch = Math.max(linesPerLaunch, Math.min(count / n, scratchCapacity / n));
            ks = pooled("ks", CL_MEM_READ_WRITE, 4L * linesPerLaunch);
        }

        /**
         * Packs the sites into pinned memory part by part, each part's transfer queued as soon as it is packed, so that
         * the copy of one part overlaps the packing of the next. The queue is in order: the passes see every part.
         */
        private void uploadSites(CostProblem p, ByteBuffer host, cl_mem device) {
            Box b = p.box();
            int rows = b.ny() * b.nz(), rowBytes = (b.nx() + 7) / 8;
            int parts = count >= UPLOAD_PART_VOXELS * 2 ? (int) Math.min(16, count / UPLOAD_PART_VOXELS) : 1;
            for (int part = 0; part < parts; part++) {
                int from = (int) ((long) rows * part / parts), to = (int) ((long) rows * (part + 1) / parts);
                BitPacking.packBoxRows(p.mask(), p.nx(), p.ny(), b, p.siteValue(), host, from, to);
                long offset = (long) from * rowBytes, length = (long) (to - from) * rowBytes;
                clEnqueueWriteBuffer(queue, device, part == parts - 1, offset, length,
                        Pointer.to(host.slice((int) offset, (int) length)), 0, null, null);
            }
        }

        /** The 0/1 result over the box (x fastest), brought back bit-packed. */
        public byte[] readMask() {
            byte[] bitsOut = new byte[(count + 7) / 8];
            clEnqueueReadBuffer(queue, packed, CL_TRUE, 0, bitsOut.length, Pointer.to(bitsOut), 0, null, null);
            return BitPacking.unpack(bitsOut, count);
        }

        /** Brings the result back bit-packed and sets its voxels to 1 in the problem's grid-sized mask. */
        public void markInto(byte[] gridMask) {
            int length = (count + 7) / 8;
            ByteBuffer host = pinned("maskOut", length);
            clEnqueueReadBuffer(queue, packed, CL_TRUE, 0, length, Pointer.to(host), 0, null, null);
            BitPacking.markBoxRows(host, problem.box(), problem.nx(), problem.ny(), gridMask);
        }

        float[] readField() {
            float[] out = new float[count];
            clEnqueueReadBuffer(queue, result, CL_TRUE, 0, 4L * count, Pointer.to(out), 0, null, null);
            return out;
        }

        /** The buffers stay in the backend's pool for the next problem. */
        @Override
        public void close() {
            result = null;
        }
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            return new String(buf, StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(no build log)";
        }
    }

    private static String firstLine(String log) {
        for (String l : log.split("\n")) if (l.contains("error")) return l.trim();
        return log.isEmpty() ? "(empty build log)" : log.split("\n")[0].trim();
    }

    private static byte[] binary(cl_program p) {
        try {
            long[] size = new long[1];
            clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null);
            byte[] bin = new byte[(int) size[0]];
            clGetProgramInfo(p, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(bin)), null);
            return bin;
        } catch (CLException e) {
            return new byte[0];
        }
    }

    private void release() {
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }

    @Override
    public synchronized void close() {
        for (String name : List.copyOf(pinnedMem.keySet())) unpin(name);
        for (cl_mem m : pool.values()) clReleaseMemObject(m);
        pool.clear();
        poolBytes.clear();
        for (cl_kernel k : new cl_kernel[] {passX, envelopeLines, sweepLines, thresholdField, packBits}) clReleaseKernel(k);
        clReleaseProgram(program);
        if (dvhKernel != null) {
            clReleaseKernel(dvhKernel);
            clReleaseProgram(dvhProgram);
        }
        if (missKernel != null) {
            clReleaseKernel(missKernel);
            clReleaseProgram(missProgram);
        }
        release();
    }
}
