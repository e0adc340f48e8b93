package org.halo.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;

/**
 * Voxel counts produced by SciPy 1.10.1 ({@code distance_transform_edt(~ctv, sampling=(1.25, 0.683594, 0.683594)) <= m},
 * and {@code ctv & (distance_transform_edt(ctv, sampling) > m)} for shrinking) on a three-sphere phantom. The phantom is
 * rebuilt here by the same rule the SciPy script used.
 */
class ScipyGoldenTest {
    static Mask phantom() {
        return org.halo.testing.backend.ScipyGoldenPhantom.phantom();
    }

    @Test
    void expansionCountsMatchScipy() {
        Mask ctv = phantom();
        assertEquals(7652, ctv.count());
        MarginExpander e = new MarginExpander(new CpuBackend(2));
        int[] margins = {1, 2, 3, 5, 7};
        long[] scipy = {9804, 14450, 19378, 34087, 52762};
        for (int i = 0; i < margins.length; i++) {
            assertEquals(scipy[i], e.expand(ctv, new Margin.Uniform(margins[i])).mask().count(), "margin " + margins[i] + " mm");
        }
    }

    @Test
    void shrinkCountsMatchScipy() {
        Mask ctv = phantom();
        MarginExpander e = new MarginExpander(new CpuBackend(2));
        assertEquals(5746, e.shrink(ctv, new Margin.Uniform(1)).mask().count());
        assertEquals(3406, e.shrink(ctv, new Margin.Uniform(2)).mask().count());
        assertEquals(2084, e.shrink(ctv, new Margin.Uniform(3)).mask().count());
    }
}
