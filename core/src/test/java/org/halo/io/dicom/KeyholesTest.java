package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;

/**
 * Holes joined by zero-width cuts: one polygon per connected region, each cut between two rows of voxel centres, and
 * the voxel centres inside come out the same whether a reader combines a slice's polygons even–odd (Halo, most planning
 * systems) or takes their union (plastimatch 1.9.4), on rings, a cavity with an island inside, many holes side by side
 * and random masks full of holes, islands and diagonal contacts.
 */
class KeyholesTest {
    static final Grid GRID = new Grid(new int[] {40, 36, 1}, new double[] {1, 1, 1}, new double[] {0, 0, 0}, Grid.identity());

    /** A slice of the grid from a predicate on (i, j). */
    static Mask slice(Grid g, java.util.function.BiPredicate<Integer, Integer> inside) {
        Mask m = Mask.empty(g);
        for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) if (inside.test(i, j)) m.voxels()[g.index(i, j, 0)] = 1;
        return m;
    }

    static Mask ring(Grid g, double cx, double cy, double inner, double outer) {
        return slice(g, (i, j) -> {
            double r = Math.hypot(i - cx, j - cy);
            return r <= outer && r > inner;
        });
    }

    /** Voxel centres inside the polygons of slice 0 in index coordinates: even–odd over all of them, or the union of each alone. */
    static byte[] centres(Grid g, List<double[]> polygons, boolean union) {
        byte[] out = new byte[g.size(0) * g.size(1)];
        for (int j = 0; j < g.size(1); j++) for (int i = 0; i < g.size(0); i++) {
            int count = 0;
            boolean any = false;
            for (double[] p : polygons) {
                boolean in = evenOdd(p, i, j);
                if (in) count++;
                any |= in;
            }
            out[i + g.size(0) * j] = (byte) ((union ? any : count % 2 == 1) ? 1 : 0);
        }
        return out;
    }

    static boolean evenOdd(double[] p, double x, double y) {
        int n = p.length / 2;
        boolean in = false;
        for (int a = 0, b = n - 1; a < n; b = a++) {
            double ya = p[2 * a + 1], yb = p[2 * b + 1];
            if ((ya > y) != (yb > y)) {
                double xc = p[2 * a] + (y - ya) * (p[2 * b] - p[2 * a]) / (yb - ya);
                if (x < xc) in = !in;
            }
        }
        return in;
    }

    static List<double[]> indexPolygons(Grid g, List<ContourTracer.Polygon> traced) {
        List<double[]> out = new ArrayList<>();
        for (ContourTracer.Polygon p : traced) {
            double[] xy = new double[2 * p.points()];
            for (int v = 0; v < p.points(); v++) {
                double[] idx = g.patientMmToIndex(p.pointsMm()[3 * v], p.pointsMm()[3 * v + 1], p.pointsMm()[3 * v + 2]);
                xy[2 * v] = idx[0];
                xy[2 * v + 1] = idx[1];
            }
            out.add(xy);
        }
        return out;
    }

    /** Checks both readers against the mask and returns the keyhole polygons. */
    static List<double[]> check(Mask m) {
        Grid g = m.grid();
        List<double[]> keyholes = indexPolygons(g, ContourTracer.trace(m, ContourTracer.Holes.KEYHOLE, 0));
        byte[] expected = java.util.Arrays.copyOf(m.voxels(), g.size(0) * g.size(1));
        assertArrayEquals(expected, centres(g, keyholes, false), "even-odd reader");
        assertArrayEquals(expected, centres(g, keyholes, true), "union reader");
        for (double[] p : keyholes) assertTrue(Keyholes.signedArea(p) > 0, "every joined outline runs counter-clockwise");
        return keyholes;
    }

    @Test
    void aRingIsOnePolygonWhoseCutRunsBetweenRowsOfVoxelCentres() {
        Mask m = ring(GRID, 19.3, 17.6, 6.2, 11.4);
        List<double[]> separate = indexPolygons(GRID, ContourTracer.trace(m));
        assertEquals(2, separate.size());
        assertTrue(!java.util.Arrays.equals(java.util.Arrays.copyOf(m.voxels(), 40 * 36), centres(GRID, separate, true)),
                "the separate form's hole is filled by a union reader: the reason for keyholes");
        List<double[]> keyholes = check(m);
        assertEquals(1, keyholes.size());
        // The cut: two coincident horizontal edges at y = j + 1/2.
        double[] p = keyholes.get(0);
        int n = p.length / 2, cuts = 0;
        for (int a = 0; a < n; a++) {
            int b = (a + 1) % n;
            for (int c = 0; c < n; c++) {
                int d = (c + 1) % n;
                if (p[2 * a] == p[2 * d] && p[2 * a + 1] == p[2 * d + 1] && p[2 * b] == p[2 * c] && p[2 * b + 1] == p[2 * c + 1] && a != c) {
                    cuts++;
                    assertEquals(p[2 * a + 1], p[2 * b + 1], "the cut is horizontal");
                    assertEquals(0.5, p[2 * a + 1] - Math.floor(p[2 * a + 1]), "halfway between rows of voxel centres");
                }
            }
        }
        assertEquals(2, cuts, "one cut, two coincident edges");
    }

    @Test
    void aCavityWithAnIslandManyHolesAndSingleVoxelHoles() {
        Mask cavity = ring(GRID, 19.5, 17.5, 8.3, 15.2);
        Mask island = ring(GRID, 19.5, 17.5, -1, 3.1);
        for (int i = 0; i < cavity.voxels().length; i++) cavity.voxels()[i] |= island.voxels()[i];
        assertEquals(2, check(cavity).size(), "the ring with its hole, and the island inside the hole");

        Mask sieve = slice(GRID, (i, j) -> i > 2 && i < 37 && j > 2 && j < 33 && !(i % 4 == 0 && j % 3 == 0));
        assertEquals(1, check(sieve).size(), "a plate with dozens of single-voxel holes in rows and columns");

        Mask diagonal = slice(GRID, (i, j) -> i > 2 && i < 30 && j > 2 && j < 30 && !((i + j) % 5 == 0 && i % 2 == 0));
        check(diagonal);
        Mask c = slice(GRID, (i, j) -> {
            double r = Math.hypot(i - 18, j - 18);
            return r > 6 && r < 12 && !(i > 18 && Math.abs(j - 18) < 3);
        });
        assertEquals(1, check(c).size(), "a C shape has no hole to join");
    }

    @Test
    void randomMasksFullOfHolesAndIslandsReadTheSameByBothRules() {
        Random rnd = new Random(20261207L);
        for (int trial = 0; trial < 200; trial++) {
            double density = 0.45 + 0.35 * rnd.nextDouble();
            boolean[] cells = new boolean[40 * 36];
            for (int i = 0; i < cells.length; i++) cells[i] = rnd.nextDouble() < density;
            Mask m = slice(GRID, (i, j) -> i > 0 && j > 0 && i < 39 && j < 35 && cells[i + 40 * j]);
            List<double[]> keyholes = check(m);
            assertTrue(keyholes.size() <= ContourTracer.trace(m).size(), "never more polygons than outlines");
        }
    }

    @Test
    void aFractionMapsHolesJoinToo() {
        Grid g = new Grid(new int[] {40, 36, 1}, new double[] {0.8, 0.8, 1}, new double[] {-3, 4, 2}, Grid.identity());
        double[] f = new double[40 * 36];
        for (int j = 0; j < 36; j++) for (int i = 0; i < 40; i++) {
            double r = Math.hypot(i - 19.3, j - 17.2);
            f[i + 40 * j] = Math.max(0, Math.min(1, Math.min(r - 5.6, 12.4 - r) + 0.5));
        }
        List<ContourTracer.Polygon> keyholes = ContourTracer.trace(g, i -> f[i], 0.5, ContourTracer.Holes.KEYHOLE, 0);
        List<ContourTracer.Polygon> separate = ContourTracer.trace(g, i -> f[i], 0.5);
        assertEquals(1, keyholes.size());
        assertEquals(2, separate.size());
        double a = 0, b = 0;
        for (double[] p : indexPolygons(g, keyholes)) a += Keyholes.signedArea(p);
        for (double[] p : indexPolygons(g, separate)) b += Keyholes.signedArea(p);
        assertEquals(b, a, 1e-9, "the joined outline encloses the same area");
        assertEquals(Math.PI * (12.4 * 12.4 - 5.6 * 5.6), a, 0.02 * a);
    }
}
