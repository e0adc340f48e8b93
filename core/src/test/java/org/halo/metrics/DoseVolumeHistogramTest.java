package org.halo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.junit.jupiter.api.Test;

/**
 * DVH points against closed forms for spheres in analytic dose fields, on a 1 × 1 × 2 mm structure grid with the dose
 * on a separate, offset 2 mm grid. The structure is given as exact voxel fractions (what a fractional DICOM conversion
 * delivers); the oracle is the continuous sphere.
 */
class DoseVolumeHistogramTest {
    static final double RX = 20;

    /** Exact voxel fractions of a sphere (10 × 10 × 10 sampling of each boundary voxel). */
    static Structure sphere(Grid g, double cx, double cy, double cz, double r) {
        return Structure.of("sphere", org.halo.image.Phantoms.sphereFractions(g, cx, cy, cz, r, 10));
    }

    static double sq(double x) {
        return x * x;
    }

    static DoseGrid dose(Grid g, DoubleUnaryOperator[] xyz) {
        float[] d = new float[g.voxelCount()];
        for (int k = 0; k < g.size(2); k++) for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            d[g.index(i, j, k)] = (float) field(xyz, p);
        }
        return new DoseGrid(Volume.ofFloats(g, d));
    }

    static double field(DoubleUnaryOperator[] f, double[] p) {
        return f[0].applyAsDouble(p[0]) + f[1].applyAsDouble(p[1]) + f[2].applyAsDouble(p[2]);
    }

    /** Fraction of a sphere of radius r beyond a plane at signed distance t from its centre: a spherical cap. */
    static double capFraction(double t, double r) {
        if (t >= r) return 0;
        if (t <= -r) return 1;
        double h = r - t;
        return h * h * (3 * r - h) / (4 * r * r * r);
    }

    @Test
    void linearGradientAcrossSpheresFromHalfToThirtyCc() {
        Grid structureGrid = new Grid(new int[] {60, 60, 30}, new double[] {1, 1, 2}, new double[] {-29.7, -30.2, -29.4}, Grid.identity());
        Grid doseGrid = new Grid(new int[] {40, 40, 40}, new double[] {2, 2, 2}, new double[] {-39.3, -40.1, -39.6}, Grid.identity());
        double g = 0.5; // Gy per mm along z, 20 Gy at z = 0
        DoseGrid dose = dose(doseGrid, new DoubleUnaryOperator[] {x -> 0, y -> 0, z -> RX + g * z});
        StringBuilder table = new StringBuilder();
        for (double cc : new double[] {0.5, 1, 5, 30}) {
            double r = Math.cbrt(cc * 1000 * 3 / (4 * Math.PI));
            double cz = 0.37;
            Structure s = sphere(structureGrid, 0.21, -0.13, cz, r);
            DoseVolumeHistogram dvh = DoseVolumeHistogram.compute(s, dose);
            for (double pct : new double[] {95, 98, 50, 2}) {
                // D x%: the plane z where the cap above holds x % of the sphere.
                double lo = -r, hi = r;
                for (int it = 0; it < 100; it++) {
                    double mid = 0.5 * (lo + hi);
                    if (capFraction(mid, r) > pct / 100) lo = mid;
                    else hi = mid;
                }
                double exact = RX + g * (cz + 0.5 * (lo + hi));
                double got = dvh.doseAtVolumePct(pct);
                table.append(String.format(Locale.ROOT, "%5.1f cc D%-3.0f exact %.3f got %.3f%n", cc, pct, exact, got));
                assertEquals(exact, got, 0.01 * RX, table.toString());
            }
            double v100 = 100 * capFraction(-cz, r);
            assertEquals(v100, dvh.volumeAtLeastPct(RX), 1.0, "V100 of " + cc + " cc");
            assertEquals(cc, dvh.volumeCc(), 0.01 * cc);
            double binned = 0;
            for (double v : dvh.differentialCc()) binned += v;
            assertEquals(dvh.volumeCc(), binned, 1e-9 * cc, "every sample's volume lands in some bin");
            assertEquals(dvh.volumeCc(), dvh.volumeAtLeastCc(dvh.minGy() * 0.5), 1e-9 * cc);
            assertEquals(RX + g * cz, dvh.meanGy(), 0.01 * RX);
        }
    }

    @Test
    void radialFallOffGivesCubeRootProfile() {
        // Dose = 25 Gy − 1 Gy/mm × distance from the sphere's centre: V(≥ D) = ((25 − D) / r)³.
        Grid structureGrid = new Grid(new int[] {40, 40, 20}, new double[] {1, 1, 2}, new double[] {-19.6, -19.4, -19.8}, Grid.identity());
        double r = Math.cbrt(1000 * 3 / (4 * Math.PI)); // 1 cc
        float[] d = new float[structureGrid.voxelCount()];
        Grid doseGrid = new Grid(new int[] {80, 80, 80}, new double[] {0.5, 0.5, 0.5}, new double[] {-19.9, -19.9, -19.9}, Grid.identity());
        d = new float[doseGrid.voxelCount()];
        for (int k = 0; k < 80; k++) for (int j = 0; j < 80; j++) for (int i = 0; i < 80; i++) {
            double[] p = doseGrid.indexToPatientMm(i, j, k);
            d[doseGrid.index(i, j, k)] = (float) Math.max(0, 25 - Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]));
        }
        DoseVolumeHistogram dvh = DoseVolumeHistogram.compute(sphere(structureGrid, 0, 0, 0, r), new DoseGrid(Volume.ofFloats(doseGrid, d)));
        for (double pct : new double[] {95, 98, 50, 2}) {
            double exact = 25 - r * Math.cbrt(pct / 100);
            assertEquals(exact, dvh.doseAtVolumePct(pct), 0.01 * RX, "D" + pct);
        }
        // Dmin comes from the sample points nearest the surface: within a sub-voxel step (0.33 mm here) times the gradient.
        assertEquals(25 - r, dvh.minGy(), 0.5);
        assertEquals(100 * Math.pow((25 - RX) / r, 3), dvh.volumeAtLeastPct(RX), 1.0);
        assertEquals(0.03, dvh.volumeCc() - dvh.volumeAtLeastCc(dvh.doseAtVolumeCc(dvh.volumeCc() - 0.03)), 1e-3);
    }

    /** Voxel fractions of an axis-aligned ellipsoid (semi-axes a, b, c mm), by 10³ sampling of boundary voxels. */
    static Structure ellipsoid(Grid g, double cx, double cy, double cz, double a, double b, double c) {
        float[] f = new float[g.voxelCount()];
        double[] s = g.spacingMm();
        int n = 10;
        for (int k = 0; k < g.size(2); k++) for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            int in = 0;
            for (int w = 0; w < n; w++) for (int v = 0; v < n; v++) for (int u = 0; u < n; u++) {
                double x = p[0] + ((u + 0.5) / n - 0.5) * s[0] - cx, y = p[1] + ((v + 0.5) / n - 0.5) * s[1] - cy;
                double z = p[2] + ((w + 0.5) / n - 0.5) * s[2] - cz;
                if (sq(x / a) + sq(y / b) + sq(z / c) <= 1) in++;
            }
            f[g.index(i, j, k)] = in / (float) (n * n * n);
        }
        return Structure.of("ellipsoid", Volume.ofFloats(g, f));
    }

    @Test
    void ellipsoidInALinearGradient() {
        // An ellipsoid is an affinely stretched ball: the part above z = t is the ball's cap above t / c.
        Grid g = new Grid(new int[] {40, 30, 20}, new double[] {1, 1, 2}, new double[] {-19.7, -14.6, -19.3}, Grid.identity());
        Grid doseGrid = new Grid(new int[] {30, 30, 30}, new double[] {2, 2, 2}, new double[] {-29.3, -29.1, -29.6}, Grid.identity());
        DoseGrid dose = dose(doseGrid, new DoubleUnaryOperator[] {x -> 0, y -> 0, z -> RX + 0.5 * z});
        double a = 12, b = 7, c = 5, cz = 0.45;
        DoseVolumeHistogram dvh = DoseVolumeHistogram.compute(ellipsoid(g, 0.3, -0.2, cz, a, b, c), dose);
        assertEquals(4.0 / 3 * Math.PI * a * b * c / 1000, dvh.volumeCc(), 0.005 * dvh.volumeCc());
        for (double pct : new double[] {95, 98, 50}) {
            double lo = -1, hi = 1;
            for (int it = 0; it < 100; it++) {
                double mid = 0.5 * (lo + hi);
                if (capFraction(mid, 1) > pct / 100) lo = mid;
                else hi = mid;
            }
            assertEquals(RX + 0.5 * (cz + c * 0.5 * (lo + hi)), dvh.doseAtVolumePct(pct), 0.01 * RX, "D" + pct);
        }
        assertEquals(100 * capFraction(-cz / c, 1), dvh.volumeAtLeastPct(RX), 1.0);
    }

    @Test
    void sphereInAGaussianFallOff() {
        // D = 25 Gy · exp(−ρ² / 2σ²) around the sphere's centre: x % of the volume lies within ρ = r·x^(1/3).
        double sigma = 9, r = Math.cbrt(3 * 3000 / (4 * Math.PI)); // 3 cc
        Grid g = new Grid(new int[] {30, 30, 16}, new double[] {1, 1, 2}, new double[] {-14.6, -14.3, -15.2}, Grid.identity());
        Grid doseGrid = new Grid(new int[] {40, 40, 40}, new double[] {1.5, 1.5, 1.5}, new double[] {-29.3, -29.1, -29.6}, Grid.identity());
        float[] d = new float[doseGrid.voxelCount()];
        for (int k = 0; k < 40; k++) for (int j = 0; j < 40; j++) for (int i = 0; i < 40; i++) {
            double[] p = doseGrid.indexToPatientMm(i, j, k);
            d[doseGrid.index(i, j, k)] = (float) (25 * Math.exp(-(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]) / (2 * sigma * sigma)));
        }
        DoseVolumeHistogram dvh = DoseVolumeHistogram.compute(sphere(g, 0, 0, 0, r), new DoseGrid(Volume.ofFloats(doseGrid, d)));
        for (double pct : new double[] {95, 98, 50, 2}) {
            double rho = r * Math.cbrt(pct / 100);
            assertEquals(25 * Math.exp(-rho * rho / (2 * sigma * sigma)), dvh.doseAtVolumePct(pct), 0.01 * RX, "D" + pct);
        }
    }

    @Test
    void binaryMasksGetPartialVolumesAtTheBoundary() {
        Grid g = new Grid(new int[] {40, 40, 20}, new double[] {1, 1, 2}, new double[] {-19.6, -19.4, -19.8}, Grid.identity());
        double r = Math.cbrt(2000 * 3 / (4 * Math.PI)); // 2 cc
        Mask m = Mask.empty(g);
        for (int k = 0; k < 20; k++) for (int j = 0; j < 40; j++) for (int i = 0; i < 40; i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            if (p[0] * p[0] + p[1] * p[1] + p[2] * p[2] <= r * r) m.voxels()[g.index(i, j, k)] = 1;
        }
        Grid doseGrid = new Grid(new int[] {30, 30, 30}, new double[] {2, 2, 2}, new double[] {-29, -29, -29}, Grid.identity());
        DoseGrid dose = dose(doseGrid, new DoubleUnaryOperator[] {x -> 0, y -> 0, z -> RX + 0.5 * z});
        DoseVolumeHistogram dvh = DoseVolumeHistogram.compute(Structure.of("ctv", m), dose);
        assertEquals(2.0, dvh.volumeCc(), 0.06); // within 3 % of the continuous sphere: the mask's own discretisation
        assertEquals(RX, dvh.meanGy(), 0.05);
        assertEquals(50.0, dvh.volumeAtLeastPct(RX), 2.0);
    }

    @Test
    void badInputsAreRefused() {
        Grid g = Grid.of(4, 4, 4, 1, 1, 1);
        float[] d = new float[64];
        d[5] = Float.NaN;
        assertThrows(IllegalArgumentException.class, () -> new DoseGrid(Volume.ofFloats(g, d)));
        d[5] = -1;
        assertThrows(IllegalArgumentException.class, () -> new DoseGrid(Volume.ofFloats(g, d)));
        d[5] = 1;
        DoseGrid dose = new DoseGrid(Volume.ofFloats(g, d));
        assertThrows(IllegalArgumentException.class, () -> DoseVolumeHistogram.compute(Structure.of("e", Mask.empty(g)), dose));
        Mask far = Mask.empty(Grid.of(4, 4, 4, 1, 1, 1).withOrigin(new double[] {100, 0, 0}));
        far.voxels()[0] = 1;
        DoseVolumeHistogram.OutsideDoseGrid e = assertThrows(DoseVolumeHistogram.OutsideDoseGrid.class,
                () -> DoseVolumeHistogram.compute(Structure.of("far", far), dose));
        assertEquals("far", e.structure());
        assertTrue(e.positionMm()[0] > 99, e.getMessage());
        DoseVolumeHistogram zero = DoseVolumeHistogram.compute(Structure.of("far", far), dose, 0.01, 3, DoseVolumeHistogram.Outside.ZERO);
        assertEquals(0.0, zero.maxGy());
        assertTrue(zero.outsideCc() > 0);
    }
    /** Users compare a DVH's total with the structure's volume: a thin mask keeps its voxel volume, fractions their sum. */
    @Test
    void theTotalIsTheStructuresVolumeForThinMasksAndFractions() {
        Grid g = Grid.of(30, 30, 12, 1, 1, 2);
        float[] d = new float[g.voxelCount()];
        for (int i = 0; i < d.length; i++) d[i] = 10 + (i % 30) * 0.3f;
        DoseGrid dose = new DoseGrid(Volume.ofFloats(g, d));
        Mask sheet = Mask.empty(g); // one voxel thick, where boundary partial volumes would lose most
        for (int j = 5; j < 25; j++) for (int i = 3; i < 27; i++) sheet.voxels()[g.index(i, j, 6)] = 1;
        DoseVolumeHistogram h = DoseVolumeHistogram.compute(Structure.of("sheet", sheet), dose);
        assertEquals(sheet.volumeCc(), h.volumeCc(), 1e-9);
        assertEquals(sheet.volumeCc(), h.volumeAtLeastCc(0), 1e-9);

        float[] f = new float[g.voxelCount()];
        for (int i = 0; i < f.length; i++) f[i] = sheet.voxels()[i];
        Volume marked = Volume.ofFloats(g, f).asFractionMap("test");
        Structure fractions = Structure.of("fractions", marked);
        assertTrue(!fractions.isBinary(), "a file Halo marked as fractions stays fractional whatever its values");
        assertTrue(Structure.of("plain", Volume.ofFloats(g, f)).isBinary());
        assertEquals(fractions.volumeCc(), DoseVolumeHistogram.compute(fractions, dose).volumeCc(), 1e-9);
    }
    @Test
    void tooManyBinsAreRefusedWithBothNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DoseVolumeHistogram.binCount(1e6, 1e-4));
        assertTrue(e.getMessage().contains("1.000e+06 Gy") && e.getMessage().contains("wider bins"), e.getMessage());
        assertEquals(3002, DoseVolumeHistogram.binCount(30, 0.01));
    }
}
