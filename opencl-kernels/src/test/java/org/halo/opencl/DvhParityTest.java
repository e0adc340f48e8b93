package org.halo.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.DvhSampler;
import org.halo.metrics.Structure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DVH on OpenCL against the Java path: the same samples, so the same points up to the last bits of the sums. */
class DvhParityTest {
    private static OpenClBackend gpu;

    @BeforeAll
    static void open() {
        gpu = OpenClTests.openOrSkip();
        assumeTrue(gpu.capability(DvhSampler.class) != null, "device lacks 64-bit atomics");
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
    }

    static DoseGrid dose() {
        Grid dg = new Grid(new int[] {30, 30, 30}, new double[] {2, 2, 2.5}, new double[] {-29.1, -28.7, -36.2}, Grid.identity());
        float[] d = new float[dg.voxelCount()];
        for (int k = 0; k < 30; k++) for (int j = 0; j < 30; j++) for (int i = 0; i < 30; i++) {
            double[] p = dg.indexToPatientMm(i, j, k);
            d[dg.index(i, j, k)] = (float) Math.max(0, 26 - 0.7 * Math.sqrt(p[0] * p[0] + 1.3 * p[1] * p[1] + p[2] * p[2]) + 0.05 * p[0]);
        }
        return new DoseGrid(Volume.ofFloats(dg, d));
    }

    static void assertSame(DoseVolumeHistogram a, DoseVolumeHistogram b) {
        assertEquals(a.volumeCc(), b.volumeCc(), 1e-8 * a.volumeCc() + 1e-9);
        assertEquals(a.meanGy(), b.meanGy(), 1e-6);
        assertEquals(a.minGy(), b.minGy(), 2e-6);
        assertEquals(a.maxGy(), b.maxGy(), 2e-6);
        assertEquals(a.outsideCc(), b.outsideCc(), 1e-8 * a.volumeCc() + 1e-9);
        for (double pct : new double[] {2, 50, 95, 98}) assertEquals(a.doseAtVolumePct(pct), b.doseAtVolumePct(pct), 1e-6, "D" + pct);
        for (double gy = 0; gy < 27; gy += 0.37) assertEquals(a.volumeAtLeastCc(gy), b.volumeAtLeastCc(gy), 1e-8 * a.volumeCc() + 1e-9, "V" + gy);
    }

    @Test
    void maskAndFractionalStructuresMatchTheJavaPath() {
        DoseGrid dose = dose();
        Grid g = new Grid(new int[] {40, 40, 20}, new double[] {1, 1, 2}, new double[] {-19.6, -19.4, -19.8}, Grid.identity());
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 21.3, 18.2, 20.5, 9);
        Structure fractions = Structure.of("f", Phantoms.sphereFractions(g, 0.4, -0.6, 0.7, 7.5, 8));
        for (Structure s : new Structure[] {Structure.of("m", m), fractions}) {
            DoseVolumeHistogram java = DoseVolumeHistogram.compute(s, dose);
            DoseVolumeHistogram cl = DoseVolumeHistogram.compute(s, dose, 0.01, DoseVolumeHistogram.DEFAULT_SUBDIVISIONS,
                    DoseVolumeHistogram.Outside.ERROR, gpu);
            assertSame(java, cl);
        }
    }

    @Test
    void outsidePoliciesMatch() {
        DoseGrid dose = dose();
        Grid g = new Grid(new int[] {30, 30, 20}, new double[] {1, 1, 2}, new double[] {10, -5, -10}, Grid.identity());
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 15, 15, 20, 10); // reaches past x = 30 mm, beyond the dose grid
        Structure s = Structure.of("edge", m);
        for (DoseVolumeHistogram.Outside policy : new DoseVolumeHistogram.Outside[] {DoseVolumeHistogram.Outside.ZERO, DoseVolumeHistogram.Outside.IGNORE}) {
            assertSame(DoseVolumeHistogram.compute(s, dose, 0.01, 2, policy), DoseVolumeHistogram.compute(s, dose, 0.01, 2, policy, gpu));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DoseVolumeHistogram.compute(s, dose, 0.01, 2, DoseVolumeHistogram.Outside.ERROR, gpu));
        assertNotNull(e.getMessage());
    }
}
