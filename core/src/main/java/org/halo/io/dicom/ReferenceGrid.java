package org.halo.io.dicom;

import org.halo.image.Grid;

/** A grid around a ROI's contours at a chosen spacing, with slices on the contour planes where the spacing allows. */
public final class ReferenceGrid {
    private static final int PAD = 2;

    private ReferenceGrid() {}

    /**
     * A grid around a ROI's contours at this spacing, axis-aligned, two voxels of room on each side.
     *
     * @param roi the ROI
     * @param spacingMm the grid's spacing (mm)
     * @return the grid
     */
    public static Grid around(RtStructureSet.Roi roi, double[] spacingMm) {
        double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (RtStructureSet.Contour c : roi.contours()) {
            double[] p = c.pointsMm();
            for (int q = 0; q < p.length; q += 3) {
                for (int a = 0; a < 3; a++) {
                    min[a] = Math.min(min[a], p[q + a]);
                    max[a] = Math.max(max[a], p[q + a]);
                }
            }
        }
        if (min[0] == Double.POSITIVE_INFINITY) throw new IllegalArgumentException("ROI '" + roi.name() + "' has no contour points");
        // The end contour planes stand for slabs reaching half a plane gap beyond them (as the rasteriser reads them):
        // the grid covers those slabs too, or a coarse stack of planes would lose its end slabs.
        double[] reach = {0, 0, endSlabMm(roi)};
        int[] size = new int[3];
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) {
            // The first contour plane (and, with a matching spacing, every plane) falls on a slice centre.
            int pad = PAD + (int) Math.ceil(reach[a] / spacingMm[a] - 1e-9);
            origin[a] = min[a] - pad * spacingMm[a];
            double voxels = Math.ceil((max[a] - min[a]) / spacingMm[a] - 1e-9) + 1 + 2 * pad;
            if (voxels > 100_000) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "ROI '%s' spans %.1f mm along axis %d: a grid at %.3g mm would need %.0f voxels on that axis",
                        roi.name(), max[a] - min[a], a, spacingMm[a], voxels));
            }
            size[a] = (int) voxels;
        }
        return new Grid(size, spacingMm, origin, Grid.identity());
    }

    /** Half the median gap between the ROI's contour planes along z (mm); 0 for a single plane. */
    static double endSlabMm(RtStructureSet.Roi roi) {
        java.util.TreeSet<Double> zs = new java.util.TreeSet<>();
        for (RtStructureSet.Contour c : roi.contours()) {
            if (c.pointCount() > 0) zs.add(Math.rint(c.pointsMm()[2] * 1e4) / 1e4);
        }
        if (zs.size() < 2) return 0;
        Double[] z = zs.toArray(Double[]::new);
        double[] gaps = new double[z.length - 1];
        for (int i = 0; i + 1 < z.length; i++) gaps[i] = z[i + 1] - z[i];
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2] / 2;
    }
}
