package org.halo.clinical.miss;

import java.util.Arrays;
import org.halo.image.Grid;

/**
 * The points the scenario kernel evaluates, in lattice coordinates (docs/clinical.md, "Evaluation points").
 * <ul>
 *   <li>Volume points come in cells, ordered by their smallest threshold. A cell's entries (position, integer weight,
 *       threshold) are sorted by threshold:
 *       the delineation offset δ from which the entry belongs to the true CTV {signed distance ≤ δ}. In a scenario,
 *       the entries of a cell with threshold ≤ δ are included, each evaluated as its own point: an under-dosed cap
 *       of any depth meets bands of its own depth. Per entry, the prefix of its cell up to it has a weight, a skip
 *       radius (the least of its entries') and a distance from the isocentre (the largest): when no move reaches the
 *       prefix's skip radius, every entry of the prefix gets dose 1 and the kernels count them at once.
 *   <li>Surface points (weight 0) sample the contoured surface; in a scenario each moves by δ along its normal
 *       (lattice units per mm), so the minimum dose is taken over the true surface.
 * </ul>
 * Per point, a skip radius (mm: a move shorter than it keeps the dose exactly 1 for analytic doses) and its distance
 * from the isocentre (mm, rounded up).
 */
public record EvaluationPoints(
        int[] cellStart, float[] xyz, int[] weight, float[] threshold, float[] skipMm, float[] radiusMm,
        int[] prefixWeight, float[] prefixSkipMm, float[] prefixRadiusMm,
        float[] surfaceXyz, float[] surfaceNormal, float[] surfaceSkipMm, float[] surfaceRadiusMm, float[] surfaceBiasMm,
        double weightMm3, float[] sortedThresholds, long[] cumulativeWeight) {

    /** {@return the lattice cells that hold points} */
    public int cells() {
        return cellStart.length - 1;
    }

    /** {@return the depth-band entries} */
    public int entries() {
        return weight.length;
    }

    /** {@return the surface points} */
    public int surfaceCount() {
        return surfaceXyz.length / 3;
    }

    /**
     * The total weight of the true CTV at delineation offset δ (mm).
     *
     * @param deltaMm the offset (mm)
     * @return the weight
     */
    public long weightAt(double deltaMm) {
        int lo = 0, hi = sortedThresholds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedThresholds[mid] <= deltaMm) lo = mid + 1;
            else hi = mid;
        }
        return cumulativeWeight[lo];
    }

    /**
     * Completes the arrays from the cells' entries (sorted by threshold within each cell) and the surface samples: the
     * cell prefixes, skip radii (from the lattice's skip field; null for imported doses) and distances from the
     * isocentre.
     */
    static EvaluationPoints of(int[] cellStart0, float[] xyz0, int[] weight0, float[] threshold0, float[] surfaceXyz, float[] surfaceNormal,
                               float[] surfaceBias, Grid lattice, float[] skipField, double[] isocentreMm, double weightMm3) {
        // Cells in order of their first (smallest) threshold: a scenario's cells are then a prefix, and the kernels stop
        // at the first cell its true CTV does not reach.
        int cells = cellStart0.length - 1, n = weight0.length;
        long[] cellOrder = new long[cells];
        for (int c = 0; c < cells; c++) cellOrder[c] = (sortKey(threshold0[cellStart0[c]]) - 0x80000000L) << 32 | c;
        Arrays.sort(cellOrder);
        int[] cellStart = new int[cells + 1], weight = new int[n];
        float[] xyz = new float[3 * n], threshold = new float[n];
        int e0 = 0;
        for (int r = 0; r < cells; r++) {
            int c = (int) cellOrder[r];
            cellStart[r] = e0;
            for (int e = cellStart0[c]; e < cellStart0[c + 1]; e++, e0++) {
                weight[e0] = weight0[e];
                threshold[e0] = threshold0[e];
                System.arraycopy(xyz0, 3 * e, xyz, 3 * e0, 3);
            }
        }
        cellStart[cells] = n;
        float[] skip = new float[n], radius = new float[n], prefixSkip = new float[n], prefixRadius = new float[n];
        int[] prefixWeight = new int[n];
        double[] h = lattice.spacingMm();
        for (int e = 0; e < n; e++) {
            skip[e] = skipAt(skipField, lattice, h, xyz, e);
            radius[e] = radiusAt(lattice, xyz, e, isocentreMm);
        }
        for (int c = 0; c + 1 < cellStart.length; c++) {
            long w = 0;
            float least = Float.POSITIVE_INFINITY, far = 0;
            for (int e = cellStart[c]; e < cellStart[c + 1]; e++) {
                w += weight[e];
                if (w > Integer.MAX_VALUE) throw new IllegalArgumentException("a cell's weight overflows");
                least = Math.min(least, skip[e]);
                far = Math.max(far, radius[e]);
                prefixWeight[e] = (int) w;
                prefixSkip[e] = least;
                prefixRadius[e] = far;
            }
        }
        int s = surfaceXyz.length / 3;
        float[] surfaceSkip = new float[s], surfaceRadius = new float[s];
        for (int p = 0; p < s; p++) {
            surfaceSkip[p] = skipAt(skipField, lattice, h, surfaceXyz, p);
            surfaceRadius[p] = radiusAt(lattice, surfaceXyz, p, isocentreMm);
        }
        float[] sorted = threshold.clone();
        long[] order = new long[n];
        for (int e = 0; e < n; e++) order[e] = (sortKey(threshold[e]) - 0x80000000L) << 32 | e;
        Arrays.sort(order);
        long[] cumulative = new long[n + 1];
        for (int i = 0; i < n; i++) {
            int e = (int) order[i];
            sorted[i] = threshold[e];
            cumulative[i + 1] = cumulative[i] + weight[e];
        }
        if (cumulative[n] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the target's sampling weight overflows: the target is too large for this model; use the voxel-centre model");
        }
        return new EvaluationPoints(cellStart, xyz, weight, threshold, skip, radius, prefixWeight, prefixSkip, prefixRadius,
                surfaceXyz, surfaceNormal, surfaceSkip, surfaceRadius, surfaceBias, weightMm3, sorted, cumulative);
    }

    /** Float bits made monotonic and unsigned, in [0, 2³²) (sorting thresholds, −∞ first). */
    static long sortKey(float v) {
        int bits = Float.floatToIntBits(v);
        return (bits < 0 ? ~bits : bits | 0x80000000) & 0xffffffffL;
    }

    private static float radiusAt(Grid lattice, float[] xyz, int p, double[] isocentreMm) {
        double[] pos = lattice.indexToPatientMm(xyz[3 * p], xyz[3 * p + 1], xyz[3 * p + 2]);
        return Math.nextUp((float) MissProblem.dist(pos, isocentreMm));
    }

    /**
     * A bound on the distance from a point to the nearest lattice cell with a corner outside the PTV. The skip field
     * holds each node's distance D to the nearest node of such a cell (the outside grown by one node); at other points
     * the best over the corners of its cell of the corner's value less the distance to it bounds D from below (a
     * distance is 1-Lipschitz). The cells themselves are nearer than their nodes: the nearest point of their union lies
     * on a vertex, an edge or a face of the lattice, with a node within half a face diagonal r across the line to the
     * point, so the distance to the cells is at least √(D² − r²). Zero without a field.
     */
    static float skipAt(float[] skipField, Grid grid, double[] h, float[] xyz, int p) {
        if (skipField == null) return 0f;
        double x = xyz[3 * p], y = xyz[3 * p + 1], z = xyz[3 * p + 2];
        int nx = grid.size(0), ny = grid.size(1);
        int i = (int) Math.floor(x), j = (int) Math.floor(y), k = (int) Math.floor(z);
        double best = 0;
        if (i == x && j == y && k == z) {
            best = skipField[i + nx * (j + ny * k)];
        } else {
            for (int corner = 0; corner < 8; corner++) {
                int ci = i + (corner & 1), cj = j + ((corner >> 1) & 1), ck = k + ((corner >> 2) & 1);
                double dx = (x - ci) * h[0], dy = (y - cj) * h[1], dz = (z - ck) * h[2];
                best = Math.max(best, skipField[ci + nx * (cj + ny * ck)] - Math.sqrt(dx * dx + dy * dy + dz * dz));
            }
        }
        double face2 = 0.25 * Math.max(h[0] * h[0] + h[1] * h[1], Math.max(h[0] * h[0] + h[2] * h[2], h[1] * h[1] + h[2] * h[2]));
        return (float) Math.max(0, Math.sqrt(Math.max(0, best * best - face2)) - 1e-4);
    }
}
