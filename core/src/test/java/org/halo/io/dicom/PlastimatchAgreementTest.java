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
 * on the contour planes the masks differ only in the one column of voxel centres that lies exactly on the
 * rectangle's left edge (Halo counts a centre on an edge from the left as inside, plastimatch not); between planes
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
        int[] planes = {2, 4, 6}; // z = −200, −190, −180 mm
        for (int k : planes) {
            int differ = 0, haloOnly = 0;
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    byte a = halo.voxels()[g.index(i, j, k)], b = pm.voxels()[g.index(i, j, k)];
                    if (a != b) {
                        differ++;
                        if (a == 1) haloOnly++;
                        // Only the column whose centres lie exactly on the left edge x = −200 mm differs.
                        assertEquals(-200.0, g.indexToPatientMm(i, j, k)[0], 1e-9);
                    }
                }
            }
            assertEquals(100, differ, "slice " + k);
            assertEquals(100, haloOnly);
        }
        long pmBetween = 0;
        for (int k : new int[] {3, 5}) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) pmBetween += pm.voxels()[g.index(i, j, k)];
        assertEquals(0, pmBetween, "plastimatch leaves the slices between contour planes empty");
        assertEquals(3618.0, halo.volumeCc(), 1e-6); // slabs of 3 planes × 10 mm on 5 mm slices, 134 × 100 voxels
    }
}
