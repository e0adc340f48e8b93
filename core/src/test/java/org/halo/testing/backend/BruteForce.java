package org.halo.testing.backend;

import org.halo.geometry.MarginExpander;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * The independent oracle: every voxel against every site, in patient coordinates and double precision. It shares no
 * code with the separable engine: no weights, no passes, no grid-axis mapping.
 */
public final class BruteForce {
    private BruteForce() {}

    /** Extents toward +x (left), −x (right), +y (posterior), −y (anterior), +z (superior), −z (inferior). */
    public static double normalisedCost(double[] dPatientMm, double[] extents) {
        double sum = 0;
        for (int r = 0; r < 3; r++) {
            double d = dPatientMm[r];
            if (Math.abs(d) < 1e-9) continue;
            double m = d > 0 ? extents[2 * r] : extents[2 * r + 1];
            if (m <= 0) return Double.POSITIVE_INFINITY;
            sum += (d / m) * (d / m);
        }
        return sum;
    }

    public static double[][] centres(Grid g) {
        double[][] c = new double[g.voxelCount()][];
        for (int k = 0; k < g.size(2); k++)
            for (int j = 0; j < g.size(1); j++)
                for (int i = 0; i < g.size(0); i++) c[g.index(i, j, k)] = g.indexToPatientMm(i, j, k);
        return c;
    }

    /** Voxels whose centre lies within the margin (extents) of some voxel with value {@code site}. */
    public static byte[] within(Mask mask, double[] extents, int site) {
        Grid g = mask.grid();
        double[][] c = centres(g);
        byte[] m = mask.voxels();
        byte[] out = new byte[m.length];
        for (int v = 0; v < m.length; v++) {
            for (int q = 0; q < m.length; q++) {
                if (m[q] != site) continue;
                double[] d = {c[v][0] - c[q][0], c[v][1] - c[q][1], c[v][2] - c[q][2]};
                if (normalisedCost(d, extents) <= 1 + MarginExpander.TIE_TOLERANCE) {
                    out[v] = 1;
                    break;
                }
            }
        }
        return out;
    }

    public static byte[] expand(Mask ctv, double[] extents) {
        return within(ctv, extents, 1);
    }

    /** CTV voxels farther than the (mirrored) margin from every non-CTV voxel. */
    public static byte[] shrink(Mask ctv, double[] extents) {
        double[] mirrored = {extents[1], extents[0], extents[3], extents[2], extents[5], extents[4]};
        byte[] near = within(ctv, mirrored, 0);
        byte[] m = ctv.voxels();
        byte[] out = new byte[m.length];
        for (int i = 0; i < m.length; i++) out[i] = (byte) (m[i] != 0 && near[i] == 0 ? 1 : 0);
        return out;
    }

    /** Euclidean distance in mm to the nearest voxel centre with value {@code site}; +∞ if none. */
    public static double[] distance(Mask mask, int site) {
        Grid g = mask.grid();
        double[][] c = centres(g);
        byte[] m = mask.voxels();
        double[] out = new double[m.length];
        for (int v = 0; v < m.length; v++) {
            double best = Double.POSITIVE_INFINITY;
            for (int q = 0; q < m.length; q++) {
                if (m[q] != site) continue;
                double dx = c[v][0] - c[q][0], dy = c[v][1] - c[q][1], dz = c[v][2] - c[q][2];
                best = Math.min(best, dx * dx + dy * dy + dz * dz);
            }
            out[v] = Math.sqrt(best);
        }
        return out;
    }
}
