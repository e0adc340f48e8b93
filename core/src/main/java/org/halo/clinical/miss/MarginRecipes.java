package org.halo.clinical.miss;

/**
 * Population margin recipes (docs/clinical.md, "Outputs"), per axis, isotropic, for the analytic cross-check printed beside
 * the Monte Carlo. Σ is the SD of all systematic errors (including delineation), σ of all random errors, σp the
 * penumbra SD, all in mm.
 */
public final class MarginRecipes {
    /** √(χ²₃ at 0.90): a sphere contains 90 % of isotropic 3-D Gaussian shifts of SD Σ within 2.500 Σ. */
    public static final double CHI3_90 = 2.500;
    /** √(χ²₃ at 0.95). */
    public static final double CHI3_95 = 2.796;

    private MarginRecipes() {}

    /**
     * Van Herk 2000: minimum CTV dose 95 % for 90 % of patients, many fractions.
     *
     * @param sysMm the systematic SD Σ (mm)
     * @param randMm the random SD σ (mm)
     * @param penumbraMm the penumbra SD σp (mm)
     * @return the margin (mm)
     */
    public static double vanHerk(double sysMm, double randMm, double penumbraMm) {
        return CHI3_90 * sysMm + 1.64 * (Math.sqrt(randMm * randMm + penumbraMm * penumbraMm) - penumbraMm);
    }

    /**
     * Stroom 1999: 95 % of the dose to, on average, 99 % of the CTV.
     *
     * @param sysMm the systematic SD Σ (mm)
     * @param randMm the random SD σ (mm)
     * @return the margin (mm)
     */
    public static double stroom(double sysMm, double randMm) {
        return 2 * sysMm + 0.7 * randMm;
    }

    /**
     * Finite-fraction van Herk (Herschtal 2013; Gordon and Siebers 2007), a lower bound: the mean random error of n
     * fractions acts as systematic, only the scatter within the course blurs the dose.
     *
     * @param sysMm the systematic SD Σ (mm)
     * @param randMm the random SD σ (mm)
     * @param penumbraMm the penumbra SD σp (mm)
     * @param n the number of fractions
     * @return the margin (mm)
     */
    public static double finiteFractions(double sysMm, double randMm, double penumbraMm, int n) {
        double s2 = randMm * randMm;
        return CHI3_90 * Math.sqrt(sysMm * sysMm + s2 / n) + 1.64 * (Math.sqrt(s2 * (1 - 1.0 / n) + penumbraMm * penumbraMm) - penumbraMm);
    }

    /**
     * Chang 2017: 95 % margin with the rotational error at distance d from the isocentre added in quadrature.
     *
     * @param setupMm the translational margin (mm)
     * @param rotationDeg the rotation (degrees)
     * @param distanceMm the target's distance from the isocentre (mm)
     * @return the margin (mm)
     */
    public static double changRotation(double setupMm, double rotationDeg, double distanceMm) {
        double r = Math.toRadians(rotationDeg) * distanceMm;
        return CHI3_95 * Math.sqrt(setupMm * setupMm + r * r);
    }

    /**
     * Parker 2002: Σ + √(σ² + Σ²).
     *
     * @param sysMm the systematic SD Σ (mm)
     * @param randMm the random SD σ (mm)
     * @return the margin (mm)
     */
    public static double parker(double sysMm, double randMm) {
        return sysMm + Math.sqrt(randMm * randMm + sysMm * sysMm);
    }
}
