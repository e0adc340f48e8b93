package org.halo.io.dicom;

import java.util.ArrayList;
import java.util.List;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * A mask's boundary on each slice (grid axis 2) as closed planar polygons through the midpoints between inside and
 * outside voxel centres (marching squares), whose even–odd union holds exactly the inside voxel centres; collinear
 * vertices removed. Where two inside voxels touch only diagonally the boundary joins them. Slices with nothing inside
 * give no polygon. Holes are either joined to the outline around them by a zero-width cut between two rows of voxel
 * centres ({@link Holes#KEYHOLE}: one polygon per connected region, which readers that take the union of a slice's
 * contours read right too) or written as polygons of their own ({@link Holes#SEPARATE}). A fraction map (sub-voxel
 * margins) is traced at a level instead: the crossing on each edge is placed by linear interpolation of the two voxel
 * values.
 */
public final class ContourTracer {
    private ContourTracer() {}

    /** How a region's holes are written. */
    public enum Holes {
        /** Each hole joined to the outline around it by a zero-width cut: one polygon per connected region. */
        KEYHOLE,
        /** Outer boundaries and holes as separate polygons, combined even–odd by the reader. */
        SEPARATE
    }

    /** One polygon on slice {@code slice}: patient positions (mm, LPS), x, y, z per vertex. */
    public record Polygon(int slice, double[] pointsMm) {
        /** {@return the number of vertices} */
        public int points() {
            return pointsMm.length / 3;
        }
    }

    /**
     * The mask's outlines with holes as separate polygons, not simplified.
     *
     * @param mask the structure
     * @return the polygons, slice by slice
     */
    public static List<Polygon> trace(Mask mask) {
        return trace(mask, Holes.SEPARATE, 0);
    }

    /**
     * The mask's outlines, holes as asked, each outline simplified within {@code simplifyMm} (0: not at all) before holes are joined.
     *
     * @param mask the structure
     * @param holes how holes are written
     * @param simplifyMm how far simplification may move an outline (mm; 0: not at all)
     * @return the polygons, slice by slice
     */
    public static List<Polygon> trace(Mask mask, Holes holes, double simplifyMm) {
        byte[] v = mask.voxels();
        return trace(mask.grid(), i -> v[i], 0.5, holes, simplifyMm);
    }

    /**
     * The polygon with vertices removed (Douglas–Peucker, closed) while every removed vertex stays within
     * {@code toleranceMm} of the simplified outline; since distance to a segment is convex, so does every point of the
     * original outline. Never fewer than three vertices.
     *
     * @param p the polygon
     * @param toleranceMm how far the outline may move (mm)
     * @return the simplified polygon
     */
    public static Polygon simplify(Polygon p, double toleranceMm) {
        boolean[] keep = kept(p.pointsMm(), toleranceMm);
        if (keep == null) return p;
        int kept = 0;
        for (boolean k : keep) if (k) kept++;
        double[] q = p.pointsMm(), out = new double[3 * kept];
        int o = 0;
        for (int i = 0; i < p.points(); i++) if (keep[i]) System.arraycopy(q, 3 * i, out, 3 * o++, 3);
        return new Polygon(p.slice(), out);
    }

    /** Which vertices (x, y, z in mm) simplification keeps; null when it keeps them all or would leave fewer than three. */
    private static boolean[] kept(double[] q, double toleranceMm) {
        int n = q.length / 3;
        if (!(toleranceMm > 0) || n <= 3) return null;
        boolean[] keep = new boolean[n];
        // Split the loop at vertex 0 and the vertex farthest from it; simplify each half as an open chain.
        int far = 0;
        double best = -1;
        for (int i = 1; i < n; i++) {
            double d = dist2(q, 0, i);
            if (d > best) {
                best = d;
                far = i;
            }
        }
        keep[0] = keep[far] = true;
        chain(q, 0, far, toleranceMm, keep);
        chain(q, far, n, toleranceMm, keep);
        int kept = 0;
        for (boolean k : keep) if (k) kept++;
        return kept < 3 || kept == n ? null : keep;
    }

    /** Douglas–Peucker between vertices a and b (b may be n, meaning vertex 0 again). */
    private static void chain(double[] q, int a, int b, double tol, boolean[] keep) {
        int n = q.length / 3;
        if (b - a < 2) return;
        int worst = -1;
        double worstD = -1;
        for (int i = a + 1; i < b; i++) {
            double d = segmentDistance(q, i, a, b % n);
            if (d > worstD) {
                worstD = d;
                worst = i;
            }
        }
        if (worstD > tol) {
            keep[worst] = true;
            chain(q, a, worst, tol, keep);
            chain(q, worst, b, tol, keep);
        }
    }

    private static double dist2(double[] q, int i, int j) {
        double dx = q[3 * i] - q[3 * j], dy = q[3 * i + 1] - q[3 * j + 1], dz = q[3 * i + 2] - q[3 * j + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    /** Distance (mm) from vertex p to the segment between vertices a and b. */
    static double segmentDistance(double[] q, int p, int a, int b) {
        double[] ab = new double[3], ap = new double[3];
        double len2 = 0, dot = 0;
        for (int k = 0; k < 3; k++) {
            ab[k] = q[3 * b + k] - q[3 * a + k];
            ap[k] = q[3 * p + k] - q[3 * a + k];
            len2 += ab[k] * ab[k];
            dot += ab[k] * ap[k];
        }
        double t = len2 > 0 ? Math.max(0, Math.min(1, dot / len2)) : 0;
        double d2 = 0;
        for (int k = 0; k < 3; k++) {
            double e = ap[k] - t * ab[k];
            d2 += e * e;
        }
        return Math.sqrt(d2);
    }

    /**
     * The boundary of {value ≥ level} of a map on the grid (values by voxel index, e.g. sub-voxel fractions at 0.5), holes separate.
     *
     * @param g the grid
     * @param values the value of each voxel by its index
     * @param level the level traced
     * @return the polygons, slice by slice
     */
    public static List<Polygon> trace(Grid g, java.util.function.IntToDoubleFunction values, double level) {
        return trace(g, values, level, Holes.SEPARATE, 0);
    }

    /**
     * The boundary of {value ≥ level}, holes as asked. Each outline is simplified within {@code simplifyMm} first (0: not
     * at all), so that the cuts that join holes stay where they were placed, between rows of voxel centres.
     *
     * @param g the grid
     * @param values the value of each voxel by its index
     * @param level the level traced
     * @param holes how holes are written
     * @param simplifyMm how far simplification may move an outline (mm; 0: not at all)
     * @return the polygons, slice by slice
     */
    public static List<Polygon> trace(Grid g, java.util.function.IntToDoubleFunction values, double level, Holes holes, double simplifyMm) {
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        List<Polygon> out = new ArrayList<>();
        for (int k = 0; k < nz; k++) {
            int base = nx * ny * k;
            boolean any = false;
            for (int i = 0; i < nx * ny && !any; i++) any = values.applyAsDouble(base + i) >= level;
            if (!any) continue;
            List<double[]> loops = new ArrayList<>();
            for (double[] loop : slice(values, level, base, nx, ny)) loops.add(simplified(g, k, loop, simplifyMm));
            if (holes == Holes.KEYHOLE) loops = Keyholes.join(loops);
            for (double[] loop : loops) out.add(new Polygon(k, patientMm(g, k, loop)));
        }
        return out;
    }

    private static double[] simplified(Grid g, int k, double[] loop, double simplifyMm) {
        boolean[] keep = kept(patientMm(g, k, loop), simplifyMm);
        if (keep == null) return loop;
        int kept = 0;
        for (boolean x : keep) if (x) kept++;
        double[] out = new double[2 * kept];
        int o = 0;
        for (int p = 0; p < keep.length; p++) {
            if (!keep[p]) continue;
            out[2 * o] = loop[2 * p];
            out[2 * o++ + 1] = loop[2 * p + 1];
        }
        return out;
    }

    private static double[] patientMm(Grid g, int k, double[] loop) {
        double[] mm = new double[loop.length / 2 * 3];
        for (int p = 0; p < loop.length / 2; p++) {
            double[] pos = g.indexToPatientMm(loop[2 * p], loop[2 * p + 1], k);
            System.arraycopy(pos, 0, mm, 3 * p, 3);
        }
        return mm;
    }

    /**
     * The loops of one slice in index coordinates (x, y pairs). Vertices are edge midpoints: horizontal edge (i, j)–(i+1, j)
     * is id 2·(cell) and vertical edge (i, j)–(i, j+1) is id 2·(cell) + 1, over cells of a grid padded by one.
     */
    static List<double[]> slice(java.util.function.IntToDoubleFunction v, double level, int base, int nx, int ny) {
        int w = nx + 2, h = ny + 2; // padded: index (i + 1, j + 1)
        int[] next = new int[2 * w * h];
        java.util.Arrays.fill(next, -1);
        for (int j = -1; j < ny; j++) {
            for (int i = -1; i < nx; i++) {
                boolean a = value(v, base, nx, ny, i, j) >= level, b = value(v, base, nx, ny, i + 1, j) >= level,
                        c = value(v, base, nx, ny, i + 1, j + 1) >= level, d = value(v, base, nx, ny, i, j + 1) >= level;
                if (a == b && b == c && c == d) continue;
                // Counter-clockwise around the cell: bottom (a→b), right (b→c), top (c→d), left (d→a).
                boolean[] from = {a, b, c, d}, to = {b, c, d, a};
                int[] edge = {hId(i, j, w), vId(i + 1, j, w), hId(i, j + 1, w), vId(i, j, w)};
                int[] exits = new int[2], entries = new int[2];
                int ne = 0, nn = 0;
                int[] order = new int[4];
                int no = 0;
                for (int e = 0; e < 4; e++) {
                    if (from[e] && !to[e]) {
                        exits[ne++] = e;
                        order[no++] = e;
                    } else if (!from[e] && to[e]) {
                        entries[nn++] = e;
                        order[no++] = e;
                    }
                }
                // Each exit joins the next entry counter-clockwise: the inside stays on the left.
                for (int x = 0; x < no; x++) {
                    int e = order[x];
                    if (!(from[e] && !to[e])) continue;
                    int entry = order[(x + 1) % no];
                    next[edge[e]] = edge[entry];
                }
            }
        }
        List<double[]> loops = new ArrayList<>();
        boolean[] used = new boolean[next.length];
        for (int s = 0; s < next.length; s++) {
            if (next[s] < 0 || used[s]) continue;
            List<double[]> pts = new ArrayList<>();
            int cur = s;
            while (!used[cur]) {
                used[cur] = true;
                pts.add(position(cur, w, v, level, base, nx, ny));
                cur = next[cur];
                if (cur < 0) throw new IllegalStateException("open boundary");
            }
            loops.add(withoutCollinear(pts));
        }
        return loops;
    }

    /** The value at (i, j); outside the grid nothing is inside. */
    private static double value(java.util.function.IntToDoubleFunction v, int base, int nx, int ny, int i, int j) {
        return i >= 0 && j >= 0 && i < nx && j < ny ? v.applyAsDouble(base + i + nx * j) : Double.NEGATIVE_INFINITY;
    }

    private static int hId(int i, int j, int w) {
        return 2 * ((i + 1) + w * (j + 1));
    }

    private static int vId(int i, int j, int w) {
        return 2 * ((i + 1) + w * (j + 1)) + 1;
    }

    /** Where the level crosses the edge: linear between the two values; the midpoint when one side is off the grid. */
    private static double[] position(int id, int w, java.util.function.IntToDoubleFunction v, double level, int base, int nx, int ny) {
        int cell = id / 2, i = cell % w - 1, j = cell / w - 1;
        boolean horizontal = id % 2 == 0;
        double a = value(v, base, nx, ny, i, j), b = horizontal ? value(v, base, nx, ny, i + 1, j) : value(v, base, nx, ny, i, j + 1);
        double t = Double.isInfinite(a) || Double.isInfinite(b) ? 0.5 : (level - a) / (b - a);
        return horizontal ? new double[] {i + t, j} : new double[] {i, j + t};
    }

    /** The loop without vertices that lie exactly on the line through their neighbours. */
    private static double[] withoutCollinear(List<double[]> pts) {
        List<double[]> kept = new ArrayList<>(pts);
        boolean changed = true;
        while (changed && kept.size() > 3) {
            changed = false;
            for (int p = 0; p < kept.size() && kept.size() > 3; p++) {
                double[] a = kept.get((p + kept.size() - 1) % kept.size()), b = kept.get(p), c = kept.get((p + 1) % kept.size());
                if ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) == 0) {
                    kept.remove(p);
                    changed = true;
                    p--;
                }
            }
        }
        double[] flat = new double[2 * kept.size()];
        for (int p = 0; p < kept.size(); p++) {
            flat[2 * p] = kept.get(p)[0];
            flat[2 * p + 1] = kept.get(p)[1];
        }
        return flat;
    }
}
