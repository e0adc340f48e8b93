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

    /**
     * Structures of one voxel, one row or one slice: the smoothing erases some of their sections, which then keep their
     * staircase; the implied function stays finite and encloses about the voxels' volume.
     */
    @Test
    void tinyAndThinStructuresStayFiniteAndKeepTheirVolume() {
        int[][] shapes = {{10, 10, 10, 10, 10, 10}, {10, 11, 10, 10, 10, 10}, {5, 15, 10, 10, 10, 10}, {10, 10, 10, 10, 5, 15},
                {8, 12, 8, 12, 10, 10}, {9, 11, 9, 11, 9, 11}};
        for (double[] spacing : new double[][] {{1, 1, 1}, {0.5, 0.5, 2}, {1, 1, 3}}) {
            for (int[] b : shapes) {
                Mask mask = Mask.empty(Grid.of(24, 24, 24, spacing[0], spacing[1], spacing[2]));
                int voxels = 0;
                for (int z = b[4]; z <= b[5]; z++) for (int y = b[2]; y <= b[3]; y++) for (int x = b[0]; x <= b[1]; x++, voxels++) {
                    mask.voxels()[x + 24 * (y + 24 * z)] = 1;
                }
                ImpliedSurface s = new ImpliedSurface(mask, mask.bounds(), 3, CPU);
                // Random samples of a box around the voxels (caps lie at most a slice beyond): regular samples alias
                // with one-pixel-wide structures.
                double pad = 2, box = 1, inside = 0;
                double[] lo = new double[3], hi = new double[3];
                for (int a = 0; a < 3; a++) {
                    lo[a] = b[2 * a] - 0.5 - (pad + spacing[a]) / spacing[a];
                    hi[a] = b[2 * a + 1] + 0.5 + (pad + spacing[a]) / spacing[a];
                    box *= (hi[a] - lo[a]) * spacing[a];
                }
                Random random = new Random(5);
                int samples = 200_000;
                for (int i = 0; i < samples; i++) {
                    double x = lo[0] + (hi[0] - lo[0]) * random.nextDouble(), y = lo[1] + (hi[1] - lo[1]) * random.nextDouble(),
                            z = lo[2] + (hi[2] - lo[2]) * random.nextDouble();
                    double f = s.value(x, y, z);
                    assertTrue(Double.isFinite(f), "finite at " + x + "," + y + "," + z);
                    if (f < 0) inside++;
                }
                double ratio = inside / samples * box / (voxels * spacing[0] * spacing[1] * spacing[2]);
                assertTrue(ratio > 0.9 && ratio < 1.1, java.util.Arrays.toString(b) + " on " + java.util.Arrays.toString(spacing) + ": implied/voxel volume " + ratio);
            }
        }
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
        System.out.printf("implied volume r = %.0f mm on %s mm, %d placements: mean error %+.2f %%, SD %.2f %%%n", r,
                java.util.Arrays.toString(spacing), placements, 100 * mean, 100 * sd);
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
