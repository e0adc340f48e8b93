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
        Grid g = Grid.of(70, 64, 36, 0.683594, 0.683594, 1.25);
        double[][] spheres = {{20.3, 25.1, 12.2, 9.0}, {48.7, 40.4, 20.6, 6.5}, {35.2, 12.9, 27.3, 4.0}};
        byte[] m = new byte[g.voxelCount()];
        for (int k = 0; k < 36; k++)
            for (int j = 0; j < 64; j++)
                for (int i = 0; i < 70; i++)
                    for (double[] s : spheres) {
                        double dx = (i - s[0]) * 0.683594, dy = (j - s[1]) * 0.683594, dz = (k - s[2]) * 1.25;
                        if (dx * dx + dy * dy + dz * dz <= s[3] * s[3]) m[g.index(i, j, k)] = 1;
                    }
        return Mask.wrap(g, m);
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
