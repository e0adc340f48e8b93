package org.halo.testing.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.halo.compute.Backend;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.geometry.MarginResult;
import org.halo.geometry.DistanceTransform;
import org.halo.geometry.MaskAlgebra;
import org.halo.geometry.SubvoxelMargin;
import org.halo.geometry.SubvoxelResult;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every distance and margin test, written once against the {@link Backend} seam. Each backend (CPU here, OpenCL in
 * its module) runs the whole suite by extending this class.
 */
public abstract class BackendContractTest {
    protected abstract Backend backend();

    private MarginExpander margins() {
        return new MarginExpander(backend());
    }

    private DistanceTransform distances() {
        return new DistanceTransform(backend());
    }

    /** Random small grids: anisotropic spacing, permuted and flipped axes, sparse or blobby masks. */
    static Stream<Arguments> randomCases() {
        Random r = new Random(20261126L);
        Stream.Builder<Arguments> b = Stream.builder();
        double[][] directions = {
            Grid.identity(),
            {-1, 0, 0, 0, -1, 0, 0, 0, 1},   // RAS-like flip of x and y
            {0, 0, 1, 1, 0, 0, 0, 1, 0},     // axes permuted: i→y, j→z, k→x
            {1, 0, 0, 0, 0, -1, 0, 1, 0},    // sagittal-style: j→z, k→-y
        };
        for (int c = 0; c < 16; c++) {
            int nx = 6 + r.nextInt(9), ny = 5 + r.nextInt(9), nz = 3 + r.nextInt(7);
            double[] sp = {0.4 + r.nextDouble() * 1.6, 0.4 + r.nextDouble() * 1.6, 0.5 + r.nextDouble() * 3.0};
            if (c % 4 == 0) sp = new double[] {1.2, 0.683594, 3.0};
            Grid g = new Grid(new int[] {nx, ny, nz}, sp, new double[] {r.nextDouble() * 10 - 5, 3, -7}, directions[c % directions.length]);
            byte[] m = new byte[g.voxelCount()];
            double density = c % 3 == 0 ? 0.02 : 0.15;
            for (int i = 0; i < m.length; i++) m[i] = r.nextDouble() < density ? (byte) 1 : 0;
            m[r.nextInt(m.length)] = 1;
            double[] ext = new double[6];
            for (int e = 0; e < 6; e++) ext[e] = c % 5 == 4 && e % 2 == 0 ? 0.0 : 0.5 + r.nextDouble() * 4.0;
            b.add(Arguments.of(c, Mask.wrap(g, m), ext));
        }
        return b.build();
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("randomCases")
    void directionalExpansionMatchesBruteForce(int id, Mask ctv, double[] ext) {
        Margin m = new Margin.Directional(ext[1], ext[0], ext[3], ext[2], ext[4], ext[5]);
        byte[] expected = BruteForce.expand(ctv, ext);
        assertArrayEquals(expected, margins().expand(ctv, m).mask().voxels());
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("randomCases")
    void perAxisExpansionMatchesBruteForce(int id, Mask ctv, double[] ext) {
        Margin m = new Margin.PerAxis(ext[0], ext[2], ext[4]);
        double[] sym = {ext[0], ext[0], ext[2], ext[2], ext[4], ext[4]};
        assertArrayEquals(BruteForce.expand(ctv, sym), margins().expand(ctv, m).mask().voxels());
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("randomCases")
    void uniformExpansionMatchesBruteForce(int id, Mask ctv, double[] ext) {
        double mm = ext[1];
        double[] all = {mm, mm, mm, mm, mm, mm};
        assertArrayEquals(BruteForce.expand(ctv, all), margins().expand(ctv, new Margin.Uniform(mm)).mask().voxels());
    }

    /** Expanding in place (the CTV's mask becomes the PTV) gives the brute-force expansion too, six-direction margins included. */
    @ParameterizedTest(name = "case {0}")
    @MethodSource("randomCases")
    void expansionInPlaceMatchesBruteForce(int id, Mask ctv, double[] ext) {
        byte[] expected = BruteForce.expand(ctv, ext);
        Mask work = Mask.wrap(ctv.grid(), ctv.voxels().clone());
        Margin m = new Margin.Directional(ext[1], ext[0], ext[3], ext[2], ext[4], ext[5]);
        MarginResult r = margins().expandInPlace(work, m);
        assertTrue(r.mask() == work, "the result is the input mask");
        assertArrayEquals(expected, work.voxels());
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("randomCases")
    void shrinkMatchesBruteForce(int id, Mask ctv, double[] ext) {
        // Shrink a blob (the expanded random mask) so that the result is not trivially empty.
        Mask blob = margins().expand(ctv, new Margin.Uniform(3.0)).mask();
        Margin m = new Margin.Directional(ext[1], ext[0], ext[3], ext[2], ext[4], ext[5]);
        assertArrayEquals(BruteForce.shrink(blob, ext), margins().shrink(blob, m).mask().voxels());
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("randomCases")
    void ringMatchesBruteForce(int id, Mask ctv, double[] ext) {
        double inner = ext[1] * 0.5, outer = ext[1] + 1.0;
        byte[] big = BruteForce.expand(ctv, new double[] {outer, outer, outer, outer, outer, outer});
        byte[] small = BruteForce.expand(ctv, new double[] {inner, inner, inner, inner, inner, inner});
        byte[] expected = new byte[big.length];
        for (int i = 0; i < big.length; i++) expected[i] = (byte) (big[i] == 1 && small[i] == 0 ? 1 : 0);
        MarginResult ring = margins().ring(ctv, new Margin.Uniform(inner), new Margin.Uniform(outer));
        assertArrayEquals(expected, ring.mask().voxels());
    }

    @ParameterizedTest(name = "case {0}")
    @MethodSource("randomCases")
    void distancesMatchBruteForce(int id, Mask ctv, double[] ext) {
        double[] outside = BruteForce.distance(ctv, 1);
        double[] inside = BruteForce.distance(ctv, 0);
        float[] gotOut = values(distances().outside(ctv));
        float[] gotIn = values(distances().inside(ctv));
        float[] gotSigned = values(distances().signed(ctv));
        for (int i = 0; i < outside.length; i++) {
            assertEquals(outside[i], gotOut[i], 1e-5 * Math.max(1, outside[i]), "outside distance at voxel " + i);
            assertEquals(inside[i], gotIn[i], 1e-5 * Math.max(1, inside[i]), "inside distance at voxel " + i);
            assertEquals(outside[i] - inside[i], gotSigned[i], 1e-5 * Math.max(1, Math.abs(outside[i] - inside[i])), "signed at " + i);
        }
    }

    @Test
    void axisOrderIsRespectedOnAnisotropicGrid() {
        // 0.5 × 0.5 × 3 mm, one voxel off centre: distances along each axis scale with that axis's spacing.
        Grid g = Grid.of(20, 16, 9, 0.5, 0.5, 3.0);
        Mask m = Mask.empty(g);
        m.voxels()[g.index(3, 11, 6)] = 1;
        float[] d = values(distances().outside(m));
        assertEquals(0.0f, d[g.index(3, 11, 6)]);
        assertEquals(2.0f, d[g.index(7, 11, 6)], 1e-6);   // 4 voxels × 0.5 mm in x
        assertEquals(1.5f, d[g.index(3, 8, 6)], 1e-6);    // 3 voxels × 0.5 mm in y
        assertEquals(6.0f, d[g.index(3, 11, 4)], 1e-6);   // 2 voxels × 3 mm in z
        assertEquals(Math.sqrt(1.0 + 9.0), d[g.index(5, 11, 5)], 1e-6);
        // A 3 mm margin reaches one slice in z but six voxels in x.
        byte[] ptv = margins().expand(m, new Margin.Uniform(3.0)).mask().voxels();
        assertEquals(1, ptv[g.index(3, 11, 5)]);
        assertEquals(0, ptv[g.index(3, 11, 4)]);
        assertEquals(1, ptv[g.index(9, 11, 6)]);
        assertEquals(0, ptv[g.index(10, 11, 6)]);
    }

    @Test
    void tieAtExactlyTheMarginIsInsideWithNonDyadicSpacing() {
        // 5 × 1.2 mm = 6 mm, but (5·1.2)² > 36 in double: the voxel must still be in the 6 mm PTV.
        Grid g = Grid.of(13, 13, 13, 1.2, 1.2, 1.2);
        Mask m = Mask.empty(g);
        m.voxels()[g.index(6, 6, 6)] = 1;
        byte[] ptv = margins().expand(m, new Margin.Uniform(6.0)).mask().voxels();
        assertEquals(1, ptv[g.index(11, 6, 6)]);
        assertEquals(1, ptv[g.index(1, 6, 6)]);
        assertEquals(1, ptv[g.index(6, 6, 11)]);
        assertEquals(0, ptv[g.index(12, 6, 6)]);
        // (3,4,0) voxels = 6 mm as well: a Pythagorean tie.
        assertEquals(1, ptv[g.index(9, 10, 6)]);
    }

    @Test
    void singleVoxelGrowsIntoTheDigitalBall() {
        Grid g = Grid.of(11, 11, 11, 1, 1, 1);
        Mask m = Mask.empty(g);
        m.voxels()[g.index(5, 5, 5)] = 1;
        Mask ptv = margins().expand(m, new Margin.Uniform(2.0)).mask();
        // Lattice points with i²+j²+k² ≤ 4: 1 + 6 + 12 + 8 + 6 = 33.
        assertEquals(33, ptv.count());
        assertEquals(1, margins().expand(m, new Margin.Uniform(0.0)).mask().count());
        // Shrink: the nearest outside centre is 1 mm away, so 0.5 mm keeps the voxel and 1 mm (a tie) removes it.
        assertEquals(1, margins().shrink(m, new Margin.Uniform(0.5)).mask().count());
        assertEquals(0, margins().shrink(m, new Margin.Uniform(1.0)).mask().count());
    }

    @Test
    void ctvTouchingTheGridEdgeIsReportedAndCut() {
        Grid g = Grid.of(10, 10, 10, 1, 1, 2);
        Mask m = Mask.empty(g);
        m.voxels()[g.index(0, 5, 9)] = 1;
        MarginResult r = margins().expand(m, new Margin.Uniform(3.0));
        assertEquals(2, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("right side by up to 3.00 mm")), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("superior side by up to 3.00 mm")), r.warnings().toString());
        assertArrayEquals(BruteForce.expand(m, new double[] {3, 3, 3, 3, 3, 3}), r.mask().voxels());
        // A structure well inside the grid gives no warning.
        Mask inner = Mask.empty(g);
        inner.voxels()[g.index(5, 5, 5)] = 1;
        assertTrue(margins().expand(inner, new Margin.Uniform(3.0)).warnings().isEmpty());
    }

    @Test
    void emptyMaskGivesEmptyResultsAndInfiniteDistances() {
        Grid g = Grid.of(7, 6, 5, 0.7, 0.9, 2.5);
        Mask m = Mask.empty(g);
        MarginResult r = margins().expand(m, new Margin.Uniform(5));
        assertTrue(r.mask().isEmpty());
        assertFalse(r.warnings().isEmpty());
        assertTrue(margins().shrink(m, new Margin.Uniform(5)).mask().isEmpty());
        for (float v : values(distances().outside(m))) assertEquals(Float.POSITIVE_INFINITY, v);
        for (float v : values(distances().inside(m))) assertEquals(0f, v);
        // A structure that fills the grid: nothing outside to measure to.
        byte[] full = new byte[g.voxelCount()];
        java.util.Arrays.fill(full, (byte) 1);
        for (float v : values(distances().inside(Mask.wrap(g, full)))) assertEquals(Float.POSITIVE_INFINITY, v);
        assertEquals(g.voxelCount(), margins().shrink(Mask.wrap(g, full), new Margin.Uniform(2)).mask().count());
    }

    @Test
    void directionalMarginIsRefusedOnObliqueGrid() {
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        Grid g = new Grid(new int[] {5, 5, 5}, new double[] {1, 1, 1}, new double[3], new double[] {c, -s, 0, s, c, 0, 0, 0, 1});
        Mask m = Mask.empty(g);
        m.voxels()[g.index(2, 2, 2)] = 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> margins().expand(m, new Margin.Directional(1, 2, 3, 4, 5, 6)));
        assertTrue(e.getMessage().contains("oblique"), e.getMessage());
        // Uniform margins are rotation-invariant and allowed.
        assertArrayEquals(BruteForce.expand(m, new double[] {1.5, 1.5, 1.5, 1.5, 1.5, 1.5}),
                margins().expand(m, new Margin.Uniform(1.5)).mask().voxels());
    }

    static float[] values(Volume v) {
        return ((net.imglib2.img.basictypeaccess.array.FloatArray) v.image().update(null)).getCurrentStorageArray();
    }

    /** Sites with starting costs (the generalised transform behind sub-voxel margins) against brute force. */
    @Test
    void siteCostsMatchBruteForce() {
        Random r = new Random(7);
        int nx = 13, ny = 9, nz = 7;
        float[] costs = new float[nx * ny * nz];
        for (int i = 0; i < costs.length; i++) costs[i] = r.nextInt(5) == 0 ? (float) (r.nextDouble() * 3) : Float.POSITIVE_INFINITY;
        double[] wPos = {0.3, 1.7, 0.9}, wNeg = {0.8, 0.4, 2.5};
        org.halo.compute.CostProblem p = org.halo.compute.CostProblem.withSiteCosts(costs, nx, ny, nz,
                org.halo.compute.Box.whole(nx, ny, nz), wPos, wNeg);
        float[] got = backend().minimumCost(p);
        byte[] within = backend().withinCost(p, 2.0);
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
                float c = costs[i + nx * (j + ny * k)];
                if (c == Float.POSITIVE_INFINITY) continue;
                double v = c + part(x - i, wPos[0], wNeg[0]) + part(y - j, wPos[1], wNeg[1]) + part(z - k, wPos[2], wNeg[2]);
                best = Math.min(best, v);
            }
            int o = x + nx * (y + ny * z);
            assertEquals(best, got[o], 1e-4 * (1 + best), "cost at " + x + "," + y + "," + z);
            if (Math.abs(best - 2.0) > 1e-4) assertEquals(best <= 2.0 ? 1 : 0, within[o], "threshold at " + x + "," + y + "," + z);
        }
    }

    /**
     * Marking a band straight into a grid-sized mask: the band's voxels become 1, all others keep their value, for a box
     * whose rows start off byte boundaries, for one, two and three moving axes, and for a box large enough to be
     * handled in parallel.
     */
    @Test
    void markCostBandSetsTheBandAndKeepsEverythingElse() {
        Random r = new Random(11);
        int[][] sizes = {{37, 23, 11}, {130, 97, 90}};
        double[][][] weights = {
            {{0.2, 0.5, 0.1}, {0.3, 0.4, 0.05}},
            {{0.2, Double.POSITIVE_INFINITY, 0.1}, {0.3, Double.POSITIVE_INFINITY, 0.1}},
            {{0.2, 0.3, Double.POSITIVE_INFINITY}, {0.3, 0.3, Double.POSITIVE_INFINITY}},
            {{0.2, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, {0.25, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}},
        };
        for (int[] n : sizes) {
            int nx = n[0], ny = n[1], nz = n[2];
            byte[] sites = new byte[nx * ny * nz];
            for (int i = 0; i < sites.length; i++) sites[i] = r.nextInt(300) == 0 ? (byte) 1 : 0;
            org.halo.compute.Box box = new org.halo.compute.Box(3, 2, 1, nx - 2, ny - 1, nz - 1);
            for (double[][] w : weights) {
                org.halo.compute.CostProblem p = new org.halo.compute.CostProblem(sites, nx, ny, nz, box, (byte) 1, w[0], w[1], 1.0 + 1e-6);
                byte[] band = backend().withinCostBand(p, 0.25, 1.0);
                byte[] grid = new byte[sites.length];
                for (int i = 0; i < grid.length; i++) grid[i] = r.nextInt(7) == 0 ? (byte) 1 : 0;
                byte[] expected = grid.clone();
                int b = 0;
                for (int k = box.z0(); k < box.z1(); k++) for (int j = box.y0(); j < box.y1(); j++) for (int i = box.x0(); i < box.x1(); i++) {
                    if (band[b++] != 0) expected[i + nx * (j + ny * k)] = 1;
                }
                backend().markCostBand(p, 0.25, 1.0, grid);
                assertArrayEquals(expected, grid, nx + "x" + ny + "x" + nz + " weights " + java.util.Arrays.deepToString(w));
            }
        }
    }

    private static double part(int delta, double wPos, double wNeg) {
        return delta > 0 ? wPos * delta * delta : wNeg * delta * delta;
    }

    /** A sub-voxel margin on this backend: a 2 mm margin around a 10 mm sphere on 1 × 1 × 3 mm within 2 % of exact. */
    @Test
    void subvoxelMarginGrowsBySubVoxelAmounts() {
        Mask ctv = Mask.empty(Grid.of(40, 40, 14, 1, 1, 3));
        org.halo.image.Phantoms.addSphere(ctv, 19.7, 20.2, 20.6, 10);
        SubvoxelResult r = new SubvoxelMargin(backend()).expand(ctv, new Margin.Uniform(2), null);
        double exact = 4.0 / 3.0 * Math.PI * 12 * 12 * 12 / 1000;
        assertEquals(exact, r.volumeCc(), 0.02 * exact);
    }
}
