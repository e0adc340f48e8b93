package org.halo.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.halo.compute.Backend;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * The accuracy table of voxel-centre against sub-voxel margins: spheres (radius 10 mm) and an ellipsoid (semi-axes
 * 12, 8, 9 mm) at seeded random positions on clinical grids, against exact Minkowski volumes ({@link ConvexVolumes}),
 * and the superior–inferior growth along the axis through the centre against 2·m.
 */
public final class MarginAccuracy {
    /** The grid spacings (mm) the accuracy table covers. */
    public static final double[][] GRIDS_MM = {{1, 1, 1}, {1, 1, 3}, {0.5, 0.5, 2.5}, {1.2, 1.2, 3}};
    /** The uniform margins (mm) the accuracy table covers. */
    public static final double[] MARGINS_MM = {1, 2, 3};

    /** One shape, grid and margin: errors in % of the exact volume (worst over positions) and SI growth error (mm). */
    public record Row(String shape, double[] spacingMm, double marginMm, double voxelCentrePct, double fractionalPct, double binaryPct,
                      double siGrowthErrorMm, double exactCc) {}

    private final Backend backend;

    /** @param backend where the margins run */
    public MarginAccuracy(Backend backend) {
        this.backend = backend;
    }

    /**
     * The accuracy table: every shape, grid and margin, worst over seeded positions.
     *
     * @param positions random placements per row
     * @param seed the seed of the placements
     * @return the rows
     */
    public List<Row> table(int positions, long seed) {
        List<Row> rows = new ArrayList<>();
        double[][] shapes = {{10, 10, 10}, {12, 8, 9}};
        for (double[] axes : shapes) {
            String name = axes[0] == axes[1] && axes[1] == axes[2] ? "sphere r=" + (int) axes[0] : "ellipsoid " + (int) axes[0] + "/" + (int) axes[1] + "/" + (int) axes[2];
            for (double[] s : GRIDS_MM) {
                for (double m : MARGINS_MM) rows.add(row(name, axes, s, m, positions, new Random(seed)));
            }
        }
        return rows;
    }

    /**
     * Worst errors over seeded positions of one ellipsoid (semi-axes mm) with a uniform margin on one grid.
     *
     * @param name the shape's name
     * @param axes semi-axes (mm)
     * @param s grid spacing (mm)
     * @param m the margin (mm)
     * @param positions random placements
     * @param random the placements' source
     * @return the row
     */
    public Row row(String name, double[] axes, double[] s, double m, int positions, Random random) {
        double exact = ConvexVolumes.ellipsoidPlusBall(axes[0], axes[1], axes[2], m) / 1000;
        double vc = 0, fr = 0, bi = 0, si = 0;
        MarginExpander voxelCentre = new MarginExpander(backend);
        SubvoxelMargin subvoxel = new SubvoxelMargin(backend);
        for (int p = 0; p < positions; p++) {
            int[] n = new int[3];
            double[] c = new double[3];
            for (int a = 0; a < 3; a++) {
                n[a] = (int) Math.ceil((2 * (axes[a] + m) + 12) / s[a]);
                c[a] = (n[a] - 1) * s[a] / 2 + random.nextDouble() * s[a];
            }
            Mask ctv = ellipsoid(Grid.of(n[0], n[1], n[2], s[0], s[1], s[2]), c, axes);
            double v = voxelCentre.expand(ctv, new Margin.Uniform(m)).mask().volumeCc();
            SubvoxelResult r = subvoxel.expand(ctv, new Margin.Uniform(m), null);
            int ci = (int) Math.round(c[0] / s[0]), cj = (int) Math.round(c[1] / s[1]);
            double length = 0;
            for (int k = 0; k < n[2]; k++) length += r.fractionAt(ci, cj, k) * s[2];
            vc = worst(vc, 100 * (v - exact) / exact);
            fr = worst(fr, 100 * (r.volumeCc() - exact) / exact);
            bi = worst(bi, 100 * (r.binary().volumeCc() - exact) / exact);
            si = worst(si, length - 2 * axes[2] - 2 * m);
        }
        return new Row(name, s, m, vc, fr, bi, si, exact);
    }

    private static double worst(double a, double b) {
        return Math.abs(b) > Math.abs(a) ? b : a;
    }

    /**
     * The voxels whose centre lies in the axis-aligned ellipsoid (centre in mm from the grid origin).
     *
     * @param g the grid
     * @param c the centre (mm, LPS)
     * @param axes semi-axes (mm)
     * @return the mask
     */
    public static Mask ellipsoid(Grid g, double[] c, double[] axes) {
        Mask m = Mask.empty(g);
        byte[] v = m.voxels();
        for (int k = 0; k < g.size(2); k++) {
            double z = (k * g.spacingMm(2) - c[2]) / axes[2];
            for (int j = 0; j < g.size(1); j++) {
                double y = (j * g.spacingMm(1) - c[1]) / axes[1];
                for (int i = 0; i < g.size(0); i++) {
                    double x = (i * g.spacingMm(0) - c[0]) / axes[0];
                    if (x * x + y * y + z * z <= 1) v[g.index(i, j, k)] = 1;
                }
            }
        }
        return m;
    }
}
