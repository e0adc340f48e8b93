package org.halo.io.dicom;

import java.util.ArrayList;
import java.util.List;
import org.halo.image.Grid;
import org.halo.image.Mask;

/**
 * A mask's boundary on each slice (grid axis 2) as closed planar polygons through the midpoints between inside and
 * outside voxel centres (marching squares), outer boundaries and holes as separate polygons whose even–odd union holds
 * exactly the inside voxel centres; collinear vertices removed. Where two inside voxels touch only diagonally the
 * boundary joins them. Slices with nothing inside give no polygon.
 */
public final class ContourTracer {
    private ContourTracer() {}

    /** One polygon on slice {@code slice}: patient positions (mm, LPS), x, y, z per vertex. */
    public record Polygon(int slice, double[] pointsMm) {
        public int points() {
            return pointsMm.length / 3;
        }
    }

    public static List<Polygon> trace(Mask mask) {
        Grid g = mask.grid();
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        List<Polygon> out = new ArrayList<>();
        byte[] v = mask.voxels();
        for (int k = 0; k < nz; k++) {
            int base = nx * ny * k;
            boolean any = false;
            for (int i = 0; i < nx * ny && !any; i++) any = v[base + i] != 0;
            if (!any) continue;
            for (double[] loop : slice(v, base, nx, ny)) {
                double[] mm = new double[loop.length / 2 * 3];
                for (int p = 0; p < loop.length / 2; p++) {
                    double[] pos = g.indexToPatientMm(loop[2 * p], loop[2 * p + 1], k);
                    System.arraycopy(pos, 0, mm, 3 * p, 3);
                }
                out.add(new Polygon(k, mm));
            }
        }
        return out;
    }

    /**
     * The loops of one slice in index coordinates (x, y pairs). Vertices are edge midpoints: horizontal edge (i, j)–(i+1, j)
     * is id 2·(cell) and vertical edge (i, j)–(i, j+1) is id 2·(cell) + 1, over cells of a grid padded by one.
     */
    static List<double[]> slice(byte[] v, int base, int nx, int ny) {
        int w = nx + 2, h = ny + 2; // padded: index (i + 1, j + 1)
        int[] next = new int[2 * w * h];
        java.util.Arrays.fill(next, -1);
        for (int j = -1; j < ny; j++) {
            for (int i = -1; i < nx; i++) {
                boolean a = in(v, base, nx, ny, i, j), b = in(v, base, nx, ny, i + 1, j), c = in(v, base, nx, ny, i + 1, j + 1),
                        d = in(v, base, nx, ny, i, j + 1);
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
                pts.add(position(cur, w));
                cur = next[cur];
                if (cur < 0) throw new IllegalStateException("open boundary");
            }
            loops.add(withoutCollinear(pts));
        }
        return loops;
    }

    private static boolean in(byte[] v, int base, int nx, int ny, int i, int j) {
        return i >= 0 && j >= 0 && i < nx && j < ny && v[base + i + nx * j] != 0;
    }

    private static int hId(int i, int j, int w) {
        return 2 * ((i + 1) + w * (j + 1));
    }

    private static int vId(int i, int j, int w) {
        return 2 * ((i + 1) + w * (j + 1)) + 1;
    }

    private static double[] position(int id, int w) {
        int cell = id / 2, i = cell % w - 1, j = cell / w - 1;
        return id % 2 == 0 ? new double[] {i + 0.5, j} : new double[] {i, j + 0.5};
    }

    /** The loop without vertices that lie on the line through their neighbours (exact: coordinates are half-integers). */
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
