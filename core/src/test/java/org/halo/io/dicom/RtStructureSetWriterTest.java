package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structure sets written by Halo read back voxel for voxel (voxel-centre masks, even–odd contours) on synthetic CT
 * series: a sphere, an ellipsoid, a ring with its hole, several islands, a structure touching the grid edge, an
 * oblique-orthogonal orientation and anisotropic spacing.
 */
class RtStructureSetWriterTest {
    @TempDir
    Path tmp;

    /** A CT series of the given geometry (zero HU), one file per slice; direction columns are the row, column and normal axes. */
    static Path writeCt(Path folder, int nx, int ny, int nz, double[] spacing, double[] origin, double[] row, double[] col) {
        return SyntheticDicom.writeCt(folder, SyntheticDicom.Identity.of("HALO-TEST"), nx, ny, nz, spacing, origin, row, col);
    }

    static Mask ball(Grid g, double[] centreMm, double radius, double inner) {
        Mask m = Mask.empty(g);
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            double r = Math.sqrt(Math.pow(p[0] - centreMm[0], 2) + Math.pow(p[1] - centreMm[1], 2) + Math.pow(p[2] - centreMm[2], 2));
            if (r <= radius && r > inner) m.voxels()[g.index(i, j, k)] = 1;
        }
        return m;
    }

    /** Two balls apart in every direction. */
    static Mask islands(Grid g) {
        Mask a = ball(g, g.indexToPatientMm(10.2, 10.7, 5.3), 3.9, -1), b = ball(g, g.indexToPatientMm(36.4, 31.2, 14.1), 4.6, -1);
        for (int i = 0; i < a.voxels().length; i++) a.voxels()[i] |= b.voxels()[i];
        return a;
    }

    void roundTrip(Path ct) {
        CtSeries series = CtSeries.read(ct);
        Grid g = series.image().grid();
        double[] c = g.indexToPatientMm(g.size(0) / 2.0 + 0.3, g.size(1) / 2.0 - 0.2, g.size(2) / 2.0 + 0.1);
        List<RtStructureSetWriter.Structure> s = new ArrayList<>();
        s.add(new RtStructureSetWriter.Structure("sphere", new int[] {255, 0, 0}, "CTV", ball(g, c, 7.3, -1)));
        s.add(new RtStructureSetWriter.Structure("ring", new int[] {0, 255, 0}, "CONTROL", ball(g, c, 11.2, 5.1)));
        Mask islands = ball(g, g.indexToPatientMm(5, 5, 3), 2.6, -1);
        Mask far = ball(g, g.indexToPatientMm(g.size(0) - 7, g.size(1) - 6, g.size(2) - 4), 3.1, -1);
        for (int i = 0; i < islands.voxels().length; i++) islands.voxels()[i] |= far.voxels()[i];
        islands.voxels()[g.index(9, 20, 5)] = 1; // a lone voxel
        islands.voxels()[g.index(10, 21, 5)] = 1; // touching it only diagonally
        s.add(new RtStructureSetWriter.Structure("islands", new int[] {0, 0, 255}, "ORGAN", islands));
        Mask edge = ball(g, g.indexToPatientMm(0, g.size(1) / 2.0, g.size(2) - 1), 6.4, -1);
        s.add(new RtStructureSetWriter.Structure("edge", new int[] {10, 20, 30}, "PTV", edge));
        Mask ellipsoid = Mask.empty(g);
        for (int k = 0; k < g.size(2); k++) for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            double x = (p[0] - c[0]) / 12.5, y = (p[1] - c[1]) / 6.2, z = (p[2] - c[2]) / 8.1;
            if (x * x + y * y + z * z <= 1) ellipsoid.voxels()[g.index(i, j, k)] = 1;
        }
        s.add(new RtStructureSetWriter.Structure("ellipsoid", new int[] {200, 200, 0}, "GTV", ellipsoid));
        Path rs = tmp.resolve("rs-" + ct.getFileName() + ".dcm");
        RtStructureSetWriter.Written w = RtStructureSetWriter.write(rs, series, s, "Halo test");
        RtStructureSet back = RtStructureSet.read(rs);
        assertEquals(series.frameOfReference(), back.frameOfReference());
        assertEquals(5, back.rois().size());
        for (int r = 0; r < s.size(); r++) {
            RtStructureSet.Roi roi = back.rois().get(r);
            assertEquals(s.get(r).name(), roi.name());
            assertEquals(s.get(r).type(), roi.interpretedType());
            assertTrue(w.contours().get(r) > 0);
            Mask again = ContourRasterizer.rasterize(roi, g, false).mask();
            assertArrayEquals(s.get(r).mask().voxels(), again.voxels(), "ROI " + roi.name() + " voxel for voxel");
        }
        dciodvfyFindsNoError(rs);
        DicomObject d = DicomReader.read(rs).data();
        assertEquals("HALO-TEST", d.string(0x00100020));
        assertTrue(d.string(0x00080018).startsWith("2.25."));
    }

    /** dicom3tools' validator on the written file, where it is installed (CI installs it). */
    static void dciodvfyFindsNoError(Path file) {
        if (!org.halo.testing.ExternalTools.onPath("dciodvfy")) {
            System.err.println("dciodvfy not installed: the written structure set is not validated by it here");
            return;
        }
        try {
            Process p = new ProcessBuilder("dciodvfy", file.toString()).redirectErrorStream(true).start();
            String report = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            assertTrue(report.lines().noneMatch(l -> l.startsWith("Error")), "dciodvfy:\n" + report);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void axialSeriesRoundTrips() {
        roundTrip(writeCt(tmp.resolve("axial"), 48, 44, 20, new double[] {0.9, 0.9, 1.25}, new double[] {-20.1, -30.4, 12.5}, new double[] {1, 0, 0},
                new double[] {0, 1, 0}));
    }

    @Test
    void obliqueOrthogonalSeriesRoundTrips() {
        double a = Math.toRadians(20);
        roundTrip(writeCt(tmp.resolve("oblique"), 40, 42, 18, new double[] {1.0, 0.8, 1.5}, new double[] {5, -8, 3},
                new double[] {Math.cos(a), Math.sin(a), 0}, new double[] {0, 0, -1}));
    }

    @Test
    void appendKeepsEveryOldRoiAndRefusesANameClash() throws Exception {
        Path ctDir = writeCt(tmp.resolve("ct"), 36, 34, 14, new double[] {1, 1, 1.5}, new double[] {-10, -12, 4}, new double[] {1, 0, 0},
                new double[] {0, 1, 0});
        CtSeries ct = CtSeries.read(ctDir);
        Grid g = ct.image().grid();
        Mask ctv = ball(g, g.indexToPatientMm(18.2, 16.7, 6.9), 5.2, -1), ptv = ball(g, g.indexToPatientMm(18.2, 16.7, 6.9), 7.4, -1);
        Path first = tmp.resolve("rs1.dcm"), second = tmp.resolve("rs2.dcm");
        RtStructureSetWriter.write(first, ct, List.of(new RtStructureSetWriter.Structure("CTV", new int[] {0, 0, 255}, "CTV", ctv)), "first");
        byte[] before = java.nio.file.Files.readAllBytes(first);
        List<RtStructureSetWriter.KeptRoi> kept = RtStructureSetWriter.kept(first, ct, List.of("PTV_2mm"), false);
        assertEquals(1, kept.size());
        assertArrayEquals(new int[] {0, 0, 255}, kept.get(0).colour());
        RtStructureSetWriter.write(second, ct, kept, List.of(new RtStructureSetWriter.Structure("PTV_2mm", new int[] {255, 0, 0}, "PTV", ptv)), "second");
        assertArrayEquals(before, java.nio.file.Files.readAllBytes(first), "the old structure set is untouched");
        RtStructureSet back = RtStructureSet.read(second);
        assertEquals(List.of("CTV", "PTV_2mm"), back.rois().stream().map(RtStructureSet.Roi::name).toList());
        assertArrayEquals(ctv.voxels(), ContourRasterizer.rasterize(back.rois().get(0), g, false).mask().voxels(), "kept ROI voxel for voxel");
        assertArrayEquals(ptv.voxels(), ContourRasterizer.rasterize(back.rois().get(1), g, false).mask().voxels(), "new ROI voxel for voxel");
        dciodvfyFindsNoError(second);
        org.halo.HaloException clash = org.junit.jupiter.api.Assertions.assertThrows(org.halo.HaloException.class,
                () -> RtStructureSetWriter.kept(second, ct, List.of("ptv_2MM"), false));
        assertTrue(clash.getMessage().contains("already holds a ROI named 'PTV_2mm'"), clash.getMessage());
        assertEquals(List.of("CTV"), RtStructureSetWriter.kept(second, ct, List.of("PTV_2mm"), true).stream().map(RtStructureSetWriter.KeptRoi::name).toList());
    }

    /** A sub-voxel PTV's fraction map, traced at 0.5 and read back as fractions, keeps its volume within 1 %. */
    @Test
    void fractionalSubvoxelPtvKeepsItsVolume() {
        Path ctDir = writeCt(tmp.resolve("ct1"), 50, 50, 34, new double[] {1, 1, 1}, new double[] {-25, -25, -16}, new double[] {1, 0, 0},
                new double[] {0, 1, 0});
        CtSeries ct = CtSeries.read(ctDir);
        Grid g = ct.image().grid();
        Mask ctv = ball(g, g.indexToPatientMm(24.3, 25.2, 16.6), 8.0, -1);
        org.halo.geometry.SubvoxelResult sr = new org.halo.geometry.SubvoxelMargin(new org.halo.compute.CpuBackend(2))
                .expand(ctv, new org.halo.geometry.Margin.Uniform(2), null);
        org.halo.image.Volume fractions = sr.fractionsVolume();
        Path rs = tmp.resolve("frac.dcm");
        RtStructureSetWriter.write(rs, ct, List.of(new RtStructureSetWriter.Structure("PTV_2mm", new int[] {255, 0, 0}, "PTV", sr.binary(), fractions)), "frac");
        RtStructureSet back = RtStructureSet.read(rs);
        org.halo.image.Volume again = ContourRasterizer.rasterize(back.rois().get(0), g, true).fraction();
        double original = sr.volumeCc(), read = again.sum() * g.voxelVolumeMm3() / 1000;
        assertEquals(original, read, 0.01 * original, "fractional volume " + original + " cc, read back " + read + " cc");
    }

    /** Simplification removes points and keeps every traced vertex within the tolerance of the simplified outline. */
    @Test
    void simplificationStaysWithinItsTolerance() {
        Grid g = new Grid(new int[] {60, 60, 3}, new double[] {0.5, 0.5, 1}, new double[] {0, 0, 0}, Grid.identity());
        Mask m = ball(g, new double[] {15.1, 14.8, 1}, 11.3, -1);
        int before = 0, after = 0;
        for (ContourTracer.Polygon p : ContourTracer.trace(m)) {
            ContourTracer.Polygon s = ContourTracer.simplify(p, 0.3);
            before += p.points();
            after += s.points();
            double[] both = new double[p.pointsMm().length + s.pointsMm().length];
            System.arraycopy(s.pointsMm(), 0, both, 0, s.pointsMm().length);
            System.arraycopy(p.pointsMm(), 0, both, s.pointsMm().length, p.pointsMm().length);
            for (int v = 0; v < p.points(); v++) {
                double nearest = Double.POSITIVE_INFINITY;
                for (int e = 0; e < s.points(); e++) nearest = Math.min(nearest, ContourTracer.segmentDistance(both, s.points() + v, e, (e + 1) % s.points()));
                assertTrue(nearest <= 0.3 + 1e-9, "vertex " + v + " is " + nearest + " mm from the simplified outline");
            }
        }
        assertTrue(after < 0.8 * before, before + " → " + after + " points");
    }

    /**
     * plastimatch (where installed) reads Halo's structure set back onto the CT: Dice ≥ 0.99 against Halo's masks
     * (plastimatch rasterises the same polygons with its own inside rule), holes included: plastimatch 1.9.4 takes the
     * union of a slice's contours, so it fills holes written as separate contours (the ring's Dice is printed), and the
     * keyhole form that Halo writes by default keeps them.
     */
    @Test
    void plastimatchReadsItBack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.halo.testing.ExternalTools.onPath("plastimatch"), "plastimatch is not installed (apt-get install plastimatch)");
        Path ctDir = writeCt(tmp.resolve("pmct"), 48, 44, 20, new double[] {0.9, 0.9, 1.25}, new double[] {-20.1, -30.4, 12.5}, new double[] {1, 0, 0},
                new double[] {0, 1, 0});
        CtSeries ct = CtSeries.read(ctDir);
        Grid g = ct.image().grid();
        double[] c = g.indexToPatientMm(24.3, 21.8, 10.1);
        Mask cavity = ball(g, c, 12.1, 6.3), island = ball(g, c, 2.9, -1), cShape = ball(g, c, 11.6, 5.4);
        for (int i = 0; i < g.voxelCount(); i++) {
            cavity.voxels()[i] |= island.voxels()[i];
            double[] idx = {i % g.size(0), (i / g.size(0)) % g.size(1)};
            if (idx[0] > 26 && Math.abs(idx[1] - 21.8) < 2.5) cShape.voxels()[i] = 0; // the C's opening
        }
        List<RtStructureSetWriter.Structure> s = List.of(new RtStructureSetWriter.Structure("sphere", new int[] {255, 0, 0}, "CTV", ball(g, c, 7.3, -1)),
                new RtStructureSetWriter.Structure("islands", new int[] {0, 255, 0}, "ORGAN", islands(g)),
                new RtStructureSetWriter.Structure("ring", new int[] {0, 0, 255}, "CONTROL", ball(g, c, 11.2, 5.1)),
                new RtStructureSetWriter.Structure("cavity", new int[] {0, 255, 255}, "CTV", cavity),
                new RtStructureSetWriter.Structure("C", new int[] {255, 0, 255}, "ORGAN", cShape));
        for (ContourTracer.Holes holes : ContourTracer.Holes.values()) {
            Path rs = tmp.resolve("pm-rs-" + holes + ".dcm"), prefix = tmp.resolve("pm-out-" + holes);
            RtStructureSetWriter.write(rs, ct, List.of(), s, "pm", 0, holes);
            Process p = new ProcessBuilder("plastimatch", "convert", "--input", rs.toString(), "--referenced-ct", ctDir.toString(), "--output-prefix",
                    prefix.toString(), "--prefix-format", "nrrd").redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, log);
            for (RtStructureSetWriter.Structure st : s) {
                Mask theirs = Mask.fromVolume(org.halo.io.ImageFiles.read(prefix.resolve(st.name() + ".nrrd")), null);
                assertTrue(theirs.grid().sameGeometry(g, 1e-3), "plastimatch's grid is the CT's");
                long both = 0, a = 0, b = 0;
                for (int i = 0; i < g.voxelCount(); i++) {
                    boolean x = st.mask().voxels()[i] != 0, y = theirs.voxels()[i] != 0;
                    if (x) a++;
                    if (y) b++;
                    if (x && y) both++;
                }
                double dice = 2.0 * both / (a + b);
                System.out.printf(java.util.Locale.ROOT, "plastimatch reads %s written with %s holes: Dice %.4f%n", st.name(), holes, dice);
                boolean hasHoles = st.name().equals("ring") || st.name().equals("cavity");
                if (holes == ContourTracer.Holes.KEYHOLE || !hasHoles) assertTrue(dice >= 0.99, st.name() + " (" + holes + "): Dice " + dice);
                else assertTrue(dice < 0.99, st.name() + " (" + holes + "): plastimatch 1.9.4 fills separate holes, Dice " + dice);
            }
        }
    }

    /**
     * Keyholes written by another system read right too: a square plate with a square hole joined by a cut along a row
     * of voxel centres and another along a column, drawn by hand; and Halo's own keyhole form reads back voxel for voxel.
     */
    @Test
    void handMadeKeyholeContoursReadAsTheirRegion() {
        Grid g = new Grid(new int[] {20, 20, 1}, new double[] {1, 1, 1}, new double[] {0, 0, 0}, Grid.identity());
        // Outer square 2.5..16.5, hole 6.5..11.5, cut along y = 9 (a row of centres) from the hole's right side to the outer right side.
        double[] rowCut = {2.5, 2.5, 0, 16.5, 2.5, 0, 16.5, 9, 0, 11.5, 9, 0, 11.5, 6.5, 0, 6.5, 6.5, 0, 6.5, 11.5, 0, 11.5, 11.5, 0, 11.5, 9, 0,
            16.5, 9, 0, 16.5, 16.5, 0, 2.5, 16.5, 0};
        // The same region cut along x = 9 (a column of centres) from the hole's top to the outer top.
        double[] columnCut = {2.5, 2.5, 0, 16.5, 2.5, 0, 16.5, 16.5, 0, 9, 16.5, 0, 9, 11.5, 0, 6.5, 11.5, 0, 6.5, 6.5, 0, 11.5, 6.5, 0, 11.5, 11.5, 0,
            9, 11.5, 0, 9, 16.5, 0, 2.5, 16.5, 0};
        Mask expected = Mask.empty(g);
        for (int j = 3; j <= 16; j++) for (int i = 3; i <= 16; i++) if (!(i >= 7 && i <= 11 && j >= 7 && j <= 11)) expected.voxels()[g.index(i, j, 0)] = 1;
        for (double[] pts : List.of(rowCut, columnCut)) {
            RtStructureSet.Roi roi = new RtStructureSet.Roi(1, "plate", "ORGAN", null, List.of(new RtStructureSet.Contour("CLOSED_PLANAR", pts)));
            Mask read = ContourRasterizer.rasterize(roi, g, false).mask();
            assertArrayEquals(expected.voxels(), read.voxels(), "a keyhole cut along " + (pts == rowCut ? "a row" : "a column") + " of voxel centres");
            org.halo.image.Volume f = ContourRasterizer.rasterize(roi, g, true).fraction();
            assertEquals(14 * 14 - 5 * 5, f.sum(), 1e-6, "fractional area");
        }
    }
}
