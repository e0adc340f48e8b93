package org.halo.opencl;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import java.util.ArrayList;
import java.util.List;
import org.halo.clinical.miss.DelineationIntegral;
import org.halo.clinical.miss.EvaluationPoints;
import org.halo.clinical.miss.JavaMissEvaluator;
import org.halo.clinical.miss.MissEvaluator;
import org.halo.clinical.miss.MissProblem;
import org.halo.clinical.miss.ScenarioOutcomes;
import org.halo.compute.BackendFailure;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * The geographic-miss scenario kernel ({@code miss.cl}) on an OpenCL device: the problem's arrays are uploaded once,
 * one work-group evaluates one scenario, and the per-scenario outcomes come back; they equal the Java path's exactly.
 */
final class OpenClMissEvaluator implements MissEvaluator {
    /** Scenarios per launch: keeps each launch short (display watchdogs) without costing throughput. */
    private static final int BATCH = 4096;
    private static final int MAX_GEO_COUNTERS = 4096;
    /** Distinct thresholds the conditional estimator keeps in local memory (two counters each). */
    private static final int MAX_RANKS = 2048;
    /** Work-items per group on CPU devices (docs/gpu.md, PoCL). */
    private static final int CPU_GROUP = 8;
    private final OpenClBackend backend;

    OpenClMissEvaluator(OpenClBackend backend) {
        this.backend = backend;
    }

    @Override
    public String name() {
        return backend.name();
    }

    @Override
    public ScenarioOutcomes evaluate(MissProblem p) {
        return run(p, null, 0);
    }

    @Override
    public int[] underCounts(MissProblem p, double level) {
        JavaMissEvaluator.checkLevel(level);
        int[] under = new int[p.points().entries()];
        run(p, under, level);
        return under;
    }

    /** Evaluates every scenario; with {@code under} non-null, also counts each entry's scenarios under {@code level} into it. */
    private ScenarioOutcomes run(MissProblem p, int[] under, double level) {
        if ((long) p.fractions() * p.substeps() > MAX_GEO_COUNTERS) {
            throw new BackendFailure("the miss kernel keeps at most " + MAX_GEO_COUNTERS + " fraction × substep counters", null);
        }
        DelineationIntegral integral = p.delineationIntegral();
        if (integral != null && integral.ranks() > MAX_RANKS) {
            throw new BackendFailure("the miss kernel integrates over at most " + MAX_RANKS + " distinct thresholds", null);
        }
        List<cl_mem> buffers = new ArrayList<>();
        try {
            synchronized (backend) {
                cl_kernel kernel = backend.missKernel();
                int local = 1;
                // A CPU device (PoCL) keeps the whole work-group's private data on one thread's stack: small groups there.
                long max = Math.min(backend.device().gpu() ? 128 : CPU_GROUP, backend.maxWorkGroup(kernel));
                while (local * 2 <= max) local *= 2;
                int s = p.scenarios();
                cl_mem dist = input(buffers, Pointer.to(p.distanceMm()), 4L * p.distanceMm().length);
                cl_mem rel = p.relativeDose() != null ? input(buffers, Pointer.to(p.relativeDose()), 4L * p.relativeDose().length)
                        : input(buffers, Pointer.to(new float[1]), 4);
                cl_mem cells = p.cellInside() != null ? input(buffers, Pointer.to(p.cellInside()), p.cellInside().length)
                        : input(buffers, Pointer.to(new byte[1]), 1);
                double[] table = p.falloff() != null ? p.falloff() : new double[] {1};
                cl_mem tableBuf = input(buffers, Pointer.to(table), 8L * table.length);
                EvaluationPoints e = p.points();
                cl_mem cellStart = ints(buffers, e.cellStart()), xyz = floats(buffers, e.xyz()), weight = ints(buffers, e.weight()),
                        threshold = floats(buffers, e.threshold()), skip = floats(buffers, e.skipMm()), radius = floats(buffers, e.radiusMm()),
                        prefixWeight = ints(buffers, e.prefixWeight()), prefixSkip = floats(buffers, e.prefixSkipMm()),
                        prefixRadius = floats(buffers, e.prefixRadiusMm()),
                        surfaceXyz = floats(buffers, e.surfaceXyz()), surfaceNormal = floats(buffers, e.surfaceNormal()),
                        surfaceSkip = floats(buffers, e.surfaceSkipMm()), surfaceRadius = floats(buffers, e.surfaceRadiusMm()),
                        surfaceBias = floats(buffers, e.surfaceBiasMm());
                cl_mem move = input(buffers, Pointer.to(p.moveBoundMm()), 8L * p.moveBoundMm().length);
                cl_mem scenarioWeight = ints(buffers, p.scenarioWeight());
                cl_mem delineation = input(buffers, Pointer.to(p.delineationMm()), 8L * p.delineationMm().length);
                cl_mem tf = input(buffers, Pointer.to(p.transforms()), 8L * p.transforms().length);
                cl_mem drift = input(buffers, Pointer.to(p.driftReachMm()), 8L * p.driftReachMm().length);
                cl_mem b95 = output(buffers, 4L * s), b90 = output(buffers, 4L * s), mn = output(buffers, 8L * s), d95 = output(buffers, 8L * s),
                        d98 = output(buffers, 8L * s), maxGeo = output(buffers, 8L * s), meanGeo = output(buffers, 8L * s),
                        dvh = output(buffers, 4L * s * ScenarioOutcomes.DVH_LEVELS), p95 = output(buffers, 8L * s), p98 = output(buffers, 8L * s);
                cl_mem counts = under != null ? zeroed(buffers, under) : output(buffers, 4);
                int ranks = integral != null ? integral.ranks() : 1;
                cl_mem entryRank = ints(buffers, integral != null ? integral.entryRank() : new int[1]);
                cl_mem weightThrough = input(buffers, Pointer.to(integral != null ? integral.weightThrough() : new long[1]), 8L * ranks);
                cl_mem mass = input(buffers, Pointer.to(integral != null ? integral.mass() : new double[1]), 8L * ranks);
                double inside = p.offsetMm() * (1 + MissProblem.TIE) + 1e-9;
                double invStep = p.falloff() != null ? 1 / p.falloffStepMm() : 0;
                Object[] args = {dist, rel, p.relativeDose() != null ? 1 : 0, cells, p.cellInside() != null ? 1 : 0, p.nx(), p.ny(), p.offsetMm(), inside,
                    tableBuf, table.length, invStep, p.sharpEdge() ? 1 : 0, cellStart, e.cells(), xyz, weight, threshold, skip, radius, prefixWeight,
                    prefixSkip, prefixRadius, surfaceXyz, surfaceNormal, surfaceSkip, surfaceRadius, surfaceBias, e.surfaceCount(),
                    p.spacingMm()[0], p.spacingMm()[1], p.spacingMm()[2], scenarioWeight, delineation, p.fractions(), p.substeps(), tf, drift, move,
                    p.biological() ? 1 : 0, p.dosePerFractionGy(), p.alphaBetaGy(), p.distanceSlope()[0], p.distanceSlope()[1], p.distanceSlope()[2],
                    integral != null ? 1 : 0, integral != null ? integral.upperMm() : 0.0, ranks, entryRank, weightThrough, mass, 0,
                    b95, b90, mn, d95, d98, maxGeo, meanGeo, dvh, p95, p98, counts, level, under != null ? 1 : 0};
                for (int i = 0; i < args.length; i++) set(kernel, i, args[i]);
                int a = args.length;
                clSetKernelArg(kernel, a, 4L * ScenarioOutcomes.BINS, null);
                clSetKernelArg(kernel, a + 1, 4L * Math.max(1, p.fractions() * p.substeps()), null);
                clSetKernelArg(kernel, a + 2, 8L * local, null);
                clSetKernelArg(kernel, a + 3, 4L * local, null);
                clSetKernelArg(kernel, a + 4, 4L * local, null);
                clSetKernelArg(kernel, a + 5, 4L * local, null);
                clSetKernelArg(kernel, a + 6, 4L * ranks, null);
                clSetKernelArg(kernel, a + 7, 4L * ranks, null);
                int firstArg = args.length - 14; // the first scenario, before the ten outputs and the coverage map's three
                for (int first = 0; first < s; first += BATCH) {
                    int groups = Math.min(BATCH, s - first);
                    set(kernel, firstArg, first);
                    clEnqueueNDRangeKernel(backend.queue(), kernel, 1, null, new long[] {(long) groups * local}, new long[] {local}, 0, null, null);
                }
                clFinish(backend.queue());
                ScenarioOutcomes out = ScenarioOutcomes.allocate(s, integral != null);
                read(b95, Pointer.to(out.below95()), 4L * s);
                read(b90, Pointer.to(out.below90()), 4L * s);
                read(mn, Pointer.to(out.minDose()), 8L * s);
                read(d95, Pointer.to(out.d95()), 8L * s);
                read(d98, Pointer.to(out.d98()), 8L * s);
                read(maxGeo, Pointer.to(out.maxGeometricMiss()), 8L * s);
                read(meanGeo, Pointer.to(out.meanGeometricMiss()), 8L * s);
                read(dvh, Pointer.to(out.dvh()), 4L * s * ScenarioOutcomes.DVH_LEVELS);
                if (integral != null) {
                    read(p95, Pointer.to(out.conditionalMissD95()), 8L * s);
                    read(p98, Pointer.to(out.conditionalMissD98At90()), 8L * s);
                }
                if (under != null) read(counts, Pointer.to(under), 4L * under.length);
                System.arraycopy(p.scenarioWeight(), 0, out.points(), 0, s);
                return out;
            }
        } catch (CLException e) {
            throw new BackendFailure("OpenCL error on " + backend.device().name() + ": " + e.getMessage(), e);
        } finally {
            for (cl_mem m : buffers) clReleaseMemObject(m);
        }
    }

    private static void set(cl_kernel k, int i, Object a) {
        if (a instanceof cl_mem m) clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(m));
        else if (a instanceof Integer v) clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
        else if (a instanceof Double v) clSetKernelArg(k, i, Sizeof.cl_double, Pointer.to(new double[] {v}));
        else throw new IllegalArgumentException("kernel argument " + a);
    }

    private cl_mem input(List<cl_mem> buffers, Pointer p, long bytes) {
        cl_mem m = clCreateBuffer(backend.context(), CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, Math.max(1, bytes), p, null);
        buffers.add(m);
        return m;
    }

    private cl_mem ints(List<cl_mem> buffers, int[] v) {
        return input(buffers, Pointer.to(v.length > 0 ? v : new int[1]), 4L * Math.max(1, v.length));
    }

    private cl_mem floats(List<cl_mem> buffers, float[] v) {
        return input(buffers, Pointer.to(v.length > 0 ? v : new float[1]), 4L * Math.max(1, v.length));
    }

    /** A device buffer holding {@code zeros} (the host array, all zero), read and written by the kernel. */
    private cl_mem zeroed(List<cl_mem> buffers, int[] zeros) {
        cl_mem m = clCreateBuffer(backend.context(), CL_MEM_READ_WRITE | CL_MEM_COPY_HOST_PTR, 4L * Math.max(1, zeros.length),
                Pointer.to(zeros.length > 0 ? zeros : new int[1]), null);
        buffers.add(m);
        return m;
    }

    private cl_mem output(List<cl_mem> buffers, long bytes) {
        cl_mem m = clCreateBuffer(backend.context(), CL_MEM_WRITE_ONLY, Math.max(1, bytes), null, null);
        buffers.add(m);
        return m;
    }

    private void read(cl_mem m, Pointer p, long bytes) {
        clEnqueueReadBuffer(backend.queue(), m, CL_TRUE, 0, bytes, p, 0, null, null);
    }
}
