package org.halo.geometry;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.junit.jupiter.api.Test;

/** The smooth surface a mask implies, against the continuous shape the mask was drawn from. */
class ImpliedSurfaceTest {
    private static final CpuBackend CPU = new CpuBackend(2);

    /**
     * Over random placements of a small sphere, the volume the implied surface encloses is the sphere's on average:
     * the smoothing that removes the pixel staircase must not shrink the target (brain metastases are often a few
     * millimetres across, where a shrink of a tenth of a millimetre is several per cent of the volume).
     */
    @Test
    void smallSpheresKeepTheirVolumeOnAverage() {
        assertUnbiased(3, new double[] {1, 1, 1});
        assertUnbiased(5, new double[] {1, 1, 1});
        assertUnbiased(5, new double[] {1, 1, 2});
    }

    private static void assertUnbiased(double r, double[] spacing) {
        int placements = 40;
        Random random = new Random(11);
        double exact = 4 / 3.0 * Math.PI * r * r * r, sum = 0, sum2 = 0;
        for (int p = 0; p < placements; p++) {
            double[] c = new double[3];
            int[] n = new int[3];
            for (int a = 0; a < 3; a++) {
                c[a] = r + 3 + 3 * random.nextDouble();
                n[a] = (int) Math.ceil((c[a] + r + 8) / spacing[a]);
            }
            Mask mask = Mask.empty(Grid.of(n[0], n[1], n[2], spacing[0], spacing[1], spacing[2]));
            Phantoms.addSphere(mask, c[0], c[1], c[2], r);
            double error = impliedVolumeMm3(mask, c, r + 1.5) / exact - 1;
            sum += error;
            sum2 += error * error;
        }
        double mean = sum / placements, sd = Math.sqrt(sum2 / placements - mean * mean);
        double allowed = 3 * sd / Math.sqrt(placements) + 0.001;
        assertTrue(Math.abs(mean) <= allowed, String.format("r = %.0f mm on %s mm: mean volume error %+.2f %% (allowed ±%.2f %%)", r,
                java.util.Arrays.toString(spacing), 100 * mean, 100 * allowed));
    }

    /** The volume where the implied function is negative, counted on a 0.1 mm sub-lattice around c. */
    private static double impliedVolumeMm3(Mask mask, double[] c, double halfWidthMm) {
        ImpliedSurface s = new ImpliedSurface(mask, mask.bounds(), 3, CPU);
        Grid g = mask.grid();
        double step = 0.1;
        long inside = 0;
        for (double z = c[2] - halfWidthMm; z <= c[2] + halfWidthMm; z += step)
            for (double y = c[1] - halfWidthMm; y <= c[1] + halfWidthMm; y += step)
                for (double x = c[0] - halfWidthMm; x <= c[0] + halfWidthMm; x += step)
                    if (s.value(x / g.spacingMm(0), y / g.spacingMm(1), z / g.spacingMm(2)) < 0) inside++;
        return inside * step * step * step;
    }
}
