package org.halo.bench;

import java.util.concurrent.TimeUnit;
import org.halo.compute.CpuBackend;
import org.halo.geometry.DistanceTransform;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU margin and distance benchmarks on the clinical grid (512 × 512 × 200 voxels of 0.5 × 0.5 × 1.0 mm):
 * the five-sphere phantom (radii 35, 15, 22, 10, 25 mm) and a single 3 cm CTV. Host mask in, host PTV out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch", "-XX:+UseParallelGC"})
public class MarginBenchmark {
    @Param({"2"})
    int threads;

    @Param({"5"})
    double marginMm;

    Mask fiveSpheres;
    Mask singleCtv;
    MarginExpander expander;
    DistanceTransform distance;

    @Setup
    public void setUp() {
        Grid grid = Phantoms.clinicalGrid();
        fiveSpheres = Phantoms.fiveSpheres(grid);
        singleCtv = Phantoms.singleCtv(grid);
        CpuBackend backend = new CpuBackend(threads);
        expander = new MarginExpander(backend);
        distance = new DistanceTransform(backend);
    }

    @Benchmark
    public long expandFiveSpheres() {
        return expander.expand(fiveSpheres, new Margin.Uniform(marginMm)).mask().voxels().length;
    }

    @Benchmark
    public long expandSingleCtv() {
        return expander.expand(singleCtv, new Margin.Uniform(marginMm)).mask().voxels().length;
    }

    @Benchmark
    public long expandSingleCtvDirectional() {
        return expander.expand(singleCtv, new Margin.Directional(3, 3, 3, 3, marginMm, marginMm)).mask().voxels().length;
    }

    @Benchmark
    public long shrinkFiveSpheres() {
        return expander.shrink(fiveSpheres, new Margin.Uniform(marginMm)).mask().voxels().length;
    }

    @Benchmark
    public long distanceFullGrid() {
        return distance.outside(fiveSpheres).image().size();
    }
}
