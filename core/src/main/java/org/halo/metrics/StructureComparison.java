package org.halo.metrics;

import java.util.Arrays;
import net.imglib2.Interval;
import net.imglib2.util.Intervals;
import org.halo.compute.Backend;
import org.halo.geometry.DistanceTransform;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;

/**
 * Geometric comparison of two structures on one grid (typically a CTV and its PTV): overlap, surface distances and
 * the margin actually realised in each patient direction.
 *
 * <p>Surfaces are the voxels with at least one face on the other side of the boundary, each weighted by the area of
 * those faces (mm²), so that anisotropic voxels count by the surface they carry. Distances are exact Euclidean
 * distances between such voxel centres (mm). HD95 is the larger of the two directed 95th percentiles (area-weighted);
 * the mean surface distance and surface Dice pool both directions.
 */
public record StructureComparison(double aCc, double bCc, double intersectionCc, double dice, double jaccard,
                                  double hausdorffMm, double hd95Mm, double meanSurfaceDistanceMm, double surfaceDice,
                                  double surfaceDiceToleranceMm, double aOutsideBCc, double aOutsideBPct, RealizedMargin realized) {

    /** Smallest distance (mm) from A's surface to B's surface along each patient direction; NaN when not defined. */
    public record RealizedMargin(double rightMm, double leftMm, double anteriorMm, double posteriorMm, double superiorMm, double inferiorMm,
                                 boolean reachesGridEdge) {
        /** @return right, left, anterior, posterior, superior, inferior (mm) */
        public double[] values() {
            return new double[] {rightMm, leftMm, anteriorMm, posteriorMm, superiorMm, inferiorMm};
        }
    }

    /**
     * @param a the inner structure (the CTV)
     * @param b the outer structure (the PTV), on the same grid
     * @param toleranceMm the surface Dice's tolerance (mm)
     * @param backend where the distance transforms run
     * @return the comparison
     */
    public static StructureComparison compare(Mask a, Mask b, double toleranceMm, Backend backend) {
        Grid g = a.grid();
        if (!g.sameGeometry(b.grid(), 1e-4)) throw new IllegalArgumentException("the two structures lie on different grids; resample one first");
        byte[] x = a.voxels(), y = b.voxels();
        long na = 0, nb = 0, both = 0, aOnly = 0;
        for (int i = 0; i < x.length; i++) {
            na += x[i];
            nb += y[i];
            if (x[i] != 0 && y[i] != 0) both++;
            if (x[i] != 0 && y[i] == 0) aOnly++;
        }
        if (na == 0 || nb == 0) throw new IllegalArgumentException("cannot compare an empty structure");
        double cc = g.voxelVolumeMm3() / 1000.0;
        // Both structures and one voxel around them (their outer faces), within the grid.
        Interval region = Intervals.intersect(Intervals.expand(Intervals.union(a.bounds(), b.bounds()), 1), g.interval());
        int[] box = {(int) region.min(0), (int) region.min(1), (int) region.min(2), (int) region.max(0), (int) region.max(1), (int) region.max(2)};
        Grid sub = crop(g, box);
        byte[] ca = cropVoxels(x, g, box), cb = cropVoxels(y, g, box);
        float[] areaA = faceAreas(ca, sub), areaB = faceAreas(cb, sub);
        float[] toB = distances(areaB, sub, backend), toA = distances(areaA, sub, backend);
        double[][] ab = weighted(areaA, toB), ba = weighted(areaB, toA);
        double hd = Math.max(max(ab[0]), max(ba[0]));
        double hd95 = Math.max(percentile(ab, 95), percentile(ba, 95));
        double wSum = sum(ab[1]) + sum(ba[1]);
        double msd = (dot(ab[0], ab[1]) + dot(ba[0], ba[1])) / wSum;
        double within = withinWeight(ab, toleranceMm) + withinWeight(ba, toleranceMm);
        return new StructureComparison(na * cc, nb * cc, both * cc, 2.0 * both / (na + nb), (double) both / (na + nb - both),
                hd, hd95, msd, within / wSum, toleranceMm, aOnly * cc, 100.0 * aOnly / na, realized(a, b));
    }

    private static Grid crop(Grid g, int[] box) {
        return new Grid(new int[] {box[3] - box[0] + 1, box[4] - box[1] + 1, box[5] - box[2] + 1}, g.spacingMm(),
                g.indexToPatientMm(box[0], box[1], box[2]), g.direction());
    }

    private static byte[] cropVoxels(byte[] v, Grid g, int[] box) {
        int sx = box[3] - box[0] + 1, sy = box[4] - box[1] + 1, sz = box[5] - box[2] + 1;
        byte[] out = new byte[sx * sy * sz];
        for (int k = 0; k < sz; k++) for (int j = 0; j < sy; j++) {
            System.arraycopy(v, g.index(box[0], box[1] + j, box[2] + k), out, sx * (j + sy * k), sx);
        }
        return out;
    }

    /** Exposed face area (mm²) of each structure voxel; 0 for voxels off the surface. The grid edge counts as outside. */
    static float[] faceAreas(byte[] v, Grid g) {
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        double[] s = g.spacingMm();
        double[] face = {s[1] * s[2], s[0] * s[2], s[0] * s[1]};
        float[] out = new float[v.length];
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) {
            int p = i + nx * (j + ny * k);
            if (v[p] == 0) continue;
            double area = 0;
            if (i == 0 || v[p - 1] == 0) area += face[0];
            if (i == nx - 1 || v[p + 1] == 0) area += face[0];
            if (j == 0 || v[p - nx] == 0) area += face[1];
            if (j == ny - 1 || v[p + nx] == 0) area += face[1];
            if (k == 0 || v[p - nx * ny] == 0) area += face[2];
            if (k == nz - 1 || v[p + nx * ny] == 0) area += face[2];
            out[p] = (float) area;
        }
        return out;
    }

    private static float[] distances(float[] surfaceArea, Grid g, Backend backend) {
        byte[] sites = new byte[surfaceArea.length];
        for (int i = 0; i < sites.length; i++) sites[i] = surfaceArea[i] > 0 ? (byte) 1 : 0;
        Volume d = new DistanceTransform(backend).outside(Mask.wrap(g, sites));
        return ((net.imglib2.img.basictypeaccess.array.FloatArray) d.image().update(null)).getCurrentStorageArray();
    }

    /** {distances, weights} of the surface voxels of one structure to the other's surface. */
    private static double[][] weighted(float[] area, float[] distanceToOther) {
        int n = 0;
        for (float a : area) if (a > 0) n++;
        double[] d = new double[n], w = new double[n];
        int c = 0;
        for (int i = 0; i < area.length; i++) {
            if (area[i] > 0) {
                d[c] = distanceToOther[i];
                w[c++] = area[i];
            }
        }
        return new double[][] {d, w};
    }

    /** Area-weighted percentile: the smallest distance below which at least p % of the surface lies. */
    static double percentile(double[][] dw, double p) {
        Integer[] order = new Integer[dw[0].length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Double.compare(dw[0][i], dw[0][j]));
        double total = sum(dw[1]), acc = 0;
        for (int i : order) {
            acc += dw[1][i];
            if (acc >= p / 100.0 * total - 1e-12) return dw[0][i];
        }
        return dw[0][order[order.length - 1]];
    }

    private static double withinWeight(double[][] dw, double tol) {
        double s = 0;
        for (int i = 0; i < dw[0].length; i++) if (dw[0][i] <= tol + 1e-9) s += dw[1][i];
        return s;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /**
     * For every face of A that looks in a given patient direction and lies on A's surface, the run of B voxels that
     * continues beyond it; the smallest run × spacing is the margin realised that way. Needs patient-aligned axes.
     */
    static RealizedMargin realized(Mask a, Mask b) {
        Grid g = a.grid();
        if (!g.isAxisAligned()) return new RealizedMargin(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, false);
        double[] out = new double[6]; // R, L, A, P, S, I
        boolean edge = false;
        int[][] dirs = {{0, -1}, {0, 1}, {1, -1}, {1, 1}, {2, 1}, {2, -1}}; // R, L, A, P, S, I as (patient axis, sign)
        for (int d = 0; d < 6; d++) {
            int r = dirs[d][0], sign = dirs[d][1];
            int axis = -1;
            for (int ax = 0; ax < 3; ax++) if (g.patientAxisOf(ax) == r) axis = ax;
            int step = sign * g.patientAxisSign(axis); // +1 or −1 in grid index along `axis`
            double[] res = runs(a.voxels(), b.voxels(), g, axis, step);
            out[d] = res[0] * g.spacingMm(axis);
            edge |= res[1] > 0;
        }
        return new RealizedMargin(out[0], out[1], out[2], out[3], out[4], out[5], edge);
    }

    /** {smallest run of B beyond A's faces looking along step on axis, 1 if some run hit the grid edge}. */
    private static double[] runs(byte[] a, byte[] b, Grid g, int axis, int step) {
        int[] n = g.size();
        int stride = axis == 0 ? 1 : axis == 1 ? n[0] : n[0] * n[1];
        int best = Integer.MAX_VALUE;
        boolean edge = false;
        Interval box = Mask.wrap(g, a).bounds();
        for (int k = (int) box.min(2); k <= box.max(2); k++) for (int j = (int) box.min(1); j <= box.max(1); j++) for (int i = (int) box.min(0); i <= box.max(0); i++) {
            int p = i + n[0] * (j + n[1] * k);
            if (a[p] == 0) continue;
            int pos = axis == 0 ? i : axis == 1 ? j : k;
            int next = pos + step;
            if (next >= 0 && next < n[axis] && a[p + step * stride] != 0) continue; // not a face in this direction
            int run = 0;
            int q = p, at = pos;
            while (true) {
                int nAt = at + step;
                if (nAt < 0 || nAt >= n[axis]) { edge = true; break; }
                q += step * stride;
                at = nAt;
                if (b[q] == 0) break;
                run++;
            }
            if (run < best) best = run;
        }
        return new double[] {best == Integer.MAX_VALUE ? Double.NaN : best, edge ? 1 : 0};
    }
}
