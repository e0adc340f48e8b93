package org.halo.metrics;

/**
 * The sampling and binning behind a {@link DoseVolumeHistogram}, as an accelerated backend provides it through
 * {@link org.halo.compute.Backend#capability}. It must follow the Java path of {@code DoseVolumeHistogram} point for
 * point (the same sample points, weights and spreads); sums may differ in the last bits.
 */
public interface DvhSampler {
    /** Everything the sampling needs, in plain arrays. */
    record Job(float[] occupancy, int[] size, double[] originMm, double[] direction, double[] spacingMm, net.imglib2.Interval bounds, boolean binary,
               int subdivisions, int boundarySubdivisions, float[] dose, int[] doseSize, double[] doseOriginMm, double[] doseInverse,
               double binGy, int bins, double ceilingGy, DoseVolumeHistogram.Outside outside) {}

    /**
     * Volume per bin (cc), total (cc), dose·volume (Gy·cc), min and max sample dose (Gy), volume outside the dose
     * grid (cc), and whether a sample fell outside while {@code outside} is ERROR.
     */
    record Sums(double[] binCc, double totalCc, double doseCc, double minGy, double maxGy, double outsideCc, boolean outsideError) {}

    /**
     * @param job the structure's points and the dose
     * @return the sums
     */
    Sums sample(Job job);
}
