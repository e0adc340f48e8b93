package org.halo.clinical.miss;

import java.util.Arrays;
import java.util.stream.IntStream;
import net.imglib2.Interval;
import net.imglib2.util.Intervals;
import org.halo.compute.Backend;
import org.halo.geometry.SurfaceDistance;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * The lattice and evaluation points of {@link TargetModel#SMOOTH} (docs/clinical.md, "The target's smooth surface"):
 * <ul>
 *   <li>the lattice subdivides the CTV grid to at most {@value #LATTICE_SPACING_MM} mm and holds the signed distance to
 *       the smooth surface the mask implies ({@link SurfaceDistance}); the PTV of margin m is {d ≤ m}, the Minkowski sum
 *       of the smooth CTV with the ball;
 *   <li>volume points: the lattice is tiled by evaluation cells of about {@value #CELL_MM} mm, each sampled by a
 *       regular sub-lattice of about {@value #SAMPLE_MM} mm, and gives one point per band of signed distance
 *       ({@value #BAND_MM} mm wide, one band edge on the surface, at every depth) that its samples fall in, at their
 *       centroid, weighted by their number. The continuous CTV's volume is thus sampled to second order, and a scenario's true CTV (signed
 *       distance ≤ δ) is a prefix of the points sorted by band;
 *   <li>surface points: one foot point of the surface per lattice cell, weight 0, moved by δ along its normal in each
 *       scenario: they give the minimum dose over the continuous surface.
 * </ul>
 */
final class SmoothTarget {
    static final double LATTICE_SPACING_MM = 0.5;
    static final double CELL_MM = 1.0;
    static final double SAMPLE_MM = 1.0 / 6;
    /** How far inside (mm) a point of an inside band is kept at least. */
    private static final double INSIDE_MM = 0.001;
    /** Spacing of the surface points (mm): the minimum dose is taken over them. */
    static final double SURFACE_SPACING_MM = 1.0;
    static final double BAND_MM = 0.5;
    /** Beyond the largest margin, the distance is refined to the surface itself this much further (mm). */
    private static final double REFINE_BEYOND_MM = 1.0, REFINE_MIN_MM = 4.0;
    /** The lattice's reach is rounded up to a multiple of this (mm), so that nearby studies share one distance field. */
    private static final double REACH_STEP_MM = 2.0;
    private static final long MAX_CELLS = 60_000_000L;

    private SmoothTarget() {}

    static MissLattice lattice(MissTarget target, double reachMm, double shapeReach, Backend backend, MissCache cache) {
        Mask ctv = target.ctv();
        Grid g = ctv.grid();
        Interval box = ctv.bounds();
        if (target instanceof MissTarget.WithPtv wp) {
            if (wp.ptv().isEmpty()) throw new IllegalArgumentException("the PTV is empty");
            box = Intervals.union(box, wp.ptv().bounds());
        }
        int[] k = new int[3];
        for (int a = 0; a < 3; a++) k[a] = Math.max(1, (int) Math.ceil(g.spacingMm(a) / LATTICE_SPACING_MM - 1e-9));
        double reach = Math.ceil(reachMm / REACH_STEP_MM) * REACH_STEP_MM;
        Grid lattice = latticeGrid(g, box, reach, k);
        if ((long) lattice.size(0) * lattice.size(1) * lattice.size(2) > MAX_CELLS) lattice = latticeGrid(g, box, reach, new int[] {1, 1, 1});
        long cells = (long) lattice.size(0) * lattice.size(1) * lattice.size(2);
        if (cells > MAX_CELLS) {
            throw new IllegalArgumentException("the errors reach " + Math.round(reachMm) + " mm: a " + lattice.size(0) + "×" + lattice.size(1) + "×"
                    + lattice.size(2) + " lattice is too large; check the error SDs");
        }
        org.halo.MemoryBudget.require(40L * cells, "the miss model's lattice of " + cells + " points");
        double refine = Math.max(REFINE_MIN_MM, shapeReach + REFINE_BEYOND_MM);
        SurfaceDistance.Field field = cache.distanceField(ctv, lattice, refine, backend);
        float[] shape = target instanceof MissTarget.WithPtv wp ? cache.distanceField(wp.ptv(), lattice, refine, backend).signedMm()
                : field.signedMm();
        double inside = shapeReach * (1 + MissProblem.TIE) + 1e-9;
        byte[] ptv = new byte[shape.length];
        long count = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] <= inside) {
                ptv[i] = 1;
                count++;
            }
        }
        return new MissLattice(lattice, shape, field.signedMm(), ptv, count * lattice.voxelVolumeMm3() / 1000.0, field);
    }

    /** The lattice's grid: the CTV grid subdivided k times per axis, over the box grown by the reach and some room. */
    private static Grid latticeGrid(Grid g, Interval box, double reachMm, int[] k) {
        int[] size = new int[3];
        double[] lo = new double[3], h = new double[3];
        for (int a = 0; a < 3; a++) {
            h[a] = g.spacingMm(a) / k[a];
            if (!(reachMm / h[a] < 100_000)) {
                throw new IllegalArgumentException("the errors reach " + Math.round(reachMm) + " mm: the lattice would be too large; check the error SDs");
            }
            long pad = (long) Math.ceil(reachMm / h[a]) + 3L * k[a] + 3;
            long first = box.min(a) * k[a] - pad, last = box.max(a) * k[a] + pad;
            size[a] = (int) Math.min(Integer.MAX_VALUE, last - first + 1);
            lo[a] = (double) first / k[a];
        }
        return new Grid(size, h, g.indexToPatientMm(lo[0], lo[1], lo[2]), g.direction());
    }

    static EvaluationPoints points(MissLattice lattice, double maxDelin, double[] isocentreMm, boolean imported,
                                   Backend backend, MissCache cache) {
        // Bands at every depth: an under-dosed cap deeper than any fixed layer would otherwise lose its deep part.
        int deepBand = cache.deepestBand(lattice.surface().signedMm(), () -> deepestBand(lattice.surface()));
        int topBand = (int) Math.floor(maxDelin / BAND_MM + 0.5 + 1e-9); // bands whose threshold (b − ½)w a scenario can reach
        Sampled s = cache.sampled(lattice.surface(), deepBand, topBand, () -> Sampled.sample(lattice.surface(), deepBand, topBand));
        float[] skipField = imported ? null : SkipField.of(lattice, backend, cache);
        return cache.points(s, skipField, lattice.grid(), isocentreMm, () -> EvaluationPoints.of(s.cellStart(), s.xyz(), s.weight(), s.threshold(),
                s.surfaceXyz(), s.surfaceNormal(), s.surfaceBias(), lattice.grid(), skipField, isocentreMm, s.sampleVolume()));
    }

    /** The band of the field's deepest value (a target's centre): no sample lies deeper. */
    private static int deepestBand(SurfaceDistance.Field field) {
        double least = 0;
        for (float v : field.signedMm()) least = Math.min(least, v);
        return (int) Math.floor(least / BAND_MM) - 1;
    }

    /**
     * The target's sampled volume and surface, which depend only on the distance field and the range of bands: every
     * margin of a regimen (and regimens whose delineation offsets span the same bands) shares them, through the
     * caller's {@link MissCache}; their arrays are never written after construction.
     */
    record Sampled(SurfaceDistance.Field field, int deepBand, int topBand, int[] cellStart, float[] xyz, int[] weight, float[] threshold,
                   float[] surfaceXyz, float[] surfaceNormal, float[] surfaceBias, double sampleVolume) {
        private static Sampled sample(SurfaceDistance.Field field, int deepBand, int topBand) {
            Grid grid = field.lattice();
            double[] h = grid.spacingMm();
            int[] c = new int[3], ks = new int[3], cells = new int[3];
            double cellVolume = 1, halfDiagonal2 = 0;
            for (int a = 0; a < 3; a++) {
                c[a] = Math.max(1, (int) Math.floor(CELL_MM / h[a] + 1e-9));
                ks[a] = Math.max(1, (int) Math.ceil(c[a] * h[a] / SAMPLE_MM - 1e-9));
                cells[a] = (grid.size(a) - 1) / c[a];
                cellVolume *= c[a] * h[a];
                halfDiagonal2 += 0.25 * (c[a] * h[a]) * (c[a] * h[a]);
            }
            double sampleVolume = cellVolume / (ks[0] * ks[1] * ks[2]);
            double slack = 1.05 * Math.sqrt(halfDiagonal2) + 0.01;
            float[][] rows = IntStream.range(0, cells[2]).parallel().mapToObj(kz -> cellRow(field, kz, c, ks, cells, slack, deepBand, topBand))
                    .toArray(float[][]::new);
            int entries = 0, cellCount = 0;
            for (float[] r : rows) {
                entries += r.length / 6;
                for (int e = 0; e < r.length / 6; e++) if (r[6 * e + 5] == 0) cellCount++;
            }
            int[] cellStart = new int[cellCount + 1], weight = new int[entries];
            float[] xyz = new float[3 * entries], threshold = new float[entries];
            int e = 0, cell = 0;
            for (float[] r : rows) {
                for (int q = 0; q < r.length / 6; q++, e++) {
                    if (r[6 * q + 5] == 0) cellStart[cell++] = e;
                    System.arraycopy(r, 6 * q, xyz, 3 * e, 3);
                    weight[e] = (int) r[6 * q + 3];
                    threshold[e] = r[6 * q + 4];
                }
            }
            cellStart[cellCount] = entries;
            float[][] surface = surfacePoints(field, grid);
            return new Sampled(field, deepBand, topBand, cellStart, xyz, weight, threshold, surface[0], surface[1], surface[2], sampleVolume);
        }
    }

    /** One foot point per surface-sampling cell, with its normal in lattice units per mm and its interpolation bias. */
    private static float[][] surfacePoints(SurfaceDistance.Field field, Grid grid) {
        double[] foot = field.surface(), normal = field.normals(), h = grid.spacingMm();
        int[] step = new int[3], n = new int[3];
        for (int a = 0; a < 3; a++) {
            step[a] = Math.max(1, (int) Math.floor(SURFACE_SPACING_MM / h[a] + 1e-9));
            n[a] = grid.size(a) / step[a] + 1;
        }
        java.util.BitSet taken = new java.util.BitSet(n[0] * n[1] * n[2]);
        float[] xyz = new float[foot.length], nrm = new float[foot.length];
        int count = 0;
        for (int s = 0; s < field.surfaceCount(); s++) {
            int cell = (int) Math.floor(foot[3 * s] / step[0]) + n[0] * ((int) Math.floor(foot[3 * s + 1] / step[1]) + n[1] * (int) Math.floor(foot[3 * s + 2] / step[2]));
            if (taken.get(cell)) continue;
            taken.set(cell);
            for (int a = 0; a < 3; a++) {
                xyz[3 * count + a] = (float) foot[3 * s + a];
                nrm[3 * count + a] = (float) (normal[3 * s + a] / h[a]);
            }
            count++;
        }
        float[] bias = new float[count];
        // Rounded up, so that an unmoved surface point reads at most 0 after the subtraction in double.
        for (int p = 0; p < count; p++) bias[p] = Math.nextUp((float) trilinearAt(field.signedMm(), grid, xyz[3 * p], xyz[3 * p + 1], xyz[3 * p + 2]));
        return new float[][] {Arrays.copyOf(xyz, 3 * count), Arrays.copyOf(nrm, 3 * count), bias};
    }

    /** The kernel's trilinear read (same operations), at a lattice position. */
    private static double trilinearAt(float[] v, Grid grid, double x, double y, double z) {
        int nx = grid.size(0), ny = grid.size(1);
        int cell = (int) x + nx * ((int) y + ny * (int) z);
        return JavaMissEvaluator.trilinear(v, nx, ny, cell, x, y, z);
    }

    /**
     * The volume points of one z row of evaluation cells: six floats each (lattice x, y, z, weight, threshold, rank in
     * its cell), in cell order and, within a cell, by threshold.
     */
    private static float[] cellRow(SurfaceDistance.Field field, int kz, int[] c, int[] ks, int[] cells, double slack, int deepBand, int topBand) {
        float[] out = new float[6 * 64];
        int n = 0;
        int bands = topBand - deepBand + 1;
        long[] count = new long[bands];
        double[][] sum = new double[bands][4];
        for (int ky = 0; ky < cells[1]; ky++) {
            for (int kx = 0; kx < cells[0]; kx++) {
                double x0 = kx * c[0], y0 = ky * c[1], z0 = kz * c[2];
                double centre = field.at(x0 + 0.5 * c[0], y0 + 0.5 * c[1], z0 + 0.5 * c[2]);
                if (centre - slack > topBand * BAND_MM) continue; // no true CTV reaches this cell
                Arrays.fill(count, 0);
                for (double[] s : sum) Arrays.fill(s, 0);
                for (int sz = 0; sz < ks[2]; sz++) for (int sy = 0; sy < ks[1]; sy++) for (int sx = 0; sx < ks[0]; sx++) {
                    double x = x0 + (sx + 0.5) * c[0] / ks[0], y = y0 + (sy + 0.5) * c[1] / ks[1], z = z0 + (sz + 0.5) * c[2] / ks[2];
                    double d = field.at(x, y, z);
                    int b = band(field, d, x, y, z);
                    if (b > topBand) continue;
                    int slot = Math.max(b, deepBand) - deepBand;
                    count[slot]++;
                    sum[slot][0] += x;
                    sum[slot][1] += y;
                    sum[slot][2] += z;
                    sum[slot][3] += d;
                }
                int rank = 0;
                for (int slot = 0; slot < bands; slot++) {
                    if (count[slot] == 0) continue;
                    if (6 * (n + 1) > out.length) out = Arrays.copyOf(out, 2 * out.length);
                    double[] p = {sum[slot][0] / count[slot], sum[slot][1] / count[slot], sum[slot][2] / count[slot]};
                    // Inside bands stay inside the interpolated field too (their samples were classed by the surface itself).
                    double mean = sum[slot][3] / count[slot];
                    toMeanDepth(field, p, slot + deepBand <= 0 ? Math.min(mean, -INSIDE_MM) : mean);
                    out[6 * n] = (float) p[0];
                    out[6 * n + 1] = (float) p[1];
                    out[6 * n + 2] = (float) p[2];
                    out[6 * n + 3] = count[slot];
                    out[6 * n + 4] = slot == 0 ? Float.NEGATIVE_INFINITY : (float) ((slot + deepBand - 0.5) * BAND_MM);
                    out[6 * n + 5] = rank++;
                    n++;
                }
            }
        }
        return Arrays.copyOf(out, 6 * n);
    }

    /**
     * The band of a sample: b with signed distance in ((b − 1)w, bw]; on which side of the surface it lies is decided
     * by the surface's own function where the interpolated distance is too close to call, so that the true CTV of
     * δ = 0 is exactly the inside of the smooth surface.
     */
    private static int band(SurfaceDistance.Field field, double d, double x, double y, double z) {
        boolean inside = Math.abs(d) > 0.05 ? d < 0 : field.function().value(x, y, z) < 0;
        int b = (int) Math.ceil(d / BAND_MM - 1e-12);
        return inside ? Math.min(b, 0) : Math.max(b, 1);
    }

    /**
     * Moves a band's centroid along the distance gradient until its signed distance is the mean of its samples': on a
     * curved surface the centroid of a shell piece lies deeper than the piece, which would bias thin outside caps.
     */
    private static void toMeanDepth(SurfaceDistance.Field field, double[] p, double meanMm) {
        double[] h = field.lattice().spacingMm();
        for (int it = 0; it < 2; it++) {
            double d = field.at(p[0], p[1], p[2]);
            double[] g = new double[3];
            double gn2 = 0;
            for (int a = 0; a < 3; a++) {
                double[] u = p.clone(), v = p.clone();
                u[a] += 0.05;
                v[a] -= 0.05;
                g[a] = (field.at(u[0], u[1], u[2]) - field.at(v[0], v[1], v[2])) / (0.1 * h[a]);
                gn2 += g[a] * g[a];
            }
            if (!(gn2 > 0.25)) return; // no clear direction (a medial point): keep the centroid
            for (int a = 0; a < 3; a++) p[a] += (meanMm - d) * g[a] / gn2 / h[a];
        }
    }

}
