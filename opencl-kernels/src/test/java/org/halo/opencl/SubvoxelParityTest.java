package org.halo.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.halo.compute.CpuBackend;
import org.halo.geometry.Margin;
import org.halo.geometry.SubvoxelMargin;
import org.halo.geometry.SubvoxelResult;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sub-voxel margins on OpenCL and on the Java path: the same fractions, voxel for voxel. */
class SubvoxelParityTest {
    private static OpenClBackend gpu;

    @BeforeAll
    static void open() {
        gpu = OpenClTests.openOrSkip();
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
    }

    @Test
    void expandShrinkAndRingGiveTheSameFractions() {
        Mask ctv = Mask.empty(Grid.of(36, 34, 16, 1.2, 1.2, 3));
        Phantoms.addSphere(ctv, 20.3, 19.1, 22.7, 9);
        Phantoms.addSphere(ctv, 27.0, 24.0, 27.0, 5);
        SubvoxelMargin cpu = new SubvoxelMargin(new CpuBackend(2)), dev = new SubvoxelMargin(gpu);
        Margin[] margins = {new Margin.Uniform(2), new Margin.PerAxis(1, 2, 3), new Margin.Directional(1, 2, 1.5, 2.5, 3, 1)};
        for (Margin m : margins) {
            assertSame(cpu.expand(ctv, m, null), dev.expand(ctv, m, null));
            assertSame(cpu.shrink(ctv, m, null), dev.shrink(ctv, m, null));
        }
        assertSame(cpu.ring(ctv, new Margin.Uniform(1), new Margin.Uniform(3), null), dev.ring(ctv, new Margin.Uniform(1), new Margin.Uniform(3), null));
        assertSame(cpu.expand(ctv, new Margin.Uniform(2), new double[] {1, 1, 1}), dev.expand(ctv, new Margin.Uniform(2), new double[] {1, 1, 1}));
    }

    private static void assertSame(SubvoxelResult a, SubvoxelResult b) {
        assertArrayEquals(a.boxLo(), b.boxLo());
        assertArrayEquals(a.boxSize(), b.boxSize());
        assertArrayEquals(a.fractions(), b.fractions());
    }
}
