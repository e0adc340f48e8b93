package org.halo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.halo.compute.CpuBackend;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.junit.jupiter.api.Test;

/** Overlap and surface metrics for shifted and scaled spheres against their analytic values. */
class StructureComparisonTest {
    static Mask sphere(Grid g, double cx, double cy, double cz, double r) {
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, cx, cy, cz, r);
        return m;
    }

    @Test
    void shiftedSpheresAgainstTheLensFormula() {
        Grid g = Grid.of(60, 60, 60, 1, 1, 1);
        double r = 12, shift = 4;
        Mask a = sphere(g, 29.7, 30.2, 30.1, r), b = sphere(g, 29.7 + shift, 30.2, 30.1, r);
        StructureComparison c = StructureComparison.compare(a, b, 1.0, new CpuBackend(2));
        // Two spheres of radius r, centres d apart, overlap in a lens of volume π(4r + d)(2r − d)² / 12.
        double lens = Math.PI * (4 * r + shift) * Math.pow(2 * r - shift, 2) / 12;
        double sphere = 4.0 / 3 * Math.PI * r * r * r;
        assertEquals(lens / sphere, c.dice(), 0.02);
        assertEquals(lens / (2 * sphere - lens), c.jaccard(), 0.02);
        // The farthest surface point of one from the other's surface lies on the axis: distance = shift.
        assertEquals(shift, c.hausdorffMm(), 1.0);
        assertEquals((sphere - lens) / 1000, c.aOutsideBCc(), 0.03 * sphere / 1000);
    }

    @Test
    void concentricSpheresAreTheMarginApart() {
        Grid g = Grid.of(60, 60, 40, 1, 1, 1.5);
        Mask ctv = sphere(g, 30.3, 29.8, 30.2, 10), ptv = sphere(g, 30.3, 29.8, 30.2, 13);
        StructureComparison c = StructureComparison.compare(ctv, ptv, 1.0, new CpuBackend(2));
        assertEquals(3.0, c.meanSurfaceDistanceMm(), 0.5);
        assertEquals(3.0, c.hd95Mm(), 1.0);
        assertEquals(3.0, c.hausdorffMm(), 1.2);
        assertEquals(0.0, c.aOutsideBCc(), 1e-12);
        assertTrue(c.surfaceDice() < 0.2, "3 mm apart, 1 mm tolerance: " + c.surfaceDice());
        StructureComparison same = StructureComparison.compare(ctv, ctv, 1.0, new CpuBackend(2));
        assertEquals(1.0, same.dice());
        assertEquals(0.0, same.hausdorffMm());
        assertEquals(1.0, same.surfaceDice());
    }

    @Test
    void realisedMarginShowsTheMissingSuperiorInferiorGrowth() {
        // A 2 mm voxel-centre margin on 3 mm slices grows 2 mm in-plane and nothing along z.
        Grid g = Grid.of(50, 50, 20, 1, 1, 3);
        Mask ctv = sphere(g, 25.2, 24.7, 30.4, 10);
        Mask ptv = new MarginExpander(new CpuBackend(2)).expand(ctv, new Margin.Uniform(2)).mask();
        StructureComparison.RealizedMargin m = StructureComparison.compare(ctv, ptv, 1.0, new CpuBackend(2)).realized();
        assertEquals(2.0, m.rightMm());
        assertEquals(2.0, m.leftMm());
        assertEquals(2.0, m.anteriorMm());
        assertEquals(2.0, m.posteriorMm());
        assertEquals(0.0, m.superiorMm());
        assertEquals(0.0, m.inferiorMm());
        // With 3 mm the slices are reached.
        Mask ptv3 = new MarginExpander(new CpuBackend(2)).expand(ctv, new Margin.Uniform(3)).mask();
        StructureComparison.RealizedMargin m3 = StructureComparison.compare(ctv, ptv3, 1.0, new CpuBackend(2)).realized();
        assertEquals(3.0, m3.superiorMm());
        assertEquals(3.0, m3.inferiorMm());
    }
}
