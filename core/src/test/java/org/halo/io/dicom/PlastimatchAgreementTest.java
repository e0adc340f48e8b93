package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Halo's and plastimatch's rasterisation of the same ROI on the same grid (runs only where the Debian package
 * plastimatch is installed). What it documents, for the 'patient' ROI (contours every 10 mm) on a 3 × 3 × 5 mm grid:
 * on the contour planes the masks differ only in voxel centres that lie exactly on the rectangle's edges (Halo counts
 * them inside, plastimatch 1.9.4 not; which edges depends on the plastimatch version); between planes
 * plastimatch leaves the slices empty, while Halo fills each plane's slab, so Halo's volume is the contour volume.
 */
class PlastimatchAgreementTest {
    @TempDir
    Path tmp;

    @Test
    void patientRoiAgreesOnContourPlanes() throws Exception {
        assumeTrue(org.halo.testing.ExternalTools.onPath("plastimatch"), "plastimatch is not installed (apt-get install plastimatch)");
        RtStructureSet.Roi roi = RtStructureSet.read(DicomFilesTest.dicom("pydicom/rtstruct.dcm")).roi("patient");
        Grid g = ReferenceGrid.around(roi, new double[] {3, 3, 5});
        Mask halo = ContourRasterizer.rasterize(roi, g, false).mask();
        Path ref = tmp.resolve("ref.mha");
        ImageFiles.write(halo.toVolume(), ref);
        Process p = new ProcessBuilder("plastimatch", "convert", "--input", DicomFilesTest.dicom("pydicom/rtstruct.dcm").toString(),
                "--fixed", ref.toString(), "--output-prefix", tmp.resolve("pm").toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        Mask pm = Mask.fromVolume(ImageFiles.read(tmp.resolve("pm").resolve("patient.mha")), null);
        int nx = g.size(0), ny = g.size(1);
        double[] pts = roi.contours().get(0).pointsMm();
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY, yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (int q = 0; q < pts.length; q += 3) {
            xMin = Math.min(xMin, pts[q]);
            xMax = Math.max(xMax, pts[q]);
            yMin = Math.min(yMin, pts[q + 1]);
            yMax = Math.max(yMax, pts[q + 1]);
        }
        int[] planes = new int[3];
        for (int p2 = 0; p2 < 3; p2++) planes[p2] = (int) Math.round(g.patientMmToIndex(xMin, yMin, -200 + 10 * p2)[2]); // z = −200, −190, −180 mm
        for (int k : planes) {
            int differ = 0;
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    byte a = halo.voxels()[g.index(i, j, k)], b = pm.voxels()[g.index(i, j, k)];
                    if (a != b) {
                        differ++;
                        // Only centres lying exactly on the rectangle's edges differ, and Halo counts them inside.
                        double[] c = g.indexToPatientMm(i, j, k);
                        assertTrue(c[0] == xMin || c[0] == xMax || c[1] == yMin || c[1] == yMax, "a centre off the edges differs: " + java.util.Arrays.toString(c));
                        assertEquals(1, a);
                    }
                }
            }
            assertTrue(differ > 0 && differ <= 2 * (nx + ny), "slice " + k + ": " + differ + " edge voxels differ");
        }
        long pmBetween = 0;
        for (int k : new int[] {planes[0] + 1, planes[1] + 1}) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) pmBetween += pm.voxels()[g.index(i, j, k)];
        assertEquals(0, pmBetween, "plastimatch leaves the slices between contour planes empty");
        assertEquals(3618.0, halo.volumeCc(), 1e-6); // slabs of 3 planes × 10 mm on 5 mm slices, 134 × 100 voxels
    }
}
