package org.halo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.imglib2.img.array.ArrayImgs;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.halo.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Halo's DVH against {@code plastimatch dvh} on the same structure and dose files (runs where the Debian package is
 * installed). plastimatch counts whole voxels at their centres (resampling the dose onto the structure grid) in
 * 0.05 Gy bins; Halo samples partial volumes inside the voxels. For a 4 cc sphere in a Gaussian dose fall-off the two
 * agree on D50 within 0.1 Gy; Halo's D98 and D95 are lower by up to 0.25 Gy (1.25 % of 20 Gy), because it also counts
 * the outer half of the surface voxels, where the dose is lower.
 */
class PlastimatchDvhAgreementTest {
    @TempDir
    Path tmp;

    @Test
    void dvhPointsAgreeWithinATenthOfAGray() throws Exception {
        assumeTrue(ExternalTools.onPath("plastimatch"), "plastimatch is not installed (apt-get install plastimatch)");
        Grid g = new Grid(new int[] {40, 40, 24}, new double[] {1, 1, 2}, new double[] {-19.5, -19.5, -23}, Grid.identity());
        Mask ctv = Mask.empty(g);
        Phantoms.addSphere(ctv, 19.7, 19.2, 23.4, 10);
        Grid dg = new Grid(new int[] {40, 40, 40}, new double[] {1, 1, 1.5}, new double[] {-19.5, -19.5, -29.5}, Grid.identity());
        float[] d = new float[dg.voxelCount()];
        for (int k = 0; k < 40; k++) for (int j = 0; j < 40; j++) for (int i = 0; i < 40; i++) {
            double[] p = dg.indexToPatientMm(i, j, k);
            double r2 = p[0] * p[0] + p[1] * p[1] + p[2] * p[2];
            d[dg.index(i, j, k)] = (float) (25 * Math.exp(-r2 / (2 * 12 * 12)));
        }
        Volume dose = Volume.ofFloats(dg, d);
        Path doseFile = tmp.resolve("dose.mha"), ssFile = tmp.resolve("ss.mha"), list = tmp.resolve("ss.txt"), csv = tmp.resolve("dvh.csv");
        ImageFiles.write(dose, doseFile);
        int[] bits = new int[g.voxelCount()];
        for (int i = 0; i < bits.length; i++) bits[i] = ctv.voxels()[i];
        ImageFiles.write(new Volume(g, ArrayImgs.unsignedInts(bits, 40, 40, 24)), ssFile);
        Files.writeString(list, "0|255 0 0|ctv\n");
        Process p = new ProcessBuilder("plastimatch", "dvh", "--input-ss-img", ssFile.toString(), "--input-ss-list", list.toString(),
                "--input-dose", doseFile.toString(), "--output-csv", csv.toString(), "--bin-width", "0.05", "--num-bins", "600", "--cumulative")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(csv);
        double[] gy = new double[lines.size() - 1], frac = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] parts = lines.get(i).split(",");
            gy[i - 1] = Double.parseDouble(parts[0]);
            frac[i - 1] = Double.parseDouble(parts[1]);
        }
        DoseVolumeHistogram halo = DoseVolumeHistogram.compute(Structure.of("ctv", ctv), new DoseGrid(dose));
        StringBuilder seen = new StringBuilder();
        for (double pct : new double[] {98, 95, 50}) {
            seen.append(String.format(java.util.Locale.ROOT, "D%.0f plastimatch %.3f Halo %.3f; ", pct, doseAt(gy, frac, pct / 100), halo.doseAtVolumePct(pct)));
        }
        System.out.println(seen);
        // Near the surface plastimatch sees voxel-centre doses only; Halo also samples the outer half of the surface
        // voxels, where the dose is lower, so its low-percentile points sit lower by up to a quarter of a gray here.
        assertEquals(doseAt(gy, frac, 0.98), halo.doseAtVolumePct(98), 0.25, seen.toString());
        assertEquals(doseAt(gy, frac, 0.95), halo.doseAtVolumePct(95), 0.25, seen.toString());
        assertEquals(doseAt(gy, frac, 0.50), halo.doseAtVolumePct(50), 0.1, seen.toString());
        assertTrue(halo.doseAtVolumePct(98) <= doseAt(gy, frac, 0.98), seen.toString());
    }

    /** Dose where plastimatch's cumulative fraction falls to {@code f}, interpolated between bin edges. */
    private static double doseAt(double[] gy, double[] frac, double f) {
        for (int i = 1; i < gy.length; i++) {
            if (frac[i] <= f) return gy[i - 1] + (gy[i] - gy[i - 1]) * (frac[i - 1] - f) / (frac[i - 1] - frac[i]);
        }
        return gy[gy.length - 1];
    }
}
