package org.halo.cohort;

import org.halo.image.Grid;
import org.halo.io.dicom.RtStructureSet;

/**
 * A window of a reference grid around a ROI: the same lattice (spacing, orientation, voxel centres), covering the ROI's
 * contour points plus some room on every side, and allowed to reach beyond the reference's own extent so that a margin
 * near its edge is not cut.
 */
final class GridCrop {
    private GridCrop() {}

    static Grid around(Grid g, RtStructureSet.Roi roi, double roomMm) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (RtStructureSet.Contour c : roi.contours()) {
            double[] p = c.pointsMm();
            for (int q = 0; q + 2 < p.length; q += 3) {
                double[] idx = g.patientMmToIndex(p[q], p[q + 1], p[q + 2]);
                for (int a = 0; a < 3; a++) {
                    lo[a] = Math.min(lo[a], idx[a]);
                    hi[a] = Math.max(hi[a], idx[a]);
                }
            }
        }
        if (lo[0] == Double.POSITIVE_INFINITY) throw new IllegalArgumentException("ROI '" + roi.name() + "' has no contour points");
        int[] size = new int[3];
        int[] first = new int[3];
        for (int a = 0; a < 3; a++) {
            int pad = (int) Math.ceil(roomMm / g.spacingMm(a)) + 1;
            first[a] = (int) Math.floor(lo[a]) - pad;
            long n = (long) Math.ceil(hi[a]) + pad - first[a] + 1;
            if (n > 4096) throw new IllegalArgumentException("ROI '" + roi.name() + "' spans " + n + " voxels along grid axis " + a + "; is it a target?");
            size[a] = (int) n;
        }
        return new Grid(size, g.spacingMm(), g.indexToPatientMm(first[0], first[1], first[2]), g.direction());
    }
}
