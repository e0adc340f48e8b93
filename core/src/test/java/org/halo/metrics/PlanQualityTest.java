package org.halo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.halo.image.Grid;
import org.halo.image.Volume;
import org.junit.jupiter.api.Test;

/** Indices for a target in a spherical dose cloud, where every volume has a closed form. */
class PlanQualityTest {
    @Test
    void sphericalDoseCloudAroundASphericalTarget() {
        // Dose 30 Gy − 1 Gy/mm × ρ: the 20 Gy isodose is a sphere of 10 mm, the 10 Gy isodose one of 20 mm.
        Grid doseGrid = new Grid(new int[] {100, 100, 100}, new double[] {0.5, 0.5, 0.5}, new double[] {-24.75, -24.75, -24.75}, Grid.identity());
        float[] d = new float[doseGrid.voxelCount()];
        for (int k = 0; k < 100; k++) for (int j = 0; j < 100; j++) for (int i = 0; i < 100; i++) {
            double[] p = doseGrid.indexToPatientMm(i, j, k);
            d[doseGrid.index(i, j, k)] = (float) Math.max(0, 30 - Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]));
        }
        DoseGrid dose = new DoseGrid(Volume.ofFloats(doseGrid, d));
        Grid g = new Grid(new int[] {40, 40, 20}, new double[] {1, 1, 2}, new double[] {-19.5, -19.5, -19}, Grid.identity());
        Structure target = DoseVolumeHistogramTest.sphere(g, 0, 0, 0, 8); // inside the 20 Gy sphere: full coverage
        PlanQuality q = PlanQuality.of(DoseVolumeHistogram.compute(target, dose), dose, 20);
        double tv = 4.0 / 3 * Math.PI * 512 / 1000, piv = 4.0 / 3 * Math.PI * 1000 / 1000, piv50 = 4.0 / 3 * Math.PI * 8000 / 1000;
        assertEquals(100.0, q.coveragePct(), 0.5);
        assertEquals(piv, q.pivCc(), 0.01 * piv);
        assertEquals(tv * tv / (tv * piv), q.paddickCi(), 0.02);
        assertEquals(piv / tv, q.rtogCi(), 0.03 * piv / tv);
        assertEquals(8.0, q.gradientIndex(), 0.1);
        // HI = (D2 − D98) / D50 with D x% = 30 − 8·(1 − x)^(1/3)... from V(≥D) = ((30 − D)/8)³.
        double d2 = 30 - 8 * Math.cbrt(0.02), d98 = 30 - 8 * Math.cbrt(0.98), d50 = 30 - 8 * Math.cbrt(0.5);
        assertEquals((d2 - d98) / d50, q.homogeneityIndex(), 0.02);
    }
}
