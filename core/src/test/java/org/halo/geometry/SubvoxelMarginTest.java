package org.halo.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sub-voxel margins against exact volumes computed here, independently of Halo's geometry: closed forms for spheres,
 * and for ellipsoids and six-direction margins a seeded Monte Carlo over the exact point-to-ellipsoid distance.
 */
class SubvoxelMarginTest {
    private static final SubvoxelMargin MARGINS = new SubvoxelMargin(new CpuBackend(2));
    private static final double[][] GRIDS = MarginAccuracy.GRIDS_MM;
    private static final double[] ELLIPSOID = {12, 8, 9};
    private static final double[] ELLIPSOID_PTV_CC = new double[4];
    private static final double[] SIX = {2, 1, 3, 1.5, 2.5, 1}, PER_AXIS = {1, 1, 2, 2, 3, 3}; // +x, −x, +y, −y, +z, −z
    private static double sixCc, perAxisCc;

    @BeforeAll
    static void references() {
        for (int m = 1; m <= 3; m++) ELLIPSOID_PTV_CC[m] = monteCarlo(ELLIPSOID, m, false, null) / 1000;
        sixCc = monteCarlo(new double[] {10, 10, 10}, 0, true, SIX) / 1000;
        perAxisCc = monteCarlo(new double[] {10, 10, 10}, 0, true, PER_AXIS) / 1000;
    }

    @Test
    void spheresMeetTheVolumeAndGrowthGoalsOnEveryGrid() {
        Random r = new Random(11);
        for (double[] s : GRIDS) {
            for (int m = 1; m <= 3; m++) {
                for (int p = 0; p < 2; p++) {
                    double[] c = new double[3];
                    Mask ctv = shape(s, new double[] {10, 10, 10}, m, r, c);
                    SubvoxelResult res = MARGINS.expand(ctv, new Margin.Uniform(m), null);
                    double exact = 4.0 / 3.0 * Math.PI * Math.pow(10 + m, 3) / 1000;
                    String where = "sphere on " + java.util.Arrays.toString(s) + ", " + m + " mm";
                    assertEquals(exact, res.volumeCc(), 0.02 * exact, "fractional, " + where);
                    assertEquals(exact, res.binary().volumeCc(), 0.03 * exact, "binary, " + where);
                    assertEquals(2.0 * m, superiorInferiorLength(res, c, s) - 20, 0.75, "SI growth, " + where);
                }
            }
        }
    }

    @Test
    void ellipsoidsMeetTheVolumeGoalsOnEveryGrid() {
        Random r = new Random(12);
        for (double[] s : GRIDS) {
            for (int m = 1; m <= 3; m++) {
                double[] c = new double[3];
                Mask ctv = shape(s, ELLIPSOID, m, r, c);
                SubvoxelResult res = MARGINS.expand(ctv, new Margin.Uniform(m), null);
                double exact = ELLIPSOID_PTV_CC[m];
                String where = "ellipsoid on " + java.util.Arrays.toString(s) + ", " + m + " mm";
                assertEquals(exact, res.volumeCc(), 0.02 * exact, "fractional, " + where);
                assertEquals(exact, res.binary().volumeCc(), 0.03 * exact, "binary, " + where);
                assertEquals(2.0 * m, superiorInferiorLength(res, c, s) - 2 * ELLIPSOID[2], 0.75, "SI growth, " + where);
            }
        }
    }

    @Test
    void perAxisAndSixDirectionMarginsMeetTheVolumeGoal() {
        Random r = new Random(13);
        for (double[] s : GRIDS) {
            double[] c = new double[3];
            Mask ctv = shape(s, new double[] {10, 10, 10}, 3, r, c);
            // Grid axes are patient x (R→L), y (A→P), z (I→S) here: +x is left, +y posterior, +z superior.
            Margin six = new Margin.Directional(1, 2, 1.5, 3, 2.5, 1); // R, L, A, P, S, I = −x, +x, −y, +y, +z, −z
            double exact = sixCc;
            SubvoxelResult res = MARGINS.expand(ctv, six, null);
            assertEquals(exact, res.volumeCc(), 0.02 * exact, "six-direction on " + java.util.Arrays.toString(s));
            assertEquals(exact, res.binary().volumeCc(), 0.03 * exact, "six-direction binary on " + java.util.Arrays.toString(s));
            assertEquals(2.5 + 1, superiorInferiorLength(res, c, s) - 20, 0.75, "six-direction SI growth (S 2.5 + I 1 mm) on " + java.util.Arrays.toString(s));
            double exactAxes = perAxisCc;
            SubvoxelResult axes = MARGINS.expand(ctv, new Margin.PerAxis(1, 2, 3), null);
            assertEquals(exactAxes, axes.volumeCc(), 0.02 * exactAxes, "per-axis on " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void theVolumeReferencesAgree() {
        // The closed-form-free Steiner integration used by 'halo accuracy' against this test's Monte Carlo.
        for (int m = 1; m <= 3; m++) {
            double steiner = ConvexVolumes.ellipsoidPlusBall(12, 8, 9, m) / 1000;
            assertEquals(ELLIPSOID_PTV_CC[m], steiner, 0.003 * steiner);
        }
        assertEquals(4.0 / 3.0 * Math.PI * Math.pow(12, 3), ConvexVolumes.ellipsoidPlusBall(10, 10, 10, 2), 1e-3);
        double oct = ConvexVolumes.ballPlusOctants(10, 2, 1, 3, 1.5, 2.5, 1) / 1000;
        assertEquals(sixCc, oct, 0.003 * oct);
    }

    @Test
    void shrinkAndRingFollowTheSmoothSurface() {
        Random r = new Random(14);
        double[] s = {1.2, 1.2, 3};
        double[] c = new double[3];
        Mask ctv = shape(s, new double[] {10, 10, 10}, 3, r, c);
        SubvoxelResult shrunk = MARGINS.shrink(ctv, new Margin.Uniform(2), null);
        double exact = 4.0 / 3.0 * Math.PI * 512 / 1000;
        assertEquals(exact, shrunk.volumeCc(), 0.03 * exact, "shrink 2 mm");
        SubvoxelResult ring = MARGINS.ring(ctv, new Margin.Uniform(1), new Margin.Uniform(3), null);
        double shell = 4.0 / 3.0 * Math.PI * (13 * 13 * 13 - 11 * 11 * 11) / 1000;
        assertEquals(shell, ring.volumeCc(), 0.04 * shell, "ring 1-3 mm");
    }

    @Test
    void anOutputSpacingResamplesTheResult() {
        Random r = new Random(15);
        double[] s = {1, 1, 3};
        Mask ctv = shape(s, new double[] {10, 10, 10}, 2, r, new double[3]);
        SubvoxelResult res = MARGINS.expand(ctv, new Margin.Uniform(2), new double[] {1, 1, 1});
        assertEquals(1.0, res.grid().spacingMm(2), 0);
        assertEquals(ctv.grid().size(2) * 3, res.grid().size(2));
        double exact = 4.0 / 3.0 * Math.PI * 1728 / 1000;
        assertEquals(exact, res.volumeCc(), 0.02 * exact);
        assertEquals(exact, res.binary().volumeCc(), 0.02 * exact, "1 mm output slices hold the caps");
    }

    @Test
    void unsupportedInputsAreRefusedWithTheReason() {
        Mask ctv = Mask.empty(new Grid(new int[] {10, 10, 10}, new double[] {1, 1, 1}, new double[3],
                new double[] {0.8, -0.6, 0, 0.6, 0.8, 0, 0, 0, 1}));
        ctv.voxels()[555] = 1;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MARGINS.expand(ctv, new Margin.Uniform(2), null))
                .getMessage().contains("axis-aligned"));
        Mask m = Mask.empty(Grid.of(20, 20, 20, 1, 1, 1));
        m.voxels()[m.grid().index(10, 10, 10)] = 1;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MARGINS.expand(m, new Margin.Directional(1, 1, 1, 1, 0, 1), null))
                .getMessage().contains("extent > 0"));
        assertEquals(0, MARGINS.expand(Mask.empty(Grid.of(5, 5, 5, 1, 1, 1)), new Margin.Uniform(2), null).volumeCc());
    }

    /** An axis-aligned ellipsoid at a random sub-voxel position in a grid with room for the margin. */
    private static Mask shape(double[] s, double[] axes, double marginMm, Random r, double[] centreOut) {
        int[] n = new int[3];
        for (int a = 0; a < 3; a++) {
            n[a] = (int) Math.ceil((2 * (axes[a] + marginMm) + 12) / s[a]);
            centreOut[a] = (n[a] - 1) * s[a] / 2 + r.nextDouble() * s[a];
        }
        return MarginAccuracy.ellipsoid(Grid.of(n[0], n[1], n[2], s[0], s[1], s[2]), centreOut, axes);
    }

    /** Length (mm) of the fractional result along the grid column through the centre. */
    private static double superiorInferiorLength(SubvoxelResult res, double[] c, double[] s) {
        int ci = (int) Math.round(c[0] / s[0]), cj = (int) Math.round(c[1] / s[1]);
        double length = 0;
        for (int k = 0; k < res.grid().size(2); k++) length += res.fractionAt(ci, cj, k) * s[2];
        return length;
    }

    /**
     * Volume (mm³) of {x : dist(x, ellipsoid) ≤ m} by Monte Carlo (2·10⁶ seeded points, exact distances); with
     * {@code ball} the roles swap: a ball of radius axes[0] grown by the six-direction element {+x,−x,+y,−y,+z,−z}.
     */
    static double monteCarlo(double[] axes, double m, boolean ball, double[] six) {
        Random r = new Random(99);
        double[] half = new double[3];
        for (int a = 0; a < 3; a++) half[a] = ball ? axes[0] + Math.max(six[2 * a], six[2 * a + 1]) : axes[a] + m;
        int n = 2_000_000, inside = 0;
        for (int i = 0; i < n; i++) {
            double[] q = {(2 * r.nextDouble() - 1) * half[0], (2 * r.nextDouble() - 1) * half[1], (2 * r.nextDouble() - 1) * half[2]};
            boolean in;
            if (ball) {
                // q ∈ B_R ⊕ E  ⟺  dist(q, E) ≤ R, with E's octant taken from the signs of q.
                double[] e = {q[0] >= 0 ? six[0] : six[1], q[1] >= 0 ? six[2] : six[3], q[2] >= 0 ? six[4] : six[5]};
                in = distanceToEllipsoid(q, e) <= axes[0];
            } else {
                in = distanceToEllipsoid(q, axes) <= m;
            }
            if (in) inside++;
        }
        return (double) inside / n * 8 * half[0] * half[1] * half[2];
    }

    /** Euclidean distance from q to the solid ellipsoid with semi-axes e (0 inside), by bisection on the Lagrange parameter. */
    static double distanceToEllipsoid(double[] q, double[] e) {
        double[] y = {Math.abs(q[0]), Math.abs(q[1]), Math.abs(q[2])};
        double g = sq(y[0] / e[0]) + sq(y[1] / e[1]) + sq(y[2] / e[2]);
        if (g <= 1) return 0;
        // Nearest point x_i = e_i² y_i / (t + e_i²) with Σ (x_i/e_i)² = 1, t > 0.
        double lo = 0, hi = Math.sqrt(y[0] * y[0] + y[1] * y[1] + y[2] * y[2]) * Math.max(e[0], Math.max(e[1], e[2])) + 1;
        for (int it = 0; it < 64; it++) {
            double t = 0.5 * (lo + hi), f = 0;
            for (int a = 0; a < 3; a++) f += sq(e[a] * y[a] / (t + e[a] * e[a]));
            if (f > 1) lo = t;
            else hi = t;
        }
        double t = 0.5 * (lo + hi), d = 0;
        for (int a = 0; a < 3; a++) d += sq(y[a] - e[a] * e[a] * y[a] / (t + e[a] * e[a]));
        return Math.sqrt(d);
    }

    private static double sq(double v) {
        return v * v;
    }
}
