package org.halo.metrics;

import org.halo.compute.Backend;
import org.halo.geometry.DistanceTransform;
import org.halo.image.Mask;
import org.halo.image.Volume;

/** Planned doses made up for demonstrations and synthetic cohorts, where no planning system's dose exists. */
public final class SyntheticDose {
    private SyntheticDose() {}

    /**
     * A conformal plan (Gy): 100-110 % of {@code rxGy} inside the PTV (hotter with depth, reaching 110 % 5 mm in), and
     * 2^(−s/G50) of it outside, with s measured from the PTV surface half a voxel beyond the outermost voxel centres
     * (where the DVH places it).
     *
     * @param ptv the target of the plan
     * @param rxGy the prescription (Gy)
     * @param g50Mm the distance over which the dose falls to half outside the target (mm)
     * @param backend where the distance transform runs
     * @return the dose (Gy)
     */
    public static Volume conformal(Mask ptv, double rxGy, double g50Mm, Backend backend) {
        if (!(rxGy > 0) || !(g50Mm > 0)) throw new IllegalArgumentException("a conformal plan needs a positive prescription and G50");
        float[] sd = new DistanceTransform(backend).signedMm(ptv);
        float[] d = new float[sd.length];
        double half = 0.5 * ptv.grid().spacingMm(0);
        for (int i = 0; i < sd.length; i++) {
            double s = sd[i] - half;
            d[i] = (float) (rxGy * (s <= 0 ? 1 + 0.1 * Math.min(1, -s / 5) : Math.pow(2, -s / g50Mm)));
        }
        return Volume.ofFloats(ptv.grid(), d);
    }
}
