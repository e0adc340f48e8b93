package org.halo.io.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins each hole of one slice's outlines to the outline around it by a zero-width cut (a keyhole), so that a region
 * and its holes are one polygon. Readers that take the union of a slice's contours, instead of combining them
 * even–odd, then still see the holes.
 *
 * <p>Outlines are in index coordinates (voxel centres at whole numbers), outer boundaries counter-clockwise and holes
 * clockwise, as {@link ContourTracer} traces them. Each cut runs along a line y = j + ½, halfway between two rows of
 * voxel centres, from the hole's rightmost point on such lines to the first outline to its right; a reader that tests
 * voxel centres along rows never meets it, and its two coincident edges cancel for one that does. Holes are taken in
 * order of that rightmost point, largest first, so a cut never crosses a hole not yet joined (a hole it meets first
 * lies further right, and was joined before). A hole that no line y = j + ½ meets (a sliver between two rows of a
 * fraction map's outline) is cut along the line through its rightmost vertex; one that still cannot be joined stays a
 * separate outline.
 */
final class Keyholes {
    private Keyholes() {}

    /** Where a hole's cut starts: the line's y, the point's x, and the edge of the hole it lies on (from that vertex). */
    private record Start(double y, double x, int edge) {}

    /** The outlines of one slice with every hole joined into the outline around it; x, y pairs per outline. */
    static List<double[]> join(List<double[]> loops) {
        List<List<double[]>> polygons = new ArrayList<>();
        List<Boolean> joined = new ArrayList<>();
        for (double[] loop : loops) {
            polygons.add(points(loop));
            joined.add(signedArea(loop) > 0);
        }
        List<Integer> holes = new ArrayList<>();
        List<Start> starts = new ArrayList<>();
        for (int h = 0; h < loops.size(); h++) {
            starts.add(joined.get(h) ? null : start(polygons.get(h)));
            if (!joined.get(h) && starts.get(h) != null) holes.add(h);
        }
        holes.sort(Comparator.comparingDouble((Integer h) -> -starts.get(h).x()));
        boolean progress = true;
        while (progress && !holes.isEmpty()) {
            progress = false;
            for (int idx = 0; idx < holes.size(); idx++) {
                int h = holes.get(idx);
                if (cut(polygons, joined, h, starts.get(h))) {
                    holes.remove(idx--);
                    progress = true;
                }
            }
        }
        List<double[]> out = new ArrayList<>();
        for (List<double[]> p : polygons) if (p != null) out.add(flat(p));
        return out;
    }

    /** The hole's rightmost point on a line y = j + ½; else on the line through its rightmost vertex off the rows; else null. */
    private static Start start(List<double[]> hole) {
        Start best = null;
        int n = hole.size();
        for (int e = 0; e < n; e++) {
            double[] a = hole.get(e), b = hole.get((e + 1) % n);
            double lo = Math.min(a[1], b[1]), hi = Math.max(a[1], b[1]);
            for (double y = Math.ceil(lo - 0.5) + 0.5; y <= hi; y++) {
                double x = crossing(a, b, y);
                if (best == null || x > best.x()) best = new Start(y, x, e);
            }
        }
        if (best != null) return best;
        for (int e = 0; e < n; e++) {
            double[] a = hole.get(e);
            if (a[1] != Math.rint(a[1]) && (best == null || a[0] > best.x())) best = new Start(a[1], a[0], e);
        }
        return best;
    }

    /** x where the segment a–b meets the line at height y (a's or b's x where the segment lies on it). */
    private static double crossing(double[] a, double[] b, double y) {
        if (a[1] == b[1]) return Math.max(a[0], b[0]);
        if (y == a[1]) return a[0];
        if (y == b[1]) return b[0];
        return a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
    }

    /**
     * Cuts hole h to the first outline right of its start; true when done. The outline met must already be a joined one
     * (an outer boundary, or one a hole was joined into); a hole met first is joined in a later pass, if at all.
     */
    private static boolean cut(List<List<double[]>> polygons, List<Boolean> joined, int h, Start s) {
        double bestX = Double.POSITIVE_INFINITY;
        int target = -1;
        for (int m = 0; m < polygons.size(); m++) {
            List<double[]> p = polygons.get(m);
            if (m == h || p == null) continue;
            int n = p.size();
            for (int e = 0; e < n; e++) {
                double[] a = p.get(e), b = p.get((e + 1) % n);
                if (Math.min(a[1], b[1]) > s.y() || Math.max(a[1], b[1]) < s.y()) continue;
                double x = a[1] == b[1] ? (a[0] > s.x() && b[0] > s.x() ? Math.min(a[0], b[0]) : a[0] > s.x() ? a[0] : b[0]) : crossing(a, b, s.y());
                if (x > s.x() && x < bestX) {
                    bestX = x;
                    target = m;
                }
            }
        }
        if (target < 0 || !joined.get(target)) return false;
        List<double[]> outline = polygons.get(target);
        double[] q = {bestX, s.y()};
        int at = occurrence(outline, q);
        List<double[]> hole = polygons.get(h);
        double[] p = {s.x(), s.y()};
        List<double[]> spliced = new ArrayList<>(outline.subList(0, at + 1));
        spliced.add(p);
        int n = hole.size();
        for (int k = 1; k <= n; k++) spliced.add(hole.get((s.edge() + k) % n));
        spliced.add(p);
        spliced.add(q);
        spliced.addAll(outline.subList(at + 1, outline.size()));
        polygons.set(target, withoutRepeats(spliced));
        polygons.set(h, null);
        return true;
    }

    /**
     * The index of q in the outline, inserted on its edge when it is no vertex. Where q is a vertex the outline passes
     * more than once (the end of an earlier cut), the pass whose inside wedge faces the cut (the −x direction).
     */
    private static int occurrence(List<double[]> outline, double[] q) {
        int n = outline.size();
        List<Integer> at = new ArrayList<>();
        for (int v = 0; v < n; v++) if (outline.get(v)[0] == q[0] && outline.get(v)[1] == q[1]) at.add(v);
        if (at.isEmpty()) {
            for (int e = 0; e < n; e++) {
                double[] a = outline.get(e), b = outline.get((e + 1) % n);
                if (Math.min(a[1], b[1]) <= q[1] && Math.max(a[1], b[1]) >= q[1] && a[1] != b[1] && crossing(a, b, q[1]) == q[0]) {
                    outline.add(e + 1, q);
                    return e + 1;
                }
            }
            throw new IllegalStateException("the cut's end is on no edge");
        }
        for (int v : at) if (facesLeft(outline, v)) return v;
        return at.get(0);
    }

    /** True when the inside of the outline at vertex v (on the left of travel) contains the direction −x. */
    private static boolean facesLeft(List<double[]> outline, int v) {
        int n = outline.size();
        double[] q = outline.get(v), prev = q, next = q;
        for (int k = 1; k < n && same(prev, q); k++) prev = outline.get((v - k + n) % n);
        for (int k = 1; k < n && same(next, q); k++) next = outline.get((v + k) % n);
        double out = Math.atan2(next[1] - q[1], next[0] - q[0]), in = Math.atan2(prev[1] - q[1], prev[0] - q[0]);
        double wedge = turn(in - out), left = turn(Math.PI - out);
        if (wedge == 0) wedge = 2 * Math.PI;
        return left > 0 && left < wedge;
    }

    private static double turn(double angle) {
        double t = angle % (2 * Math.PI);
        return t < 0 ? t + 2 * Math.PI : t;
    }

    private static boolean same(double[] a, double[] b) {
        return a[0] == b[0] && a[1] == b[1];
    }

    private static List<double[]> withoutRepeats(List<double[]> pts) {
        List<double[]> out = new ArrayList<>();
        for (double[] p : pts) if (out.isEmpty() || !same(out.get(out.size() - 1), p)) out.add(p);
        while (out.size() > 1 && same(out.get(0), out.get(out.size() - 1))) out.remove(out.size() - 1);
        return out;
    }

    private static List<double[]> points(double[] loop) {
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < loop.length / 2; i++) p.add(new double[] {loop[2 * i], loop[2 * i + 1]});
        return p;
    }

    private static double[] flat(List<double[]> p) {
        double[] out = new double[2 * p.size()];
        for (int i = 0; i < p.size(); i++) {
            out[2 * i] = p.get(i)[0];
            out[2 * i + 1] = p.get(i)[1];
        }
        return out;
    }

    static double signedArea(double[] loop) {
        int n = loop.length / 2;
        double a = 0;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            a += loop[2 * i] * loop[2 * j + 1] - loop[2 * j] * loop[2 * i + 1];
        }
        return a / 2;
    }
}
