package org.halo.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import net.imglib2.Interval;
import net.imglib2.util.Intervals;
import org.halo.compute.Backend;
import org.halo.compute.Box;
import org.halo.compute.CostProblem;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * Margins that treat the CTV as the smooth surface its mask implies ({@link ImpliedSurface}) instead of as voxel
 * centres, so that a 2 mm margin on 3 mm slices grows 2 mm. The surface is sampled on a fine lattice that tiles the
 * output voxels ({@value #FINE_SPACING_MM} mm or finer); each fine point just inside the surface becomes a site whose
 * starting cost encodes its depth t below the surface (first order: t = −F/|∇F|), so that one generalised distance
 * transform gives the union of the margin element grown by that depth around every site — the Minkowski sum of the
 * smooth surface with the element, without the half-voxel loss of voxel centres. The fraction of each output voxel
 * inside is the share of its fine points inside.
 */
public final class SubvoxelMargin {
    /** The coarsest fine-lattice spacing (mm). */
    public static final double FINE_SPACING_MM = 0.35;
    /** The most fine points one operation may use (memory: about 13 bytes each). */
    public static final long MAX_FINE_POINTS = 80_000_000L;
    private final Backend backend;

    /** @param backend where the distance passes run */
    public SubvoxelMargin(Backend backend) {
        this.backend = backend;
    }

    /**
     * The CTV grown by the margin, as fractions on the output grid (null: the CTV's grid).
     *
     * @param ctv the structure
     * @param margin the margin
     * @param outSpacingMm the output grid's spacing (mm), or null for the structure's grid
     * @return the fractions and the volume-preserving mask
     */
    public SubvoxelResult expand(Mask ctv, Margin margin, double[] outSpacingMm) {
        Lattice l = new Lattice(ctv, margin, outSpacingMm, true);
        if (l.empty) return l.emptyResult();
        return l.fractions(l.grow(margin.gridExtentsMm(ctv.grid()), true));
    }

    /**
     * The CTV shrunk by the margin: the points whose element lies wholly inside the smooth CTV.
     *
     * @param ctv the structure
     * @param margin the margin
     * @param outSpacingMm the output grid's spacing (mm), or null for the structure's grid
     * @return the fractions and the volume-preserving mask
     */
    public SubvoxelResult shrink(Mask ctv, Margin margin, double[] outSpacingMm) {
        Lattice l = new Lattice(ctv, margin, outSpacingMm, false);
        if (l.empty) return l.emptyResult();
        return l.fractions(l.grow(margin.mirrored().gridExtentsMm(ctv.grid()), false));
    }

    /**
     * CTV ⊕ outer minus CTV ⊕ inner (inner 0: minus the CTV), as fractions.
     *
     * @param ctv the structure
     * @param inner the ring's inner margin
     * @param outer the ring's outer margin
     * @param outSpacingMm the output grid's spacing (mm), or null for the structure's grid
     * @return the fractions and the volume-preserving mask
     */
    public SubvoxelResult ring(Mask ctv, Margin inner, Margin outer, double[] outSpacingMm) {
        Lattice l = new Lattice(ctv, outer, outSpacingMm, true);
        if (l.empty) return l.emptyResult();
        byte[] big = l.grow(outer.gridExtentsMm(ctv.grid()), true);
        double[][] in = inner.gridExtentsMm(ctv.grid());
        byte[] small = isZero(in) ? l.inside() : l.grow(in, true);
        for (int i = 0; i < big.length; i++) big[i] = (byte) (big[i] != 0 && small[i] == 0 ? 1 : 0);
        return l.fractions(big);
    }

    private static boolean isZero(double[][] ext) {
        for (double[] e : ext) if (e[0] != 0 || e[1] != 0) return false;
        return true;
    }

    /** The fine lattice over the output voxels the result can touch, and the surface sampled on it. */
    private final class Lattice {
        final Grid in, out;
        final List<String> warnings = new ArrayList<>();
        final boolean empty;
        int[] lo = new int[3], size = new int[3], k = new int[3], n = new int[3];
        double[] fine = new double[3];
        float[] f;

        Lattice(Mask ctv, Margin margin, double[] outSpacingMm, boolean growing) {
            in = ctv.grid();
            if (!in.isAxisAligned()) throw new IllegalArgumentException("sub-voxel margins need an axis-aligned grid (this one is oblique)");
            out = outputGrid(in, outSpacingMm);
            Interval bounds = ctv.bounds();
            empty = bounds == null;
            if (empty) {
                warnings.add("the input structure is empty, so the result is empty");
                return;
            }
            double[][] ext = margin.gridExtentsMm(in);
            for (double[] e : ext) {
                if (!(e[0] > 0 && e[1] > 0) && !isZero(ext)) {
                    throw new IllegalArgumentException("sub-voxel mode needs every margin extent > 0 mm (zero extents work in voxel-centre mode)");
                }
            }
            double reach = 0;
            for (double[] e : ext) reach = Math.max(reach, Math.max(e[0], e[1]));
            long points = 1;
            for (int a = 0; a < 3; a++) {
                double s = in.spacingMm(a), o = out.spacingMm(a), delta = o / 2 - s / 2;
                double pad = (growing ? reach : 0) + 2 * Math.max(s, o) + FINE_SPACING_MM;
                double pLo = bounds.min(a) * s - pad, pHi = bounds.max(a) * s + pad;
                int qLo = (int) Math.floor((pLo - delta) / o), qHi = (int) Math.ceil((pHi - delta) / o);
                double reachLo = bounds.min(a) * s - (growing ? Math.max(ext[a][0], ext[a][1]) : 0), reachHi = bounds.max(a) * s + (growing ? Math.max(ext[a][0], ext[a][1]) : 0);
                if (reachLo < -s / 2 || reachHi > (in.size(a) - 0.5) * s) {
                    warnings.add(String.format(Locale.ROOT, "the result reaches the grid edge along grid axis %d and is cut there", a));
                }
                lo[a] = Math.max(0, qLo);
                size[a] = Math.min(out.size(a) - 1, qHi) - lo[a] + 1;
                k[a] = Math.max(1, (int) Math.ceil(o / FINE_SPACING_MM - 1e-9));
                fine[a] = o / k[a];
                n[a] = size[a] * k[a];
                points *= n[a];
            }
            if (points > MAX_FINE_POINTS) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "the sub-voxel lattice would hold %,d points (more than %,d): "
                        + "sub-voxel mode is for targets of a few cm; use voxel-centre mode or one structure at a time", points, MAX_FINE_POINTS));
            }
            ImpliedSurface surface = new ImpliedSurface(ctv, bounds, reach + 2 * FINE_SPACING_MM, backend);
            // The midpoint signed distance of the voxels decides the sign far from the surface; the smooth surface is
            // evaluated only where it can differ (within a coarse voxel and a half of the midpoint surface).
            Coarse coarse = new Coarse(ctv, bounds, in);
            double safety = 1.5 * Math.max(in.spacingMm(0), Math.max(in.spacingMm(1), in.spacingMm(2))) + 2 * FINE_SPACING_MM;
            org.halo.MemoryBudget.require(12L * points, "the sub-voxel lattice of " + points + " points");
            f = new float[(int) points];
            double[] ratio = new double[3], offset = new double[3];
            for (int a = 0; a < 3; a++) {
                double s = in.spacingMm(a), o = out.spacingMm(a);
                ratio[a] = o / s;
                offset[a] = (o / 2 - s / 2) / s; // output index 0 in input index units
            }
            int nx = n[0], ny = n[1];
            IntStream.range(0, n[2]).parallel().forEach(z -> {
                double w = offset[2] + (lo[2] + (z + 0.5) / k[2] - 0.5) * ratio[2];
                for (int y = 0; y < ny; y++) {
                    double v = offset[1] + (lo[1] + (y + 0.5) / k[1] - 0.5) * ratio[1];
                    int row = nx * (y + ny * z);
                    for (int x = 0; x < nx; x++) {
                        double u = offset[0] + (lo[0] + (x + 0.5) / k[0] - 0.5) * ratio[0];
                        double c = coarse.value(u, v, w);
                        f[row + x] = (float) (Math.abs(c) > safety ? c : surface.value(u, v, w));
                    }
                }
            });
        }

        SubvoxelResult emptyResult() {
            return new SubvoxelResult(out, new int[3], new int[3], new float[0], warnings);
        }

        byte[] inside() {
            byte[] b = new byte[f.length];
            for (int i = 0; i < f.length; i++) if (f[i] < 0) b[i] = 1;
            return b;
        }

        /**
         * Inside points plus everything the element (extents per grid axis, plus and minus, mm) reaches from the sites
         * just inside the surface, grown by their depth; with {@code outward} false the same from the sites just
         * outside, and the result is the inside points it does not reach (a shrink).
         */
        byte[] grow(double[][] ext, boolean outward) {
            if (isZero(ext)) return inside();
            int nx = n[0], ny = n[1], nz = n[2];
            float[] cost = new float[f.length];
            // Sites within one fine spacing of the surface: enough that every surface point has one beneath it, few
            // enough that first-order depth errors of deeper sites cannot push the union outward.
            double band = Math.max(fine[0], Math.max(fine[1], fine[2]));
            double[] sMax = {0};
            float[] depth = new float[f.length];
            IntStream.range(0, nz).parallel().forEach(z -> {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        int i = x + nx * (y + ny * z);
                        float v = f[i];
                        depth[i] = Float.NaN;
                        if (outward ? !(v < 0) : !(v > 0)) continue;
                        if (Math.abs(v) > 10 * band) continue; // far from the surface whatever the gradient
                        double gx = diff(i, x, nx, 1, fine[0]), gy = diff(i, y, ny, nx, fine[1]), gz = diff(i, z, nz, nx * ny, fine[2]);
                        double gn = Math.sqrt(gx * gx + gy * gy + gz * gz);
                        if (!(gn > 1e-6)) continue;
                        double t = Math.abs(v) / gn;
                        if (t > band) continue;
                        // Depth in units of the element: the element's extent along the surface normal (its support).
                        double nxn = gx / gn, nyn = gy / gn, nzn = gz / gn;
                        double hx = (nxn >= 0 ? ext[0][0] : ext[0][1]) * nxn, hy = (nyn >= 0 ? ext[1][0] : ext[1][1]) * nyn,
                                hz = (nzn >= 0 ? ext[2][0] : ext[2][1]) * nzn;
                        if (!outward) { // the complement grows by the mirrored element along −n: same support
                            hx = (nxn <= 0 ? ext[0][0] : ext[0][1]) * nxn;
                            hy = (nyn <= 0 ? ext[1][0] : ext[1][1]) * nyn;
                            hz = (nzn <= 0 ? ext[2][0] : ext[2][1]) * nzn;
                        }
                        depth[i] = (float) (t / Math.sqrt(hx * hx + hy * hy + hz * hz));
                    }
                }
            });
            for (float d : depth) if (d > sMax[0]) sMax[0] = d;
            double top = (1 + sMax[0]) * (1 + sMax[0]);
            boolean any = false;
            for (int i = 0; i < f.length; i++) {
                float d = depth[i];
                if (Float.isNaN(d)) {
                    cost[i] = Float.POSITIVE_INFINITY;
                } else {
                    cost[i] = (float) (top - (1 + d) * (1 + d));
                    any = true;
                }
            }
            byte[] result = inside();
            if (!any) return result;
            double[] wPos = new double[3], wNeg = new double[3];
            for (int a = 0; a < 3; a++) {
                wPos[a] = (fine[a] / ext[a][0]) * (fine[a] / ext[a][0]);
                wNeg[a] = (fine[a] / ext[a][1]) * (fine[a] / ext[a][1]);
            }
            byte[] reached = backend.withinCost(CostProblem.withSiteCosts(cost, nx, ny, nz, Box.whole(nx, ny, nz), wPos, wNeg),
                    top * (1 + MarginExpander.TIE_TOLERANCE));
            for (int i = 0; i < result.length; i++) {
                if (outward) result[i] = (byte) (result[i] != 0 || reached[i] != 0 ? 1 : 0);
                else result[i] = (byte) (result[i] != 0 && reached[i] == 0 ? 1 : 0);
            }
            return result;
        }

        private double diff(int i, int c, int len, int stride, double h) {
            if (len < 2) return 0;
            if (c == 0) return (f[i + stride] - f[i]) / h;
            if (c == len - 1) return (f[i] - f[i - stride]) / h;
            return (f[i + stride] - f[i - stride]) / (2 * h);
        }

        SubvoxelResult fractions(byte[] bits) {
            float[] frac = new float[size[0] * size[1] * size[2]];
            double per = 1.0 / (k[0] * k[1] * k[2]);
            int nx = n[0], ny = n[1];
            IntStream.range(0, size[2]).parallel().forEach(oz -> {
                for (int oy = 0; oy < size[1]; oy++) {
                    for (int ox = 0; ox < size[0]; ox++) {
                        int count = 0;
                        for (int dz = 0; dz < k[2]; dz++) for (int dy = 0; dy < k[1]; dy++) {
                            int row = nx * ((oy * k[1] + dy) + ny * (oz * k[2] + dz)) + ox * k[0];
                            for (int dx = 0; dx < k[0]; dx++) count += bits[row + dx];
                        }
                        frac[ox + size[0] * (oy + size[1] * oz)] = (float) (count * per);
                    }
                }
            });
            return new SubvoxelResult(out, lo.clone(), size.clone(), frac, warnings);
        }
    }

    /** The voxels' own signed distance (midpoint convention, mm) over the CTV's box, read trilinearly. */
    private final class Coarse {
        final int x0, y0, z0, nx, ny, nz;
        final float[] d;

        Coarse(Mask ctv, Interval bounds, Grid g) {
            Interval padded = Intervals.expand(bounds, 3); // not clipped: beyond the grid is outside
            x0 = (int) padded.min(0);
            y0 = (int) padded.min(1);
            z0 = (int) padded.min(2);
            nx = (int) padded.dimension(0);
            ny = (int) padded.dimension(1);
            nz = (int) padded.dimension(2);
            byte[] local = new byte[nx * ny * nz];
            byte[] v = ctv.voxels();
            for (int z = (int) bounds.min(2); z <= bounds.max(2); z++) for (int y = (int) bounds.min(1); y <= bounds.max(1); y++)
                for (int x = (int) bounds.min(0); x <= bounds.max(0); x++) {
                if (v[g.index(x, y, z)] != 0) local[(x - x0) + nx * ((y - y0) + ny * (z - z0))] = 1;
            }
            d = new DistanceTransform(backend).signedMm(Mask.wrap(Grid.of(nx, ny, nz, g.spacingMm(0), g.spacingMm(1), g.spacingMm(2)), local));
        }

        /** Trilinear inside the box; beyond it +∞ (far outside: the CTV lies within the box). */
        double value(double u, double v, double w) {
            double pu = u - x0, pv = v - y0, pw = w - z0;
            if (pu < 0 || pv < 0 || pw < 0 || pu > nx - 1 || pv > ny - 1 || pw > nz - 1) return Double.POSITIVE_INFINITY;
            int i = Math.min((int) pu, nx - 2), j = Math.min((int) pv, ny - 2), k = Math.min((int) pw, nz - 2);
            double fu = pu - i, fv = pv - j, fw = pw - k;
            int o = i + nx * (j + ny * k), sy = nx, sz = nx * ny;
            double c00 = d[o] + (d[o + 1] - d[o]) * fu, c10 = d[o + sy] + (d[o + sy + 1] - d[o + sy]) * fu;
            double c01 = d[o + sz] + (d[o + sz + 1] - d[o + sz]) * fu, c11 = d[o + sy + sz] + (d[o + sy + sz + 1] - d[o + sy + sz]) * fu;
            double c0 = c00 + (c10 - c00) * fv, c1 = c01 + (c11 - c01) * fv;
            return c0 + (c1 - c0) * fw;
        }
    }

    /** The grid the result is written on: the input grid, or one of the given spacing over the same extent. */
    static Grid outputGrid(Grid in, double[] outSpacingMm) {
        if (outSpacingMm == null) return in;
        if (outSpacingMm.length != 3) throw new IllegalArgumentException("the output spacing takes three values (mm, grid axes x,y,z)");
        int[] size = new int[3];
        double[] corner = new double[3];
        for (int a = 0; a < 3; a++) {
            if (!(outSpacingMm[a] > 0)) throw new IllegalArgumentException("output spacings must be > 0 mm");
            size[a] = Math.max(1, (int) Math.round(in.size(a) * in.spacingMm(a) / outSpacingMm[a]));
            corner[a] = (outSpacingMm[a] - in.spacingMm(a)) / (2 * in.spacingMm(a));
        }
        double[] origin = in.indexToPatientMm(corner[0], corner[1], corner[2]);
        return new Grid(size, outSpacingMm.clone(), origin, in.direction());
    }
}
