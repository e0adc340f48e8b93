package org.halo.bench;

import java.util.concurrent.TimeUnit;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.Structure;
import org.halo.metrics.StructureComparison;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Coverage metrics: the DVH of a 30 cc target (0/1 mask and exact fractions on a 1 × 1 × 2 mm grid) in a dose on a
 * 2 mm grid, and the surface distances between two 30 cc structures on a 1 mm grid.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class MetricsBenchmark {
    /** Where the DVH sampling and the surface-distance transforms run. */
    @org.openjdk.jmh.annotations.Param({"cpu", "opencl"})
    String backend;

    org.halo.compute.Backend impl;
    Structure maskTarget, fractionTarget;
    DoseGrid dose;
    Mask a, b;
    CpuBackend cpu;

    @Setup
    public void setUp() {
        double r = Math.cbrt(30000 * 3 / (4 * Math.PI)); // 30 cc
        Grid s = new Grid(new int[] {60, 60, 34}, new double[] {1, 1, 2}, new double[] {-29.5, -29.5, -33}, Grid.identity());
        Mask m = Mask.empty(s);
        Phantoms.addSphere(m, 29.5, 29.5, 33, r);
        maskTarget = Structure.of("mask", m);
        fractionTarget = Structure.of("fractions", Phantoms.sphereFractions(s, 0.1, -0.2, 0.3, r, 6));
        Grid dg = new Grid(new int[] {50, 50, 50}, new double[] {2, 2, 2}, new double[] {-49, -49, -49}, Grid.identity());
        float[] d = new float[dg.voxelCount()];
        for (int k = 0; k < 50; k++) for (int j = 0; j < 50; j++) for (int i = 0; i < 50; i++) {
            double[] p = dg.indexToPatientMm(i, j, k);
            d[dg.index(i, j, k)] = (float) Math.max(0, 24 - 0.5 * Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]));
        }
        dose = new DoseGrid(Volume.ofFloats(dg, d));
        Grid g1 = Grid.of(64, 64, 64, 1, 1, 1);
        a = Mask.empty(g1);
        b = Mask.empty(g1);
        Phantoms.addSphere(a, 31.7, 32.2, 31.9, r);
        Phantoms.addSphere(b, 33.7, 32.2, 31.9, r);
        cpu = new CpuBackend();
        impl = BackendBenchmark.open(backend);
    }

    @Benchmark
    public DoseVolumeHistogram dvh30ccMask() {
        return DoseVolumeHistogram.compute(maskTarget, dose, 0.01, DoseVolumeHistogram.DEFAULT_SUBDIVISIONS, DoseVolumeHistogram.Outside.ERROR, impl);
    }

    @Benchmark
    public DoseVolumeHistogram dvh30ccFractions() {
        return DoseVolumeHistogram.compute(fractionTarget, dose, 0.01, DoseVolumeHistogram.DEFAULT_SUBDIVISIONS, DoseVolumeHistogram.Outside.ERROR, impl);
    }

    @Benchmark
    public StructureComparison surfaceDistances30cc() {
        return StructureComparison.compare(a, b, 1.0, impl);
    }
}
