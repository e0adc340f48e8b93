package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;

/** Rasterisation against areas and volumes computed independently from the contour geometry. */
class ContourRasterizerTest {
    static RtStructureSet.Contour square(double cx, double cy, double half, double z) {
        return new RtStructureSet.Contour("CLOSED_PLANAR", new double[] {
            cx - half, cy - half, z, cx + half, cy - half, z, cx + half, cy + half, z, cx - half, cy + half, z});
    }

    static RtStructureSet.Contour circle(double cx, double cy, double r, double z, int points) {
        double[] p = new double[3 * points];
        for (int i = 0; i < points; i++) {
            double a = 2 * Math.PI * i / points;
            p[3 * i] = cx + r * Math.cos(a);
            p[3 * i + 1] = cy + r * Math.sin(a);
            p[3 * i + 2] = z;
        }
        return new RtStructureSet.Contour("CLOSED_PLANAR", p);
    }

    static RtStructureSet.Roi roi(String name, List<RtStructureSet.Contour> contours) {
        return new RtStructureSet.Roi(1, name, "PTV", null, contours);
    }

    @Test
    void holesAndIslandsCombineEvenOdd() {
        List<RtStructureSet.Contour> cs = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            double z = 2.0 * p;
            cs.add(square(0, 0, 20, z));   // outer 40 × 40
            cs.add(square(0, 0, 10, z));   // hole 20 × 20
            cs.add(square(0, 0, 5, z));    // island 10 × 10
        }
        RtStructureSet.Roi r = roi("ring with island", cs);
        Grid g = new Grid(new int[] {50, 50, 12}, new double[] {1, 1, 2}, new double[] {-24.5, -24.5, -2}, Grid.identity());
        ContourRasterizer.Result bin = ContourRasterizer.rasterize(r, g, false);
        // (1600 − 400 + 100) mm² × 2 mm × 10 planes.
        assertEquals(26.0, bin.contourVolumeCc(), 1e-9);
        assertEquals(26.0, bin.mask().volumeCc(), 1e-9);
        Mask m = bin.mask();
        int k = 3; // z = 4 mm
        assertEquals(1, m.voxels()[g.index(index(-15, -24.5), index(0, -24.5), k)]); // in the outer band
        assertEquals(0, m.voxels()[g.index(index(-7, -24.5), index(0, -24.5), k)]);  // in the hole
        assertEquals(1, m.voxels()[g.index(index(0, -24.5), index(0, -24.5), k)]);   // on the island
        ContourRasterizer.Result frac = ContourRasterizer.rasterize(r, g, true);
        assertEquals(26.0, frac.fraction().sum() * g.voxelVolumeMm3() / 1000.0, 1e-6);
    }

    private static int index(double mm, double origin) {
        return (int) Math.round(mm - origin);
    }

    @Test
    void sphereContoursKeepTheirVolume() {
        // A 25 mm sphere contoured every 3 mm with 72-point circles, on a grid that is offset and coarser in-plane.
        double r = 25;
        List<RtStructureSet.Contour> cs = new ArrayList<>();
        for (double z = -24; z <= 24.001; z += 3) cs.add(circle(3.3, -1.7, Math.sqrt(r * r - z * z), z, 72));
        RtStructureSet.Roi roi = roi("sphere", cs);
        for (double[] spacing : new double[][] {{1.17, 1.17, 3}, {0.9, 0.9, 1.5}, {2, 2, 3}}) {
            Grid g = ReferenceGrid.around(roi, spacing);
            g = g.withOrigin(new double[] {g.originMm()[0] + 0.31, g.originMm()[1] - 0.43, g.originMm()[2]});
            ContourRasterizer.Result bin = ContourRasterizer.rasterize(roi, g, false);
            ContourRasterizer.Result frac = ContourRasterizer.rasterize(roi, g, true);
            double contour = bin.contourVolumeCc();
            assertTrue(contour > 5);
            double binErr = Math.abs(bin.mask().volumeCc() - contour) / contour;
            double fracErr = Math.abs(frac.fraction().sum() * g.voxelVolumeMm3() / 1000 - contour) / contour;
            assertTrue(binErr < 0.02, "voxel-centre volume error " + binErr + " at " + java.util.Arrays.toString(spacing));
            assertTrue(fracErr < 0.01, "fractional volume error " + fracErr + " at " + java.util.Arrays.toString(spacing));
        }
        // The contour volume itself: Σ polygon area × 3 mm, computed here from the polygons' closed form.
        double expected = 0;
        for (double z = -24; z <= 24.001; z += 3) {
            double rr = Math.sqrt(r * r - z * z);
            expected += 0.5 * 72 * rr * rr * Math.sin(2 * Math.PI / 72) * 3;
        }
        Grid g = ReferenceGrid.around(roi, new double[] {1, 1, 3});
        assertEquals(expected / 1000, ContourRasterizer.rasterize(roi, g, false).contourVolumeCc(), 1e-9);
    }

    @Test
    void subVoxelContourIsKeptWithAWarning() {
        RtStructureSet.Roi tiny = roi("seed", List.of(square(0.4, 0.4, 0.05, 0)));
        Grid g = new Grid(new int[] {5, 5, 3}, new double[] {1, 1, 1}, new double[] {-2, -2, -1}, Grid.identity());
        ContourRasterizer.Result r = ContourRasterizer.rasterize(tiny, g, false);
        assertEquals(1, r.mask().count());
        assertEquals(1, r.mask().voxels()[g.index(2, 2, 1)]);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("smaller than a voxel")), r.warnings().toString());
        ContourRasterizer.Result f = ContourRasterizer.rasterize(tiny, g, true);
        assertEquals(0.1 * 0.1 * 1.0, f.fraction().sum() * g.voxelVolumeMm3(), 1e-9);
    }

    @Test
    void roiBetweenSlicesIsKeptWithAWarning() {
        RtStructureSet.Roi thin = roi("thin", List.of(square(0, 0, 4, 1.2), square(0, 0, 4, 1.7)));
        Grid g = new Grid(new int[] {12, 12, 3}, new double[] {1, 1, 3}, new double[] {-5.5, -5.5, 0}, Grid.identity());
        ContourRasterizer.Result r = ContourRasterizer.rasterize(thin, g, false);
        assertTrue(r.mask().count() > 0);
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("between the grid's slices")), r.warnings().toString());
    }

    @Test
    void contoursNotParallelToSlicesAreRefused() {
        RtStructureSet.Contour tilted = new RtStructureSet.Contour("CLOSED_PLANAR", new double[] {0, 0, 0, 10, 0, 5, 10, 10, 5, 0, 10, 0});
        Grid g = Grid.of(20, 20, 20, 1, 1, 1);
        HaloException e = assertThrows(HaloException.class, () -> ContourRasterizer.rasterize(roi("tilted", List.of(tilted)), g, false));
        assertTrue(e.getMessage().contains("not parallel"), e.getMessage());
        HaloException points = assertThrows(HaloException.class,
                () -> ContourRasterizer.rasterize(roi("iso", List.of(new RtStructureSet.Contour("POINT", new double[] {0, 0, 0}))), g, false));
        assertTrue(points.getMessage().contains("encloses no volume") && points.getMessage().contains("1 POINT"), points.getMessage());
    }
    @Test
    void roisThatEncloseNothingOrShareANameAreNamedForWhatTheyAre() {
        org.halo.image.Grid g = org.halo.image.Grid.of(10, 10, 4, 1, 1, 1);
        RtStructureSet.Roi thin = new RtStructureSet.Roi(3, "Line", "ORGAN", null, java.util.List.of(
                new RtStructureSet.Contour("CLOSED_PLANAR", new double[] {1, 1, 1, 5, 5, 1}),
                new RtStructureSet.Contour("POINT", new double[] {2, 2, 2})));
        org.halo.HaloException e = org.junit.jupiter.api.Assertions.assertThrows(org.halo.HaloException.class,
                () -> ContourRasterizer.rasterize(thin, g, false));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("1 CLOSED_PLANAR contour(s) of fewer than 3 points")
                && e.getMessage().contains("1 POINT"), e.getMessage());
        RtStructureSet rs = new RtStructureSet(java.nio.file.Path.of("rs.dcm"), null, java.util.List.of(
                new RtStructureSet.Roi(1, "PTV", null, null, java.util.List.of()), new RtStructureSet.Roi(7, "ptv", null, null, java.util.List.of())));
        org.halo.HaloException dup = org.junit.jupiter.api.Assertions.assertThrows(org.halo.HaloException.class, () -> rs.roi("PTV"));
        org.junit.jupiter.api.Assertions.assertTrue(dup.getMessage().contains("2 ROIs are named 'PTV' (numbers 1, 7)"), dup.getMessage());
        org.junit.jupiter.api.Assertions.assertEquals(7, rs.roi("7").number());
    }
}
