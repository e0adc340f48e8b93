package org.halo.bench;

import java.util.concurrent.TimeUnit;
import org.halo.compute.Backend;
import org.halo.compute.CostProblem;
import org.halo.compute.CpuBackend;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.opencl.OpenClBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Java CPU path against the OpenCL path on the same inputs (5 mm margin):
 * <ul>
 *   <li>{@code deviceResident}: the passes only (OpenCL: sites already on the device, kernels + finish; CPU: the same
 *       transform on the padded box);
 *   <li>{@code endToEnd}: host mask in, new host PTV mask out ({@link MarginExpander#expand}; for {@code full} the
 *       same with the whole grid as the box);
 *   <li>{@code endToEndInPlace}: the same, the PTV written over the CTV's own mask (no new grid-sized array);
 *   <li>{@code distanceEndToEnd}: the exact distance field in mm over the whole grid, host mask in, float field out;
 *   <li>{@code coldStart} (single shot): open the backend (OpenCL: context + program build or cache load) and expand once.
 * </ul>
 * Cases: {@code full} = the 512 × 512 × 200 grid as one box (worst case, every voxel processed), {@code fiveSpheres}
 * (bounding box ≈ half the grid) and {@code singleCtv} (a 3 cm CTV, cropped box).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class BackendBenchmark {
    @Param({"cpu", "opencl"})
    String backend;

    @Param({"full", "fiveSpheres", "singleCtv"})
    String input;

    static final double MARGIN_MM = 5;

    Backend impl;
    OpenClBackend openCl;
    Mask mask;
    CostProblem problem;
    OpenClBackend.Resident resident;
    MarginExpander expander;

    /**
     * A copy of the CTV that {@link #endToEndInPlace} turns into the PTV, put back (untimed) before each call. Its own
     * state, so that the per-invocation restore applies to that benchmark alone: JMH runs an {@code Level.Invocation}
     * fixture of a state around every call of every benchmark using it, which would also tax the sub-millisecond
     * {@link #deviceResident}.
     */
    @State(Scope.Benchmark)
    public static class InPlace {
        Mask original;
        Mask work;
        CostProblem workProblem;
        boolean dirty;

        @Setup(Level.Trial)
        public void setUp(BackendBenchmark b) {
            original = b.mask;
            work = Mask.wrap(b.mask.grid(), b.mask.voxels().clone());
            workProblem = problem(work, b.input.equals("full"));
        }

        @Setup(Level.Invocation)
        public void restore() {
            if (!dirty) return;
            System.arraycopy(original.voxels(), 0, work.voxels(), 0, work.voxels().length);
            dirty = false;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        Grid grid = Phantoms.clinicalGrid();
        mask = input.equals("singleCtv") ? Phantoms.singleCtv(grid) : Phantoms.fiveSpheres(grid);
        impl = open(backend);
        if (impl instanceof OpenClBackend o) openCl = o;
        expander = new MarginExpander(impl);
        problem = problem(mask, input.equals("full"));
        if (openCl != null) resident = openCl.upload(problem);
    }

    static Backend open(String which) {
        if (which.equals("cpu")) return new CpuBackend();
        OpenClBackend o = OpenClBackend.openFirst();
        if (o == null) throw new IllegalStateException("no OpenCL device: " + OpenClBackend.unavailableReason());
        return o;
    }

    /** The problem {@link MarginExpander#expand} solves for a 5 mm margin (or the same over the whole grid). */
    static CostProblem problem(Mask m, boolean wholeGrid) {
        return MarginExpander.expansionProblem(m, new Margin.Uniform(MARGIN_MM), wholeGrid);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (resident != null) resident.close();
        if (openCl != null) openCl.close();
    }

    @Benchmark
    public void deviceResident(Blackhole bh) {
        if (openCl != null) {
            openCl.compute(resident, 1 + MarginExpander.TIE_TOLERANCE);
            bh.consume(resident);
        } else {
            bh.consume(impl.withinCost(problem, 1 + MarginExpander.TIE_TOLERANCE));
        }
    }

    /** Host mask in, new grid-sized PTV mask out (for {@code full}: the whole grid as the box). */
    @Benchmark
    public void endToEnd(Blackhole bh) {
        if (input.equals("full")) {
            Mask ptv = Mask.empty(mask.grid());
            impl.markCostBand(problem, Double.NEGATIVE_INFINITY, 1 + MarginExpander.TIE_TOLERANCE, ptv.voxels());
            bh.consume(ptv);
        } else {
            bh.consume(expander.expand(mask, new Margin.Uniform(MARGIN_MM)).mask());
        }
    }

    /** Host mask in, PTV out in the same mask ({@link MarginExpander#expandInPlace}, as the command line does). */
    @Benchmark
    public void endToEndInPlace(InPlace state, Blackhole bh) {
        state.dirty = true;
        if (input.equals("full")) impl.markCostBand(state.workProblem, Double.NEGATIVE_INFINITY, 1 + MarginExpander.TIE_TOLERANCE, state.work.voxels());
        else expander.expandInPlace(state.work, new Margin.Uniform(MARGIN_MM));
        bh.consume(state.work);
    }

    /** Exact distance field in mm over the whole grid (no band limit), host mask in, host float32 field out. */
    @Benchmark
    public void distanceEndToEnd(Blackhole bh) {
        bh.consume(new org.halo.geometry.DistanceTransform(impl).outside(mask));
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 3, jvmArgsAppend = {"-XX:+UseParallelGC"})
    public void coldStart(Blackhole bh) {
        Backend b = open(backend);
        bh.consume(new MarginExpander(b).expand(mask, new Margin.Uniform(MARGIN_MM)).mask());
        b.close();
    }
}
