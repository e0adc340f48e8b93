package org.halo.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.halo.compute.BackendFailure;
import org.halo.compute.Backends;
import org.halo.compute.Box;
import org.halo.compute.CostProblem;
import org.halo.compute.CpuBackend;
import org.halo.compute.FallbackBackend;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.testing.backend.ScipyGoldenPhantom;
import org.halo.image.Mask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CPU and OpenCL on the same problems: masks equal voxel for voxel, cost fields equal bit for bit. */
class ParityTest {
    private static OpenClBackend gpu;
    private final CpuBackend cpu = new CpuBackend(2);

    @BeforeAll
    static void open() {
        gpu = OpenClTests.openOrSkip();
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
    }

    @Test
    void randomProblemsGiveIdenticalFieldsAndMasks() {
        Random r = new Random(7);
        for (int c = 0; c < 12; c++) {
            int nx = 20 + r.nextInt(60), ny = 15 + r.nextInt(50), nz = 5 + r.nextInt(40);
            byte[] m = new byte[nx * ny * nz];
            for (int i = 0; i < m.length; i++) m[i] = r.nextDouble() < 0.01 ? (byte) 1 : 0;
            double[] wPos = new double[3], wNeg = new double[3];
            for (int a = 0; a < 3; a++) {
                wPos[a] = c % 4 == 3 && a == 2 ? Double.POSITIVE_INFINITY : 0.01 + r.nextDouble() * 0.5;
                wNeg[a] = c % 2 == 0 ? wPos[a] : 0.01 + r.nextDouble() * 0.5;
            }
            Box box = new Box(r.nextInt(3), r.nextInt(3), r.nextInt(2), nx - r.nextInt(3), ny - r.nextInt(3), nz - r.nextInt(2));
            double clamp = c % 3 == 0 ? Double.POSITIVE_INFINITY : 1.000001;
            CostProblem p = new CostProblem(m, nx, ny, nz, box, (byte) (c % 5 == 4 ? 0 : 1), wPos, wNeg, clamp);
            float[] a = cpu.minimumCost(p), b = gpu.minimumCost(p);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), "case " + c + " voxel " + i + ": " + a[i] + " vs " + b[i]);
            }
            assertArrayEquals(cpu.withinCost(p, 1.000001), gpu.withinCost(p, 1.000001), "case " + c);
            assertArrayEquals(cpu.withinCostBand(p, 0.25, 1.000001), gpu.withinCostBand(p, 0.25, 1.000001), "band, case " + c);
        }
    }

    @Test
    void scipyPhantomMarginsAreIdentical() {
        Mask ctv = ScipyGoldenPhantom.phantom();
        MarginExpander onCpu = new MarginExpander(cpu), onGpu = new MarginExpander(gpu);
        for (Margin m : new Margin[] {new Margin.Uniform(2), new Margin.Uniform(7), new Margin.PerAxis(3, 5, 2.5),
            new Margin.Directional(1, 2, 3, 4, 5, 0)}) {
            assertArrayEquals(onCpu.expand(ctv, m).mask().voxels(), onGpu.expand(ctv, m).mask().voxels(), m.toString());
            assertArrayEquals(onCpu.shrink(ctv, m).mask().voxels(), onGpu.shrink(ctv, m).mask().voxels(), m.toString());
        }
        assertEquals(34087, onGpu.expand(ctv, new Margin.Uniform(5)).mask().count()); // SciPy's count
    }

    @Test
    void kernelBuildFailureFallsBackToTheCpuWithTheSameResult() {
        OpenClDevices.Entry first = OpenClDevices.get().entries.stream().filter(e -> e.info().fp64()).findFirst().orElseThrow();
        BackendFailure e = assertThrows(BackendFailure.class, () -> OpenClBackend.open(first, "__kernel void broken( {"));
        assertTrue(e.getMessage().contains("kernel build failed"), e.getMessage());

        // A backend that fails mid-operation: the fallback reruns on the CPU and says so once.
        List<String> notes = new ArrayList<>();
        org.halo.compute.Backend failing = new org.halo.compute.Backend() {
            public String name() { return "opencl (test device)"; }
            public float[] minimumCost(CostProblem p) { throw new BackendFailure("out of device memory", null); }
            public byte[] withinCostBand(CostProblem p, double lo, double hi) { throw new BackendFailure("out of device memory", null); }
        };
        FallbackBackend fb = new FallbackBackend(failing, cpu, notes::add);
        Mask ctv = ScipyGoldenPhantom.phantom();
        Mask viaFallback = new MarginExpander(fb).expand(ctv, new Margin.Uniform(3)).mask();
        assertArrayEquals(new MarginExpander(cpu).expand(ctv, new Margin.Uniform(3)).mask().voxels(), viaFallback.voxels());
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("out of device memory") && notes.get(0).contains("CPU"), notes.get(0));
        assertEquals(cpu.name(), fb.name());
    }

    @Test
    void deviceSelection() {
        List<String> notes = new ArrayList<>();
        assertTrue(Backends.select("cpu", 2, notes::add).backend() instanceof CpuBackend);
        Backends.Selection explicit = Backends.select("opencl:0", 2, notes::add);
        assertTrue(explicit.backend().name().startsWith("opencl"), explicit.backend().name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("opencl:99", 2, notes::add));
        assertTrue(e.getMessage().contains("OpenCL devices"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.select("cuda", 2, notes::add));
        Backends.Selection auto = Backends.select("auto", 2, notes::add);
        assertTrue(auto.backend() instanceof org.halo.compute.AutoBackend);
        org.halo.compute.AutoBackend a = (org.halo.compute.AutoBackend) auto.backend();
        boolean anyGpu = OpenClDevices.get().entries.stream().anyMatch(x -> x.info().gpu() && x.info().fp64());
        if (anyGpu) {
            assertTrue(a.device().name().startsWith("opencl"));
        } else {
            assertTrue(a.device() instanceof CpuBackend);
            assertTrue(a.note().contains("no OpenCL GPU"), a.note());
        }
    }
}
