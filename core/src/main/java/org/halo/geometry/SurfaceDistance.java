package org.halo.geometry;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.imglib2.Interval;
import org.halo.compute.Backend;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * The signed distance (mm, negative inside) from every node of a lattice to a smooth closed surface, given implicitly
 * (docs/clinical.md, "The target's smooth surface"):
 * <ol>
 *   <li>every node with a lattice edge across the surface finds its foot point: the edge's crossing (regula falsi),
 *       then twice the projection onto the tangent plane followed by a Newton step onto the surface;
 *   <li>those foot points, a dense sample of the surface, seed the nodes around them, and raster sweeps over the 26
 *       neighbours pass each node its neighbours' nearest foot points until nothing changes (vector propagation);
 *   <li>the node's distance is to its nearest foot point, the sign that of the implicit function.
 * </ol>
 * Near the surface the distance is to the surface itself (the foot point is a closest point to solver precision);
 * elsewhere it is the exact distance to the sampled surface, which exceeds the distance to the surface by at most the
 * square of the sample spacing over eight times the distance. The foot points and their outward normals are kept:
 * they are the surface samples the geographic-miss model evaluates.
 */
public final class SurfaceDistance {
    private static final float FAR = 1e4f;
    private static final double STEP = 0.02; // finite-difference step, lattice units
    /** Forward and backward sweeps: enough for the far field (the refined band searches exactly). */
    private static final int PROPAGATION_ROUNDS = 3;

    private SurfaceDistance() {}

    /** An implicit surface at continuous lattice-index coordinates: negative inside, zero on the surface. */
    @FunctionalInterface
    public interface Implicit {
        /**
         * @param x continuous lattice index along x
         * @param y continuous lattice index along y
         * @param z continuous lattice index along z
         * @return the function's value: negative inside, zero on the surface
         */
        double value(double x, double y, double z);
    }

    /**
     * The signed distance at every node; the surface samples (foot points, lattice-index coordinates, three per
     * sample) and their outward unit normals (along the lattice axes, mm-scaled).
     */
    public record Field(Grid lattice, float[] signedMm, double[] surface, double[] normals, Implicit function) {
        /** {@return the number of surface points found} */
        public int surfaceCount() {
            return surface.length / 3;
        }

        /**
         * Trilinear signed distance at continuous lattice coordinates inside the lattice.
         *
         * @param x continuous lattice index along x
         * @param y continuous lattice index along y
         * @param z continuous lattice index along z
         * @return the distance (mm)
         */
        public double at(double x, double y, double z) {
            int nx = lattice.size(0), ny = lattice.size(1), nz = lattice.size(2);
            int i = Math.min(Math.max((int) Math.floor(x), 0), nx - 2), j = Math.min(Math.max((int) Math.floor(y), 0), ny - 2),
                    k = Math.min(Math.max((int) Math.floor(z), 0), nz - 2);
            double fx = x - i, fy = y - j, fz = z - k;
            int o = i + nx * (j + ny * k), sy = nx, sz = nx * ny;
            float[] v = signedMm;
            double c00 = v[o] + (v[o + 1] - v[o]) * fx, c10 = v[o + sy] + (v[o + sy + 1] - v[o + sy]) * fx;
            double c01 = v[o + sz] + (v[o + sz + 1] - v[o + sz]) * fx, c11 = v[o + sy + sz] + (v[o + sy + sz + 1] - v[o + sy + sz]) * fx;
            double c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
            return c0 + (c1 - c0) * fz;
        }
    }

    /**
     * The distance to the smooth surface the mask implies ({@link ImpliedSurface}), on a lattice with the mask grid's
     * axes (any origin and spacing) that holds the mask's bounding box with two voxels to spare. Nodes nearer than
     * {@code refineMm} to the surface get their own closest point (choose it beyond the largest margin).
     *
     * @param mask the structure
     * @param lattice the lattice the field is sampled on
     * @param refineMm nodes this close to the surface get their closest point refined (mm)
     * @param backend where the initial transform runs
     * @return the field
     */
    public static Field of(Mask mask, Grid lattice, double refineMm, Backend backend) {
        Grid g = mask.grid();
        for (int i = 0; i < 9; i++) {
            if (Math.abs(g.direction()[i] - lattice.direction()[i]) > 1e-9) throw new IllegalArgumentException("the lattice must have the mask grid's axes");
        }
        Interval b = mask.bounds();
        if (b == null) throw new IllegalArgumentException("the structure is empty");
        double maxSpacing = Math.max(g.spacingMm(0), Math.max(g.spacingMm(1), g.spacingMm(2)));
        ImpliedSurface s = new ImpliedSurface(mask, b, 3 * maxSpacing, backend);
        double[] o = lattice.originMm();
        double[] off = g.patientMmToIndex(o[0], o[1], o[2]);
        double[] scale = new double[3];
        int[] lo = new int[3], hi = new int[3];
        for (int a = 0; a < 3; a++) {
            scale[a] = lattice.spacingMm(a) / g.spacingMm(a);
            lo[a] = (int) Math.floor((b.min(a) - 2 - off[a]) / scale[a]);
            hi[a] = (int) Math.ceil((b.max(a) + 2 - off[a]) / scale[a]);
            if (lo[a] < 1 || hi[a] > lattice.size(a) - 2) throw new IllegalArgumentException("the lattice does not hold the structure with room to spare");
        }
        Implicit f = (x, y, z) -> s.value(off[0] + x * scale[0], off[1] + y * scale[1], off[2] + z * scale[2]);
        return of(f, lattice, lo, hi, refineMm);
    }

    /**
     * The distance to the surface {@code f = 0}; f is negative only inside the node box [lo, hi] (inclusive).
     *
     * @param f the implicit surface
     * @param lattice the lattice the field is sampled on
     * @param lo the node box's low corner
     * @param hi the node box's high corner
     * @param refineMm nodes this close to the surface get their closest point refined (mm)
     * @return the field
     */
    public static Field of(Implicit f, Grid lattice, int[] lo, int[] hi, double refineMm) {
        int nx = lattice.size(0), ny = lattice.size(1), nz = lattice.size(2);
        double[] h = lattice.spacingMm();
        float[] value = new float[lattice.voxelCount()];
        java.util.Arrays.fill(value, FAR);
        IntStream.rangeClosed(lo[2], hi[2]).parallel().forEach(z -> {
            for (int y = lo[1]; y <= hi[1]; y++) {
                for (int x = lo[0]; x <= hi[0]; x++) value[x + nx * (y + ny * z)] = (float) f.value(x, y, z);
            }
        });
        // Foot points of the nodes next to the surface, per slice in parallel, then in slice order (deterministic).
        List<double[]> perSlice = IntStream.rangeClosed(lo[2], hi[2]).parallel().mapToObj(z -> feet(f, value, nx, ny, z, lo, hi, h))
                .toList();
        int count = 0;
        for (double[] part : perSlice) count += part.length / 6;
        double[] surface = new double[3 * count], normals = new double[3 * count];
        int c = 0;
        for (double[] part : perSlice) {
            for (int p = 0; p < part.length / 6; p++, c++) {
                System.arraycopy(part, 6 * p, surface, 3 * c, 3);
                System.arraycopy(part, 6 * p + 3, normals, 3 * c, 3);
            }
        }
        if (count == 0) throw new IllegalArgumentException("the structure has no surface on the lattice");
        int[] nearest = propagate(surface, nx, ny, nz, h);
        Buckets buckets = new Buckets(surface, nx, ny, nz);
        float[] signed = new float[value.length];
        IntStream.range(0, nz).parallel().forEach(z -> {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    double[] node = {x, y, z};
                    int s = nearest[i];
                    double d2 = dist2(node, surface, s, h);
                    if (d2 < refineMm * refineMm) {
                        // Where margins are decided: the nearest foot point by search, then the closest surface point.
                        s = buckets.nearest(node, Math.sqrt(d2), h, s);
                        d2 = dist2(node, surface, s, h);
                        double[] q = {surface[3 * s], surface[3 * s + 1], surface[3 * s + 2]};
                        d2 = Math.min(d2, dist2(node, refine(f, node, q, h, 2), h));
                    }
                    float d = (float) Math.sqrt(d2);
                    signed[i] = in(value[i]) ? -d : d;
                }
            }
        });
        return new Field(lattice, signed, surface, normals, f);
    }

    private static boolean in(float v) {
        return v < 0;
    }

    /** The foot points (and normals) of the nodes of slice z that have an edge across the surface. */
    private static double[] feet(Implicit f, float[] value, int nx, int ny, int z, int[] lo, int[] hi, double[] h) {
        List<double[]> out = new ArrayList<>();
        int[][] steps = {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}};
        for (int y = lo[1]; y <= hi[1]; y++) {
            for (int x = lo[0]; x <= hi[0]; x++) {
                int i = x + nx * (y + ny * z);
                double[] node = {x, y, z};
                double[] best = null;
                double bestD2 = Double.POSITIVE_INFINITY;
                for (int[] s : steps) {
                    int xx = x + s[0], yy = y + s[1], zz = z + s[2];
                    int j = xx + nx * (yy + ny * zz);
                    if (in(value[i]) == in(value[j])) continue;
                    double t = crossing(f, node, s, value[i], value[j]);
                    double[] q = {x + t * s[0], y + t * s[1], z + t * s[2]};
                    double d2 = dist2(node, q, h);
                    if (d2 < bestD2) {
                        bestD2 = d2;
                        best = q;
                    }
                }
                if (best == null) continue;
                double[] foot = refine(f, node, best, h, 3);
                double[] n = normal(f, foot, h);
                out.add(new double[] {foot[0], foot[1], foot[2], n[0], n[1], n[2]});
            }
        }
        double[] flat = new double[6 * out.size()];
        for (int p = 0; p < out.size(); p++) System.arraycopy(out.get(p), 0, flat, 6 * p, 6);
        return flat;
    }

    /** The crossing of f = 0 on the edge from node along s (Illinois regula falsi), as the fraction t ∈ [0, 1]. */
    private static double crossing(Implicit f, double[] node, int[] s, double f0, double f1) {
        double a = 0, b = 1, fa = f0, fb = f1;
        int side = 0;
        double t = a;
        for (int it = 0; it < 30; it++) {
            t = (a * fb - b * fa) / (fb - fa);
            double ft = f.value(node[0] + t * s[0], node[1] + t * s[1], node[2] + t * s[2]);
            if (ft == 0 || b - a < 1e-7) break;
            if ((ft < 0) == (fa < 0)) {
                a = t;
                fa = ft;
                if (side == -1) fb /= 2;
                side = -1;
            } else {
                b = t;
                fb = ft;
                if (side == 1) fa /= 2;
                side = 1;
            }
        }
        return t;
    }

    /**
     * From a point on the surface, move towards the closest point of the surface to x: project x onto the tangent
     * plane, step there (halving the step while that does not bring the surface nearer) and return to the surface by
     * Newton steps. Returns the best surface point found.
     */
    private static double[] refine(Implicit f, double[] x, double[] q0, double[] h, int iterations) {
        double[] q = q0;
        double dq = dist2(x, q0, h);
        for (int it = 0; it < iterations; it++) {
            double[] g = gradientMm(f, q, h);
            double gn2 = g[0] * g[0] + g[1] * g[1] + g[2] * g[2];
            if (!(gn2 > 1e-12)) break;
            double dot = 0;
            for (int a = 0; a < 3; a++) dot += (x[a] - q[a]) * h[a] * g[a];
            double[] best = null;
            for (double alpha = 1; alpha >= 0.25 && best == null; alpha /= 2) {
                double[] p = new double[3];
                for (int a = 0; a < 3; a++) p[a] = q[a] + alpha * (x[a] - dot * g[a] / gn2 / h[a] - q[a]);
                if (!onSurface(f, p, h)) continue;
                double dp = dist2(x, p, h);
                if (dp < dq) {
                    best = p;
                    dq = dp;
                }
            }
            if (best == null) break;
            q = best;
        }
        return q;
    }

    /** Newton steps from p onto f = 0 (in place); false when the gradient vanishes. */
    private static boolean onSurface(Implicit f, double[] p, double[] h) {
        for (int newton = 0; newton < 2; newton++) {
            double fp = f.value(p[0], p[1], p[2]);
            double[] gp = gradientMm(f, p, h);
            double gp2 = gp[0] * gp[0] + gp[1] * gp[1] + gp[2] * gp[2];
            if (!(gp2 > 1e-12)) return false;
            for (int a = 0; a < 3; a++) p[a] -= fp * gp[a] / gp2 / h[a];
        }
        return true;
    }

    private static double[] normal(Implicit f, double[] q, double[] h) {
        double[] g = gradientMm(f, q, h);
        double n = Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
        return n > 0 ? new double[] {g[0] / n, g[1] / n, g[2] / n} : new double[3];
    }

    /** ∇f in mm units along the lattice axes (central differences). */
    private static double[] gradientMm(Implicit f, double[] p, double[] h) {
        double[] g = new double[3];
        for (int a = 0; a < 3; a++) {
            double[] u = p.clone(), d = p.clone();
            u[a] += STEP;
            d[a] -= STEP;
            g[a] = (f.value(u[0], u[1], u[2]) - f.value(d[0], d[1], d[2])) / (2 * STEP * h[a]);
        }
        return g;
    }

    private static double dist2(double[] a, double[] surface, int s, double[] h) {
        double dx = (a[0] - surface[3 * s]) * h[0], dy = (a[1] - surface[3 * s + 1]) * h[1], dz = (a[2] - surface[3 * s + 2]) * h[2];
        return dx * dx + dy * dy + dz * dz;
    }

    /** The foot points binned in blocks of lattice cells, for exact nearest-point search within a radius. */
    private static final class Buckets {
        static final int BLOCK = 4;
        final int bx, by, bz;
        final int[] start, members;
        final double[] surface;

        Buckets(double[] surface, int nx, int ny, int nz) {
            this.surface = surface;
            bx = nx / BLOCK + 1;
            by = ny / BLOCK + 1;
            bz = nz / BLOCK + 1;
            int count = surface.length / 3;
            int[] bucket = new int[count];
            start = new int[bx * by * bz + 1];
            for (int s = 0; s < count; s++) {
                bucket[s] = bucketOf(surface[3 * s], bx, 0) + bx * (bucketOf(surface[3 * s + 1], by, 0) + by * bucketOf(surface[3 * s + 2], bz, 0));
                start[bucket[s] + 1]++;
            }
            for (int b = 0; b < bx * by * bz; b++) start[b + 1] += start[b];
            members = new int[count];
            int[] fill = start.clone();
            for (int s = 0; s < count; s++) members[fill[bucket[s]]++] = s;
        }

        private static int bucketOf(double coordinate, int buckets, double shift) {
            return Math.min(buckets - 1, Math.max(0, (int) Math.floor((coordinate + shift) / BLOCK)));
        }

        /** The foot point nearest to x among those within radius (mm) of it; ties to the lowest index. */
        int nearest(double[] x, double radiusMm, double[] h, int fallback) {
            int[] lo = new int[3], hi = new int[3];
            int[] n = {bx, by, bz};
            for (int a = 0; a < 3; a++) {
                lo[a] = bucketOf(x[a], n[a], -radiusMm / h[a] - 1e-9);
                hi[a] = bucketOf(x[a], n[a], radiusMm / h[a] + 1e-9);
            }
            int best = fallback;
            double bestD2 = dist2(x, surface, fallback, h);
            for (int k = lo[2]; k <= hi[2]; k++) for (int j = lo[1]; j <= hi[1]; j++) for (int i = lo[0]; i <= hi[0]; i++) {
                int b = i + bx * (j + by * k);
                for (int m = start[b]; m < start[b + 1]; m++) {
                    int s = members[m];
                    double d2 = dist2(x, surface, s, h);
                    if (d2 < bestD2 || (d2 == bestD2 && s < best)) {
                        bestD2 = d2;
                        best = s;
                    }
                }
            }
            return best;
        }
    }

    private static double dist2(double[] a, double[] b, double[] h) {
        double dx = (a[0] - b[0]) * h[0], dy = (a[1] - b[1]) * h[1], dz = (a[2] - b[2]) * h[2];
        return dx * dx + dy * dy + dz * dz;
    }

    /** Nearest foot point for every node: seed around each foot point, then sweep until nothing changes. */
    private static int[] propagate(double[] surface, int nx, int ny, int nz, double[] h) {
        int n = nx * ny * nz;
        int[] nearest = new int[n];
        double[] best = new double[n];
        java.util.Arrays.fill(nearest, -1);
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        int count = surface.length / 3;
        for (int s = 0; s < count; s++) {
            int x0 = (int) Math.floor(surface[3 * s]), y0 = (int) Math.floor(surface[3 * s + 1]), z0 = (int) Math.floor(surface[3 * s + 2]);
            for (int z = Math.max(0, z0 - 1); z <= Math.min(nz - 1, z0 + 2); z++)
                for (int y = Math.max(0, y0 - 1); y <= Math.min(ny - 1, y0 + 2); y++)
                    for (int x = Math.max(0, x0 - 1); x <= Math.min(nx - 1, x0 + 2); x++) offer(surface, h, nearest, best, x, y, z, x + nx * (y + ny * z), s);
        }
        int[][] forward = new int[13][];
        int[][] backward = new int[13][];
        int c = 0;
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    if (dz < 0 || (dz == 0 && (dy < 0 || (dy == 0 && dx < 0)))) {
                        forward[c] = new int[] {dx, dy, dz};
                        backward[c++] = new int[] {-dx, -dy, -dz};
                    }
                }
        for (int round = 0; round < PROPAGATION_ROUNDS; round++) {
            boolean changed = sweep(surface, h, nearest, best, nx, ny, nz, forward, true);
            changed |= sweep(surface, h, nearest, best, nx, ny, nz, backward, false);
            if (!changed) break;
        }
        return nearest;
    }

    private static boolean sweep(double[] surface, double[] h, int[] nearest, double[] best, int nx, int ny, int nz, int[][] from, boolean ascending) {
        boolean changed = false;
        int[] step = new int[from.length];
        for (int o = 0; o < from.length; o++) step[o] = from[o][0] + nx * (from[o][1] + ny * from[o][2]);
        for (int zz = 0; zz < nz; zz++) {
            int z = ascending ? zz : nz - 1 - zz;
            for (int yy = 0; yy < ny; yy++) {
                int y = ascending ? yy : ny - 1 - yy;
                boolean edgeRow = z == 0 || y == 0 || z == nz - 1 || y == ny - 1;
                for (int xx = 0; xx < nx; xx++) {
                    int x = ascending ? xx : nx - 1 - xx;
                    int i = x + nx * (y + ny * z);
                    boolean edge = edgeRow || x == 0 || x == nx - 1;
                    for (int o = 0; o < step.length; o++) {
                        if (edge) {
                            int ax = x + from[o][0], ay = y + from[o][1], az = z + from[o][2];
                            if (ax < 0 || ay < 0 || az < 0 || ax >= nx || ay >= ny || az >= nz) continue;
                        }
                        int s = nearest[i + step[o]];
                        if (s >= 0 && s != nearest[i]) changed |= offer(surface, h, nearest, best, x, y, z, i, s);
                    }
                }
            }
        }
        return changed;
    }

    private static boolean offer(double[] surface, double[] h, int[] nearest, double[] best, int x, int y, int z, int i, int s) {
        double dx = (x - surface[3 * s]) * h[0], dy = (y - surface[3 * s + 1]) * h[1], dz = (z - surface[3 * s + 2]) * h[2];
        double d2 = dx * dx + dy * dy + dz * dz;
        if (d2 < best[i] || (d2 == best[i] && s < nearest[i])) {
            best[i] = d2;
            nearest[i] = s;
            return true;
        }
        return false;
    }
}
