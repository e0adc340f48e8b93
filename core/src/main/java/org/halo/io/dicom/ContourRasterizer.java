package org.halo.io.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Matrix3;
import org.halo.image.Volume;

/**
 * Planar contours to voxels on a grid whose slices are parallel to the contour planes.
 *
 * <p>Each contour plane stands for a slab halfway to its neighbouring planes (the end planes reach as far out as
 * their inner half), so the ROI's volume is Σ area × plane spacing. A gap of more than {@value #GAP_FACTOR} times the
 * ROI's median plane spacing separates parts of the ROI: the planes beside it end there as end planes do. All contours on one plane combine even–odd, so holes
 * and islands come out right. <b>Voxel-centre mode</b>: a voxel is inside when its centre lies inside the polygons of the
 * plane whose slab holds the centre. <b>Fractional mode</b>: each voxel gets the fraction of its volume inside, from
 * the polygon area over the voxel (exact along rows, 16 sub-rows per row) times the overlap of the voxel with each
 * plane's slab. A ROI or contour that no voxel centre samples is kept (on the nearest slice, or as the voxel holding
 * its centroid) and a warning says so.
 */
public final class ContourRasterizer {
    private static final int SUB_ROWS = 8;
    /** Contour points may stray this far (in slices) from their plane and still count as planar. */
    private static final double PLANE_TOLERANCE = 0.1;

    /** The result: a binary mask or a fractional volume (the other null), and what the user must be told. */
    public record Result(Mask mask, Volume fraction, List<String> warnings, double contourVolumeCc) {}

    private record Plane(double k, List<double[]> polygons, double lo, double hi) {}

    private ContourRasterizer() {}

    /**
     * Places a ROI's contours on a grid whose slices are parallel to the contour planes.
     *
     * @param roi the ROI
     * @param grid the grid
     * @param fractional the fraction of each voxel inside instead of voxel centres
     * @return the mask or fractions, the warnings and the contours' own volume
     */
    public static Result rasterize(RtStructureSet.Roi roi, Grid grid, boolean fractional) {
        List<String> warnings = new ArrayList<>();
        double[] inv = Matrix3.inverse(grid.direction());
        double[] origin = grid.originMm();
        // Contours → polygons in continuous index coordinates (x = i, y = j), grouped by plane k.
        List<double[]> polys = new ArrayList<>();
        List<Double> ks = new ArrayList<>();
        for (RtStructureSet.Contour c : roi.contours()) {
            if (c.type().equals("POINT")) continue;
            if (!c.type().equals("CLOSED_PLANAR")) {
                warnings.add("ROI '" + roi.name() + "': a " + c.type() + " contour is not a closed outline and is ignored");
                continue;
            }
            int n = c.pointCount();
            if (n < 3) {
                warnings.add("ROI '" + roi.name() + "': a contour of " + n + " point(s) encloses nothing and is ignored");
                continue;
            }
            double[] xy = new double[2 * n];
            double kSum = 0, kMin = Double.POSITIVE_INFINITY, kMax = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < n; p++) {
                double[] idx = toIndex(c.pointsMm(), p, inv, origin, grid);
                xy[2 * p] = idx[0];
                xy[2 * p + 1] = idx[1];
                kSum += idx[2];
                kMin = Math.min(kMin, idx[2]);
                kMax = Math.max(kMax, idx[2]);
            }
            if (kMax - kMin > PLANE_TOLERANCE) {
                throw new HaloException("ROI '" + roi.name() + "' has a contour that is not parallel to the grid's slices (it spans "
                        + String.format(Locale.ROOT, "%.2f", kMax - kMin) + " slices); use a reference grid aligned with the structure set");
            }
            polys.add(xy);
            ks.add(kSum / n);
        }
        if (polys.isEmpty()) {
            int tooFew = 0, points = 0, open = 0;
            for (RtStructureSet.Contour c : roi.contours()) {
                if (c.type().equals("POINT")) points++;
                else if (!c.type().equals("CLOSED_PLANAR")) open++;
                else tooFew++;
            }
            List<String> kinds = new ArrayList<>();
            if (tooFew > 0) kinds.add(tooFew + " CLOSED_PLANAR contour(s) of fewer than 3 points");
            if (points > 0) kinds.add(points + " POINT contour(s)");
            if (open > 0) kinds.add(open + " open contour(s)");
            throw new HaloException("ROI '" + roi.name() + "' encloses no volume: it has no closed contour of 3 or more points"
                    + (kinds.isEmpty() ? " (no contours at all)" : " (" + String.join(", ", kinds) + ")"));
        }
        List<Plane> planes = planes(polys, ks, grid);
        double contourVolumeMm3 = 0;
        double sliceMm = grid.spacingMm(2), pixelMm2 = grid.spacingMm(0) * grid.spacingMm(1);
        for (Plane p : planes) contourVolumeMm3 += area(p.polygons()) * pixelMm2 * (p.hi() - p.lo()) * sliceMm;

        int nx = grid.size(0), ny = grid.size(1), nz = grid.size(2);
        double[] xyMin = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, xyMax = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] poly : polys) {
            for (int q = 0; q < poly.length; q += 2) {
                xyMin[0] = Math.min(xyMin[0], poly[q]); xyMax[0] = Math.max(xyMax[0], poly[q]);
                xyMin[1] = Math.min(xyMin[1], poly[q + 1]); xyMax[1] = Math.max(xyMax[1], poly[q + 1]);
            }
        }
        if (xyMin[0] < -0.5 || xyMin[1] < -0.5 || xyMax[0] > nx - 0.5 || xyMax[1] > ny - 0.5
                || planes.get(0).lo() < -0.5 || planes.get(planes.size() - 1).hi() > nz - 0.5) {
            // Only what lies on the grid is kept, never moved onto it: say how much is lost, refuse a ROI with nothing left.
            double insideMm3 = volumeOnGridVoxels(planes, nx, ny, nz) * pixelMm2 * sliceMm;
            if (!(insideMm3 > 1e-9 * Math.max(1, contourVolumeMm3))) {
                throw new HaloException(String.format(Locale.ROOT, "ROI '%s' (%.3f cc) lies entirely outside the reference grid"
                        + " (its contours span %s mm, the grid's voxels %s mm)", roi.name(), contourVolumeMm3 / 1000.0,
                        extent(roi), gridExtent(grid)));
            }
            warnings.add(String.format(Locale.ROOT, "ROI '%s' reaches beyond the reference grid: %.3f cc of its %.3f cc lie outside and are dropped",
                    roi.name(), (contourVolumeMm3 - insideMm3) / 1000.0, contourVolumeMm3 / 1000.0));
        }
        if (fractional) {
            float[] f = new float[grid.voxelCount()];
            for (Plane p : planes) {
                int k0 = Math.max(0, (int) Math.floor(p.lo() + 0.5)), k1 = Math.min(nz - 1, (int) Math.ceil(p.hi() - 0.5));
                double[] areas = null;
                for (int k = k0; k <= k1; k++) {
                    double w = Math.min(p.hi(), k + 0.5) - Math.max(p.lo(), k - 0.5);
                    if (w <= 0) continue;
                    if (areas == null) areas = coverage(p.polygons(), nx, ny);
                    int base = k * nx * ny;
                    for (int i = 0; i < areas.length; i++) if (areas[i] != 0) f[base + i] += (float) (w * areas[i]);
                }
            }
            for (int i = 0; i < f.length; i++) if (f[i] > 1f) f[i] = 1f;
            return new Result(null, Volume.ofFloats(grid, f).asFractionMap("fraction of voxel inside ROI " + roi.name()), warnings, contourVolumeMm3 / 1000.0);
        }
        byte[] m = new byte[grid.voxelCount()];
        boolean[] sampled = new boolean[planes.size()];
        for (int k = 0; k < nz; k++) {
            int pi = planeAt(planes, k);
            if (pi < 0) continue;
            sampled[pi] = true;
            fillCentres(planes.get(pi).polygons(), nx, ny, m, k * nx * ny, roi, k, warnings);
        }
        boolean any = false;
        for (boolean s : sampled) any |= s;
        if (!any) {
            // No voxel centre falls in any plane's slab: keep the ROI on its nearest slice, for planes inside the grid's
            // extent only (a plane beyond the grid was dropped above, never moved onto it).
            List<Plane> within = new ArrayList<>();
            for (Plane p : planes) if (p.k() >= -0.5 && p.k() < nz - 0.5) within.add(p);
            if (within.isEmpty()) {
                throw new HaloException(String.format(Locale.ROOT, "ROI '%s' lies outside the reference grid's slices (its contours span %s mm,"
                        + " the grid's voxels %s mm)", roi.name(), extent(roi), gridExtent(grid)));
            }
            Plane p = within.get(within.size() / 2);
            int k = (int) Math.max(0, Math.min(nz - 1, Math.round(p.k())));
            warnings.add(String.format(Locale.ROOT, "ROI '%s' lies between the grid's slices (at slice %.2f); it is kept on slice %d", roi.name(), p.k(), k));
            fillCentres(p.polygons(), nx, ny, m, k * nx * ny, roi, k, warnings);
        }
        return new Result(Mask.wrap(grid, m), null, warnings, contourVolumeMm3 / 1000.0);
    }

    /** The ROI's area × slab thickness inside the grid's voxels, in voxel units (pixel area × slices). */
    private static double volumeOnGridVoxels(List<Plane> planes, int nx, int ny, int nz) {
        double total = 0;
        for (Plane p : planes) {
            double thickness = Math.min(p.hi(), nz - 0.5) - Math.max(p.lo(), -0.5);
            if (thickness <= 0) continue;
            double area = 0;
            for (double a : coverage(p.polygons(), nx, ny)) area += a;
            total += area * thickness;
        }
        return total;
    }

    /** The bounding box of a ROI's contour points, as text (mm, LPS). */
    private static String extent(RtStructureSet.Roi roi) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (RtStructureSet.Contour c : roi.contours()) {
            double[] p = c.pointsMm();
            for (int q = 0; q < p.length; q++) {
                lo[q % 3] = Math.min(lo[q % 3], p[q]);
                hi[q % 3] = Math.max(hi[q % 3], p[q]);
            }
        }
        return box(lo, hi);
    }

    /** The patient-space bounding box of a grid's voxels (outer faces), as text. */
    private static String gridExtent(Grid g) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int corner = 0; corner < 8; corner++) {
            double[] p = g.indexToPatientMm((corner & 1) == 0 ? -0.5 : g.size(0) - 0.5, (corner & 2) == 0 ? -0.5 : g.size(1) - 0.5,
                    (corner & 4) == 0 ? -0.5 : g.size(2) - 0.5);
            for (int a = 0; a < 3; a++) {
                lo[a] = Math.min(lo[a], p[a]);
                hi[a] = Math.max(hi[a], p[a]);
            }
        }
        return box(lo, hi);
    }

    private static String box(double[] lo, double[] hi) {
        return String.format(Locale.ROOT, "x %.1f…%.1f, y %.1f…%.1f, z %.1f…%.1f", lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]);
    }

    private static double[] toIndex(double[] pts, int p, double[] inv, double[] origin, Grid g) {
        double dx = pts[3 * p] - origin[0], dy = pts[3 * p + 1] - origin[1], dz = pts[3 * p + 2] - origin[2];
        double[] out = new double[3];
        for (int r = 0; r < 3; r++) out[r] = (inv[3 * r] * dx + inv[3 * r + 1] * dy + inv[3 * r + 2] * dz) / g.spacingMm(r);
        return out;
    }

    /** Groups polygons by plane and gives each plane its slab [lo, hi) in slice units. */
    /** A gap between contour planes beyond this many typical spacings separates the ROI's parts. */
    static final double GAP_FACTOR = 1.5;

    private static List<Plane> planes(List<double[]> polys, List<Double> ks, Grid grid) {
        Integer[] order = new Integer[polys.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(ks.get(a), ks.get(b)));
        List<Double> planeK = new ArrayList<>();
        List<List<double[]>> planePolys = new ArrayList<>();
        for (int idx : order) {
            double k = ks.get(idx);
            if (planeK.isEmpty() || k - planeK.get(planeK.size() - 1) > PLANE_TOLERANCE) {
                planeK.add(k);
                planePolys.add(new ArrayList<>());
            }
            planePolys.get(planePolys.size() - 1).add(polys.get(idx));
        }
        int n = planeK.size();
        double[] gaps = new double[Math.max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) gaps[i] = planeK.get(i + 1) - planeK.get(i);
        double typical = 1.0; // a lone plane stands for one grid slice
        if (gaps.length > 0) {
            double[] sorted = gaps.clone();
            Arrays.sort(sorted);
            typical = sorted[sorted.length / 2];
        }
        // A gap well beyond the typical plane spacing separates parts of the ROI (islands along the slice axis): the
        // planes beside it end there as end planes do, instead of filling it.
        for (int i = 0; i < gaps.length; i++) if (gaps[i] > GAP_FACTOR * typical) gaps[i] = Double.NaN;
        List<Plane> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double down = i > 0 ? gaps[i - 1] : Double.NaN, up = i + 1 < n ? gaps[i] : Double.NaN;
            double below = !Double.isNaN(down) ? down : Math.min(typical, !Double.isNaN(up) ? up : typical);
            double above = !Double.isNaN(up) ? up : Math.min(typical, !Double.isNaN(down) ? down : typical);
            out.add(new Plane(planeK.get(i), planePolys.get(i), planeK.get(i) - below / 2, planeK.get(i) + above / 2));
        }
        return out;
    }

    private static int planeAt(List<Plane> planes, int k) {
        for (int i = 0; i < planes.size(); i++) {
            Plane p = planes.get(i);
            if (k >= p.lo() && k < p.hi()) return i;
        }
        return -1;
    }

    /** Even–odd fill of voxel centres (i, j) on one slice; a polygon holding no centre keeps the voxel at its centroid. */
    private static void fillCentres(List<double[]> polygons, int nx, int ny, byte[] m, int base, RtStructureSet.Roi roi, int k, List<String> warnings) {
        double[] xs = new double[16];
        boolean anyFilled = false;
        for (int j = 0; j < ny; j++) {
            int count = crossings(polygons, j, xs);
            if (count > xs.length) {
                xs = new double[2 * count];
                count = crossings(polygons, j, xs);
            }
            Arrays.sort(xs, 0, count);
            for (int c = 0; c + 1 < count; c += 2) {
                int i0 = Math.max(0, (int) Math.ceil(xs[c])), i1 = Math.min(nx - 1, (int) Math.ceil(xs[c + 1]) - 1);
                for (int i = i0; i <= i1; i++) {
                    m[base + j * nx + i] = 1;
                    anyFilled = true;
                }
            }
        }
        if (!anyFilled) {
            for (double[] poly : polygons) {
                double cx = 0, cy = 0;
                for (int q = 0; q < poly.length; q += 2) { cx += poly[q]; cy += poly[q + 1]; }
                int n = poly.length / 2;
                int i = (int) Math.round(cx / n), j = (int) Math.round(cy / n);
                if (i >= 0 && i < nx && j >= 0 && j < ny) {
                    m[base + j * nx + i] = 1;
                    warnings.add("ROI '" + roi.name() + "': a contour on slice " + k + " is smaller than a voxel; it is kept as the voxel at its centroid");
                }
            }
        }
    }

    /**
     * x positions where the polygons' edges cross the line y (half-open in y, so a vertex counts once); returns how
     * many there are, writing those that fit.
     */
    private static int crossings(List<double[]> polygons, double y, double[] xs) {
        int count = 0;
        for (double[] poly : polygons) {
            int n = poly.length / 2;
            for (int a = 0, b = n - 1; a < n; b = a++) {
                double ya = poly[2 * a + 1], yb = poly[2 * b + 1];
                if ((ya <= y) == (yb <= y)) continue;
                double xa = poly[2 * a], xb = poly[2 * b];
                if (count < xs.length) xs[count] = xa + (y - ya) * (xb - xa) / (yb - ya);
                count++;
            }
        }
        return count;
    }

    /**
     * Fraction of each pixel's area inside the polygons (even–odd), x fastest. Each row band is cut at the vertices'
     * y values, so that between cuts every span end moves linearly; each piece is integrated with {@value #SUB_ROWS}
     * midpoint samples, and along x the span lengths per pixel are exact. A contour smaller than a pixel keeps its area.
     */
    static double[] coverage(List<double[]> polygons, int nx, int ny) {
        double[] out = new double[nx * ny];
        double[] xs = new double[16];
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        List<Double> vertexYs = new ArrayList<>();
        for (double[] p : polygons) {
            for (int q = 1; q < p.length; q += 2) {
                minY = Math.min(minY, p[q]);
                maxY = Math.max(maxY, p[q]);
                vertexYs.add(p[q]);
            }
        }
        double[] vy = vertexYs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int j0 = Math.max(0, (int) Math.floor(minY + 0.5)), j1 = Math.min(ny - 1, (int) Math.ceil(maxY - 0.5));
        double[] cuts = new double[vy.length + 2];
        for (int j = j0; j <= j1; j++) {
            double lo = j - 0.5, hi = j + 0.5;
            int n = 0;
            cuts[n++] = lo;
            int from = lowerBound(vy, lo);
            for (int v = from; v < vy.length && vy[v] < hi; v++) if (vy[v] > cuts[n - 1]) cuts[n++] = vy[v];
            cuts[n++] = hi;
            for (int c = 0; c + 1 < n; c++) {
                double a = cuts[c], h = (cuts[c + 1] - a) / SUB_ROWS;
                if (h <= 0) continue;
                for (int s = 0; s < SUB_ROWS; s++) {
                    double y = a + (s + 0.5) * h;
                    int count = crossings(polygons, y, xs);
                    if (count > xs.length) {
                        xs = new double[2 * count];
                        count = crossings(polygons, y, xs);
                    }
                    Arrays.sort(xs, 0, count);
                    for (int k = 0; k + 1 < count; k += 2) addSpan(out, j * nx, nx, xs[k], xs[k + 1], h);
                }
            }
        }
        return out;
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0, hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Adds weight × the length of [a, b) inside each pixel column [i − ½, i + ½). */
    private static void addSpan(double[] row, int base, int nx, double a, double b, double weight) {
        a = Math.max(a, -0.5);
        b = Math.min(b, nx - 0.5);
        if (b <= a) return;
        int i0 = (int) Math.floor(a + 0.5), i1 = Math.min(nx - 1, (int) Math.floor(b + 0.5));
        for (int i = i0; i <= i1; i++) {
            double len = Math.min(b, i + 0.5) - Math.max(a, i - 0.5);
            if (len > 0) row[base + i] += weight * len;
        }
    }

    /** Area (pixel units) of the even–odd union of the polygons, by the shoelace formula per polygon with sign by nesting. */
    static double area(List<double[]> polygons) {
        // Even-odd: area = Σ |A_p| × (+1 if p is nested in an even number of others, −1 if odd).
        double total = 0;
        for (int p = 0; p < polygons.size(); p++) {
            double[] poly = polygons.get(p);
            int depth = 0;
            for (int q = 0; q < polygons.size(); q++) {
                if (q != p && inside(polygons.get(q), poly[0], poly[1])) depth++;
            }
            total += (depth % 2 == 0 ? 1 : -1) * Math.abs(shoelace(poly));
        }
        return total;
    }

    private static double shoelace(double[] poly) {
        double s = 0;
        int n = poly.length / 2;
        for (int a = 0, b = n - 1; a < n; b = a++) s += poly[2 * b] * poly[2 * a + 1] - poly[2 * a] * poly[2 * b + 1];
        return s / 2;
    }

    private static boolean inside(double[] poly, double x, double y) {
        boolean in = false;
        int n = poly.length / 2;
        for (int a = 0, b = n - 1; a < n; b = a++) {
            double ya = poly[2 * a + 1], yb = poly[2 * b + 1];
            if ((ya <= y) == (yb <= y)) continue;
            double xc = poly[2 * a] + (y - ya) * (poly[2 * b] - poly[2 * a]) / (yb - ya);
            if (x < xc) in = !in;
        }
        return in;
    }
}
