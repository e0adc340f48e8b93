package org.halo.geometry;

import net.imglib2.Interval;

import java.util.ArrayList;
import java.util.List;
import org.halo.compute.Backend;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * The smooth surface a CTV mask implies, as an implicit function F (mm, negative inside) of continuous voxel-index
 * coordinates of the mask's grid. Each 26-connected component is a stack of sections along grid axis 2:
 * <ul>
 *   <li>each section is the slice's in-plane signed distance (zero level midway between inside and outside pixel
 *       centres), smoothed by a Gaussian of {@value #SMOOTHING_MM} mm with its second-order shrink removed
 *       (G − σ²/2·∇²G), so that the pixel staircase does not inflate a margin drawn around it; the area its zero level
 *       encloses is measured, so that the scaling below restores the pixel count's area whatever the smoothing took;
 *   <li>the section area is interpolated between slices by Catmull-Rom (exact for quadratics, hence for spheres and
 *       ellipsoids) and extrapolated past the end slices by a least-squares quadratic through the last four, whose
 *       root (at most one slice beyond the last) places the cap; with fewer than three slices or no root, the cap lies
 *       half a slice beyond, as for voxel-centre counting;
 *   <li>between two slices, both sections are scaled about their centroids to the interpolated area and blended
 *       linearly; past an end slice, that slice's section shrinks to the extrapolated area.
 * </ul>
 * Exact for axis-aligned ellipsoids given exact sections; for other shapes a smooth morph between the slices.
 */
final class ImpliedSurface {
    static final double SMOOTHING_MM = 1.2;
    private static final double FAR = 1e4;
    private final List<Stack> stacks = new ArrayList<>();

    ImpliedSurface(Mask ctv, Interval bounds, double reachMm, Backend backend) {
        Grid g = ctv.grid();
        for (int[] voxels : components(ctv, bounds)) stacks.add(new Stack(g, voxels, reachMm, backend));
    }

    /** F at continuous voxel-index coordinates (u, v, w) of the mask's grid: the union (minimum) over components. */
    double value(double u, double v, double w) {
        double best = FAR;
        for (Stack s : stacks) {
            if (!s.near(u, v, w)) continue;
            best = Math.min(best, s.value(u, v, w));
        }
        return best;
    }

    /** One connected component: its sections along axis 2 and its area curve. */
    private static final class Stack {
        final double sx, sy, sz;
        final int k0, k1, bi0, bj0, bnx, bny;
        final float[][] d;
        final double[] area, cx, cy;
        /** The area (mm²) enclosed by each smoothed section's zero level, which the scaling to the interpolated area divides by. */
        final double[] levelArea;
        final double[] fitTop, fitBottom;
        final double zTop, zBottom;

        Stack(Grid g, int[] voxels, double reachMm, Backend backend) {
            sx = g.spacingMm(0);
            sy = g.spacingMm(1);
            sz = g.spacingMm(2);
            int nx = g.size(0), ny = g.size(1);
            int i0 = Integer.MAX_VALUE, i1 = -1, j0 = Integer.MAX_VALUE, j1 = -1, kk0 = Integer.MAX_VALUE, kk1 = -1;
            for (int idx : voxels) {
                int i = idx % nx, j = (idx / nx) % ny, k = idx / (nx * ny);
                i0 = Math.min(i0, i); i1 = Math.max(i1, i);
                j0 = Math.min(j0, j); j1 = Math.max(j1, j);
                kk0 = Math.min(kk0, k); kk1 = Math.max(kk1, k);
            }
            k0 = kk0;
            k1 = kk1;
            int pi = (int) Math.ceil((reachMm + 3 * SMOOTHING_MM) / sx) + 3, pj = (int) Math.ceil((reachMm + 3 * SMOOTHING_MM) / sy) + 3;
            bi0 = i0 - pi;
            bj0 = j0 - pj;
            bnx = i1 - i0 + 1 + 2 * pi;
            bny = j1 - j0 + 1 + 2 * pj;
            int slices = k1 - k0 + 1;
            byte[][] sections = new byte[slices][bnx * bny];
            area = new double[slices];
            cx = new double[slices];
            cy = new double[slices];
            long[] count = new long[slices];
            for (int idx : voxels) {
                int i = idx % nx, j = (idx / nx) % ny, k = idx / (nx * ny);
                sections[k - k0][(i - bi0) + bnx * (j - bj0)] = 1;
                count[k - k0]++;
                cx[k - k0] += i;
                cy[k - k0] += j;
            }
            d = new float[slices][];
            levelArea = new double[slices];
            DistanceTransform dt = new DistanceTransform(backend);
            Grid plane = Grid.of(bnx, bny, 1, sx, sy, sz);
            for (int s = 0; s < slices; s++) {
                area[s] = count[s] * sx * sy;
                cx[s] /= count[s];
                cy[s] /= count[s];
                float[] raw = dt.signedMm(Mask.wrap(plane, sections[s]));
                d[s] = smooth(raw, bnx, bny, sx, sy);
                levelArea[s] = insideArea(d[s], bnx, bny, sx, sy);
                if (!(levelArea[s] > 0.5 * area[s])) {
                    // A section of a few pixels that the smoothing nearly erases keeps its staircase.
                    d[s] = raw;
                    levelArea[s] = insideArea(raw, bnx, bny, sx, sy);
                }
            }
            fitTop = endFit(+1);
            fitBottom = endFit(-1);
            zTop = cap(fitTop, k1, +1);
            zBottom = cap(fitBottom, k0, -1);
        }

        boolean near(double u, double v, double w) {
            return u >= bi0 - 1 && v >= bj0 - 1 && u <= bi0 + bnx && v <= bj0 + bny && w >= zBottom - 2 && w <= zTop + 2;
        }

        /** Least-squares quadratic a(x) = c0 + c1 x + c2 x² of the area against x = slice − end slice, or null. */
        private double[] endFit(int side) {
            int end = side > 0 ? k1 : k0;
            int n = Math.min(4, k1 - k0 + 1);
            if (n < 3) return null;
            double[][] ata = new double[3][3];
            double[] atb = new double[3];
            for (int q = 0; q < n; q++) {
                double x = -side * q;
                double y = area[end - side * q - k0];
                double[] row = {1, x, x * x};
                for (int r = 0; r < 3; r++) {
                    atb[r] += row[r] * y;
                    for (int c = 0; c < 3; c++) ata[r][c] += row[r] * row[c];
                }
            }
            return solve3(ata, atb);
        }

        /** The cap: the first root of the end fit within 1.5 slices, at most one slice out; else half a slice out. */
        private static double cap(double[] fit, int end, int side) {
            if (fit == null) return end + side * 0.5;
            double a = fit[2], b = fit[1] * side, c = fit[0]; // in x' = side·x ≥ 0
            double root = Double.NaN;
            if (Math.abs(a) < 1e-12) {
                if (Math.abs(b) > 1e-12) root = -c / b;
            } else {
                double disc = b * b - 4 * a * c;
                if (disc >= 0) {
                    double r1 = (-b - Math.sqrt(disc)) / (2 * a), r2 = (-b + Math.sqrt(disc)) / (2 * a);
                    double lo = Math.min(r1, r2), hi = Math.max(r1, r2);
                    root = lo > 0 ? lo : hi;
                }
            }
            if (!(root > 0 && root <= 1.5)) return end + side * 0.5;
            return end + side * Math.min(1.0, root);
        }

        private double areaOf(int slice) {
            if (slice >= k0 && slice <= k1) return area[slice - k0];
            boolean top = slice > k1;
            double[] fit = top ? fitTop : fitBottom;
            int end = top ? k1 : k0;
            if (fit == null) return area[end - k0];
            double x = slice - end;
            return fit[0] + fit[1] * x + fit[2] * x * x;
        }

        private double areaAt(double w) {
            int i = (int) Math.floor(w);
            double t = w - i;
            double p0 = areaOf(i - 1), p1 = areaOf(i), p2 = areaOf(i + 1), p3 = areaOf(i + 2);
            return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
        }

        double value(double u, double v, double w) {
            if (w > zTop) return outside(u, v, (w - zTop) * sz, k1);
            if (w < zBottom) return outside(u, v, (zBottom - w) * sz, k0);
            double a = areaAt(w);
            if (!(a > 0)) return outside(u, v, 0, w > (k0 + k1) / 2.0 ? k1 : k0);
            int i = (int) Math.floor(w);
            if (i >= k1) return term(k1, a, u, v);
            if (i < k0) return term(k0, a, u, v);
            double t = w - i;
            return (1 - t) * term(i, a, u, v) + t * term(i + 1, a, u, v);
        }

        /** Past a cap: the distance to the end section's centroid line and above the cap, a positive continuation. */
        private double outside(double u, double v, double aboveMm, int end) {
            double du = (u - cx[end - k0]) * sx, dv = (v - cy[end - k0]) * sy;
            return Math.max(1e-3, Math.sqrt(du * du + dv * dv + aboveMm * aboveMm));
        }

        private double term(int slice, double a, double u, double v) {
            int s = slice - k0;
            double scale = Math.sqrt(a / levelArea[s]);
            double pu = cx[s] + (u - cx[s]) / scale - bi0, pv = cy[s] + (v - cy[s]) / scale - bj0;
            return scale * sample(d[s], pu, pv);
        }

        /** Bilinear inside the section's box; beyond it, the edge value plus the distance past the edge. */
        private double sample(float[] f, double pu, double pv) {
            double extra = 0;
            if (pu < 0) { extra += -pu * sx; pu = 0; }
            if (pv < 0) { extra += -pv * sy; pv = 0; }
            if (pu > bnx - 1) { extra += (pu - bnx + 1) * sx; pu = bnx - 1; }
            if (pv > bny - 1) { extra += (pv - bny + 1) * sy; pv = bny - 1; }
            int i = Math.min((int) pu, bnx - 2), j = Math.min((int) pv, bny - 2);
            double fu = pu - i, fv = pv - j;
            int o = i + bnx * j;
            double c0 = f[o] + (f[o + 1] - f[o]) * fu, c1 = f[o + bnx] + (f[o + bnx + 1] - f[o + bnx]) * fu;
            return c0 + (c1 - c0) * fv + extra;
        }
    }

    private static final int SUBSAMPLES = 16;

    /** The area (mm²) where the bilinear interpolant of f is negative: cells across the zero level by midpoint sampling. */
    static double insideArea(float[] f, int nx, int ny, double sx, double sy) {
        double cells = 0;
        for (int j = 0; j + 1 < ny; j++) {
            for (int i = 0; i + 1 < nx; i++) {
                int o = i + nx * j;
                float a = f[o], b = f[o + 1], c = f[o + nx], e = f[o + nx + 1];
                int negative = (a < 0 ? 1 : 0) + (b < 0 ? 1 : 0) + (c < 0 ? 1 : 0) + (e < 0 ? 1 : 0);
                if (negative == 4) { // a bilinear interpolant lies between its corner values
                    cells += 1;
                    continue;
                }
                if (negative == 0) continue;
                int hits = 0;
                for (int v = 0; v < SUBSAMPLES; v++) {
                    double fv = (v + 0.5) / SUBSAMPLES;
                    double left = a + (c - a) * fv, right = b + (e - b) * fv;
                    for (int u = 0; u < SUBSAMPLES; u++) {
                        double fu = (u + 0.5) / SUBSAMPLES;
                        if (left + (right - left) * fu < 0) hits++;
                    }
                }
                cells += hits / (double) (SUBSAMPLES * SUBSAMPLES);
            }
        }
        return cells * sx * sy;
    }

    /** Gaussian smoothing of σ = SMOOTHING_MM with the second-order shrink removed: G − σ²/2·∇²G. */
    static float[] smooth(float[] f, int nx, int ny, double sx, double sy) {
        float[] g = gauss(gauss(f, nx, ny, sx, true), nx, ny, sy, false);
        float[] out = new float[g.length];
        double s2 = 0.5 * SMOOTHING_MM * SMOOTHING_MM;
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                int o = i + nx * j;
                double c = g[o];
                double lx = (g[i > 0 ? o - 1 : o] - 2 * c + g[i < nx - 1 ? o + 1 : o]) / (sx * sx);
                double ly = (g[j > 0 ? o - nx : o] - 2 * c + g[j < ny - 1 ? o + nx : o]) / (sy * sy);
                out[o] = (float) (c - s2 * (lx + ly));
            }
        }
        return out;
    }

    private static float[] gauss(float[] f, int nx, int ny, double spacing, boolean alongX) {
        double sigma = SMOOTHING_MM / spacing;
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int q = -r; q <= r; q++) sum += k[q + r] = Math.exp(-0.5 * q * q / (sigma * sigma));
        for (int q = 0; q < k.length; q++) k[q] /= sum;
        float[] out = new float[f.length];
        for (int j = 0; j < ny; j++) {
            for (int i = 0; i < nx; i++) {
                double acc = 0;
                for (int q = -r; q <= r; q++) {
                    int ii = alongX ? Math.max(0, Math.min(nx - 1, i + q)) : i, jj = alongX ? j : Math.max(0, Math.min(ny - 1, j + q));
                    acc += k[q + r] * f[ii + nx * jj];
                }
                out[i + nx * j] = (float) acc;
            }
        }
        return out;
    }

    private static double[] solve3(double[][] a, double[] b) {
        double det = det3(a);
        if (Math.abs(det) < 1e-12) return null;
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] m = {a[0].clone(), a[1].clone(), a[2].clone()};
            for (int r = 0; r < 3; r++) m[r][c] = b[r];
            x[c] = det3(m) / det;
        }
        return x;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    /** The voxel indices of each 26-connected component. */
    static List<int[]> components(Mask m, Interval bounds) {
        Grid g = m.grid();
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        byte[] v = m.voxels();
        List<int[]> out = new ArrayList<>();
        if (bounds == null) return out;
        int[] bb = {(int) bounds.min(0), (int) bounds.min(1), (int) bounds.min(2), (int) bounds.max(0), (int) bounds.max(1), (int) bounds.max(2)};
        int bx = bb[3] - bb[0] + 1, by = bb[4] - bb[1] + 1;
        int[] label = new int[bx * by * (bb[5] - bb[2] + 1)]; // over the bounding box only
        int[] stack = new int[1024];
        int next = 0;
        for (int k = bb[2]; k <= bb[5]; k++) for (int j = bb[1]; j <= bb[4]; j++) for (int i = bb[0]; i <= bb[3]; i++) {
            int start = i + nx * (j + ny * k);
            if (v[start] == 0 || label[(i - bb[0]) + bx * ((j - bb[1]) + by * (k - bb[2]))] != 0) continue;
            next++;
            int top = 0, size = 0;
            stack[top++] = start;
            label[(i - bb[0]) + bx * ((j - bb[1]) + by * (k - bb[2]))] = next;
            int[] members = new int[64];
            while (top > 0) {
                int c = stack[--top];
                if (size == members.length) members = java.util.Arrays.copyOf(members, size * 2);
                members[size++] = c;
                int ci = c % nx, cj = (c / nx) % ny, ck = c / (nx * ny);
                for (int dk = -1; dk <= 1; dk++) for (int dj = -1; dj <= 1; dj++) for (int di = -1; di <= 1; di++) {
                    int ii = ci + di, jj = cj + dj, kk = ck + dk;
                    if (ii < bb[0] || jj < bb[1] || kk < bb[2] || ii > bb[3] || jj > bb[4] || kk > bb[5]) continue;
                    int n = ii + nx * (jj + ny * kk);
                    int l = (ii - bb[0]) + bx * ((jj - bb[1]) + by * (kk - bb[2]));
                    if (v[n] == 0 || label[l] != 0) continue;
                    label[l] = next;
                    if (top == stack.length) stack = java.util.Arrays.copyOf(stack, top * 2);
                    stack[top++] = n;
                }
            }
            out.add(java.util.Arrays.copyOf(members, size));
        }
        return out;
    }
}
