package org.halo.bench;

import java.util.concurrent.TimeUnit;
import org.halo.geometry.Margin;
import org.halo.geometry.SubvoxelMargin;
import org.halo.geometry.SubvoxelResult;
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
 * Sub-voxel margin of the single 3 cm CTV on the clinical grid (512 × 512 × 200 of 0.5 × 0.5 × 1 mm), 2 mm uniform:
 * surface reconstruction, fine lattice, generalised distance transform and fractions (issue goal: under 0.2 s on
 * 2 cores). The voxel-centre margin of the same CTV is the baseline in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"})
public class SubvoxelBenchmark {
    @Param({"cpu", "opencl"})
    String backend;

    Mask ctv;
    SubvoxelMargin subvoxel;
    org.halo.geometry.MarginExpander voxelCentre;

    @Setup
    public void setUp() {
        ctv = Phantoms.singleCtv(Phantoms.clinicalGrid());
        org.halo.compute.Backend b = BackendBenchmark.open(backend);
        subvoxel = new SubvoxelMargin(b);
        voxelCentre = new org.halo.geometry.MarginExpander(b);
    }

    @Benchmark
    public SubvoxelResult subvoxelSingleCtv2mm() {
        return subvoxel.expand(ctv, new Margin.Uniform(2), null);
    }

    @Benchmark
    public Mask voxelCentreSingleCtv2mm() {
        return voxelCentre.expand(ctv, new Margin.Uniform(2)).mask();
    }
}
