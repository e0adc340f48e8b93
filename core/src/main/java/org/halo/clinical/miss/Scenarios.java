package org.halo.clinical.miss;

/**
 * Sampled error scenarios, plain arrays: per course (index j) the systematic shift (mm), rotation (degrees about x, y,
 * z) and delineation offset (mm); per fraction (index j·n + k) the setup shift, rotation and end-of-fraction drift;
 * and the normal law the offsets were drawn from (mean and SD, mm), which a problem conditions on a true CTV that is
 * not empty ({@link OffsetLaw}). The same arrays feed every backend, so all of them see the same draws.
 */
public record Scenarios(int count, int fractions, long seed, double[] systematicShiftMm, double[] systematicRotationDeg,
                        double[] delineationMm, double[] setupShiftMm, double[] rotationDeg, double[] driftMm, int[] gatingCorrections,
                        double delineationMeanMm, double delineationSdMm) {

    /** {@return the gating corrections over all scenarios and fractions} */
    public int corrections() {
        int n = 0;
        for (int c : gatingCorrections) n += c;
        return n;
    }
}
