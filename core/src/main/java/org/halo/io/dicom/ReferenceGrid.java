package org.halo.io.dicom;

import org.halo.image.Grid;

/** A grid around a ROI's contours at a chosen spacing, with slices on the contour planes where the spacing allows. */
public final class ReferenceGrid {
    private static final int PAD = 2;

    private ReferenceGrid() {}

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
        int[] size = new int[3];
        double[] origin = new double[3];
        for (int a = 0; a < 3; a++) {
            // The first contour plane (and, with a matching spacing, every plane) falls on a slice centre.
            origin[a] = min[a] - PAD * spacingMm[a];
            size[a] = (int) Math.ceil((max[a] - min[a]) / spacingMm[a] - 1e-9) + 1 + 2 * PAD;
        }
        return new Grid(size, spacingMm, origin, Grid.identity());
    }
}
