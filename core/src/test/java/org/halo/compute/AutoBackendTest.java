package org.halo.compute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code --device auto} starts OpenCL only for work above its threshold, and gives the CPU path's answers either way. */
class AutoBackendTest {
    private static CostProblem problem(int n) {
        byte[] sites = new byte[n * n * n];
        Random r = new Random(3);
        for (int i = 0; i < sites.length; i++) sites[i] = r.nextInt(200) == 0 ? (byte) 1 : 0;
        double[] w = {0.1, 0.1, 0.4};
        return new CostProblem(sites, n, n, n, Box.whole(n, n, n), (byte) 1, w, w.clone(), 1.0 + 1e-6);
    }

    @Test
    void smallWorkStaysOnTheCpuWithoutOpeningAnyDevice() {
        List<String> notes = new ArrayList<>();
        CpuBackend cpu = new CpuBackend(2);
        AutoBackend auto = new AutoBackend(cpu, notes::add, 10_000);
        CostProblem p = problem(20); // 8 000 voxels
        assertArrayEquals(cpu.withinCost(p, 1.0), auto.withinCost(p, 1.0));
        assertEquals(cpu.name(), auto.name());
        assertTrue(auto.note().contains("a box of 0.01 M voxels") && auto.note().contains("at least 0 M"), auto.note());
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void largeWorkOpensTheDeviceOnceAndSaysWhyTheCpuRanIt() {
        CpuBackend cpu = new CpuBackend(2);
        AutoBackend auto = new AutoBackend(cpu, s -> { }, 10_000);
        CostProblem big = problem(30); // 27 000 voxels
        assertArrayEquals(cpu.minimumCost(big), auto.minimumCost(big));
        // core alone has no OpenCL module: auto found no device and says so, then keeps to the CPU path
        assertTrue(auto.note().contains("no OpenCL GPU"), auto.note());
        CostProblem small = problem(10);
        assertArrayEquals(cpu.withinCost(small, 1.0), auto.withinCost(small, 1.0));
        assertTrue(auto.device() instanceof CpuBackend);
        assertNull(auto.capability(Runnable.class));
    }

    /** A light capability (a DVH sampler, say) does not start OpenCL; a device-worthy one (the Monte Carlo) does. */
    @Test
    void onlyDeviceWorthyCapabilitiesOpenTheDevice() {
        AutoBackend auto = new AutoBackend(new CpuBackend(2), s -> { }, 1L << 40);
        assertNull(auto.capability(Runnable.class));
        assertNull(auto.note(), "nothing ran and nothing was opened");
        interface Heavy extends DeviceWorthy {}
        assertNull(auto.capability(Heavy.class)); // opened: in core there is no OpenCL module, so no device offers it
        assertTrue(auto.note().contains("no OpenCL GPU"), auto.note());
    }

    @Test
    void theDefaultThresholdScalesWithTheCpuThreads() {
        AutoBackend auto = new AutoBackend(new CpuBackend(4), s -> { });
        CostProblem p = problem(16);
        auto.withinCost(p, 1.0);
        assertTrue(auto.note().contains("at least 48 M voxels"), auto.note());
    }
    /** An embedding program closes whatever backend it holds; a wrapper closes the backend it wraps. */
    @Test
    void closingAWrapperClosesWhatItWraps() {
        List<String> closed = new ArrayList<>();
        Backend device = new Backend() {
            @Override public String name() { return "fake device"; }
            @Override public float[] minimumCost(CostProblem p) { return new CpuBackend(1).minimumCost(p); }
            @Override public byte[] withinCostBand(CostProblem p, double lo, double hi) { return new CpuBackend(1).withinCostBand(p, lo, hi); }
            @Override public void close() { closed.add(name()); }
        };
        try (Backend b = new FallbackBackend(device, new CpuBackend(1), n -> { })) {
            assertEquals("fake device", b.name());
        }
        assertEquals(List.of("fake device"), closed);
    }
    /** A backend's box is an ImgLib2 interval: grown and clipped like any other, and back. */
    @Test
    void boxesAreIntervals() {
        Box b = new Box(2, 3, 4, 10, 9, 8);
        assertEquals(3, b.numDimensions());
        assertArrayEquals(new long[] {2, 3, 4}, b.minAsLongArray());
        assertArrayEquals(new long[] {9, 8, 7}, b.maxAsLongArray());
        assertEquals(b.voxelCount(), net.imglib2.util.Intervals.numElements(b));
        net.imglib2.Interval grown = net.imglib2.util.Intervals.intersect(net.imglib2.util.Intervals.expand(b, 3), new net.imglib2.FinalInterval(11, 11, 11));
        assertEquals(new Box(0, 0, 1, 11, 11, 11), Box.of(grown));
        assertEquals(b, Box.of(b));
    }
}
