package org.halo.clinical.miss;

import java.util.Arrays;

/**
 * The geometric uncertainties of one treatment course (docs/clinical.md, "halo miss"), per patient axis (LPS x, y, z) as one
 * standard deviation. Systematic terms are drawn once per course, random terms once per fraction; with one fraction
 * every term acts as systematic, with no special case.
 *
 * @param systematicMm          per-axis SD of all systematic translations together (registration, distortion, machine)
 * @param machineOffsetMm       a fixed systematic vector added to every course (Zhang 2012), usually zero
 * @param systematicRotationDeg per-axis SD of the systematic rotation about the isocentre
 * @param randomMm              per-axis SD of the residual setup error of each fraction
 * @param rotationDeg           per-axis SD of the residual rotation of each fraction
 * @param intrafractionMm       per-axis SD of the drift reached at the end of a fraction (linear in time)
 * @param gatingMm              3-D drift beyond which continuous monitoring corrects the position; NaN without gating
 * @param delineationMm         SD of the normal offset of the true CTV surface from the contour
 * @param growthMm              mean outward offset of the true surface (growth between imaging and treatment)
 * @param substeps              time steps per fraction over which the drift is averaged
 */
public record ErrorModel(double[] systematicMm, double[] machineOffsetMm, double systematicRotationDeg, double[] randomMm,
                         double rotationDeg, double intrafractionMm, double gatingMm, double delineationMm, double growthMm,
                         int substeps) {

    /** The default number of time steps per fraction over which the drift is averaged. */
    public static final int DEFAULT_SUBSTEPS = 5;

    /**
     * Checks every term: finite, and the SDs not negative.
     *
     * @param systematicMm per-axis SD of all systematic translations together (mm)
     * @param machineOffsetMm a fixed systematic vector added to every course (mm)
     * @param systematicRotationDeg per-axis SD of the systematic rotation (degrees)
     * @param randomMm per-axis SD of the residual setup error of each fraction (mm)
     * @param rotationDeg per-axis SD of the residual rotation of each fraction (degrees)
     * @param intrafractionMm per-axis SD of the drift at the end of a fraction (mm)
     * @param gatingMm 3-D drift beyond which monitoring corrects the position (mm); NaN without gating
     * @param delineationMm SD of the normal offset of the true CTV surface from the contour (mm)
     * @param growthMm mean outward offset of the true surface (mm)
     * @param substeps time steps per fraction
     */
    public ErrorModel {
        systematicMm = axes(systematicMm, "systematic SD", true);
        machineOffsetMm = axes(machineOffsetMm, "machine offset", false);
        randomMm = axes(randomMm, "random SD", true);
        sd(systematicRotationDeg, "systematic rotation SD");
        sd(rotationDeg, "rotation SD");
        sd(intrafractionMm, "intrafraction SD");
        sd(delineationMm, "delineation SD");
        if (!Double.isFinite(growthMm)) throw new IllegalArgumentException("growth must be a finite number of mm");
        if (!Double.isNaN(gatingMm) && !(gatingMm > 0)) throw new IllegalArgumentException("the gating threshold must be > 0 mm");
        if (substeps < 1 || substeps > 100) throw new IllegalArgumentException("substeps must be 1-100");
    }

    /**
     * No error at all: every component zero, to be overridden one by one.
     *
     * @return the model
     */
    public static ErrorModel none() {
        return new ErrorModel(new double[3], new double[3], 0, new double[3], 0, 0, Double.NaN, 0, 0, DEFAULT_SUBSTEPS);
    }

    /**
     * The same SD along all three axes.
     *
     * @param sd the SD (mm)
     * @return it on every axis
     */
    public static double[] isotropic(double sd) {
        return new double[] {sd, sd, sd};
    }

    /**
     * @param v per-axis SD of the systematic translations (mm)
     * @return the same model with it
     */
    public ErrorModel withSystematicMm(double[] v) {
        return new ErrorModel(v, machineOffsetMm, systematicRotationDeg, randomMm, rotationDeg, intrafractionMm, gatingMm, delineationMm, growthMm, substeps);
    }

    /**
     * @param v the fixed systematic vector (mm)
     * @return the same model with it
     */
    public ErrorModel withMachineOffsetMm(double[] v) {
        return new ErrorModel(systematicMm, v, systematicRotationDeg, randomMm, rotationDeg, intrafractionMm, gatingMm, delineationMm, growthMm, substeps);
    }

    /**
     * @param v per-axis SD of the systematic rotation (degrees)
     * @return the same model with it
     */
    public ErrorModel withSystematicRotationDeg(double v) {
        return new ErrorModel(systematicMm, machineOffsetMm, v, randomMm, rotationDeg, intrafractionMm, gatingMm, delineationMm, growthMm, substeps);
    }

    /**
     * @param v per-axis SD of the per-fraction setup error (mm)
     * @return the same model with it
     */
    public ErrorModel withRandomMm(double[] v) {
        return new ErrorModel(systematicMm, machineOffsetMm, systematicRotationDeg, v, rotationDeg, intrafractionMm, gatingMm, delineationMm, growthMm, substeps);
    }

    /**
     * @param v per-axis SD of the per-fraction rotation (degrees)
     * @return the same model with it
     */
    public ErrorModel withRotationDeg(double v) {
        return new ErrorModel(systematicMm, machineOffsetMm, systematicRotationDeg, randomMm, v, intrafractionMm, gatingMm, delineationMm, growthMm, substeps);
    }

    /**
     * @param v per-axis SD of the intrafraction drift (mm)
     * @return the same model with it
     */
    public ErrorModel withIntrafractionMm(double v) {
        return new ErrorModel(systematicMm, machineOffsetMm, systematicRotationDeg, randomMm, rotationDeg, v, gatingMm, delineationMm, growthMm, substeps);
    }

    /**
     * @param v the gating threshold (mm), NaN for none
     * @return the same model with it
     */
    public ErrorModel withGatingMm(double v) {
        return new ErrorModel(systematicMm, machineOffsetMm, systematicRotationDeg, randomMm, rotationDeg, intrafractionMm, v, delineationMm, growthMm, substeps);
    }

    /**
     * @param v the delineation SD (mm)
     * @return the same model with it
     */
    public ErrorModel withDelineationMm(double v) {
        return new ErrorModel(systematicMm, machineOffsetMm, systematicRotationDeg, randomMm, rotationDeg, intrafractionMm, gatingMm, v, growthMm, substeps);
    }

    /**
     * @param v the mean growth (mm)
     * @return the same model with it
     */
    public ErrorModel withGrowthMm(double v) {
        return new ErrorModel(systematicMm, machineOffsetMm, systematicRotationDeg, randomMm, rotationDeg, intrafractionMm, gatingMm, delineationMm, v, substeps);
    }

    /**
     * @param v time steps per fraction
     * @return the same model with it
     */
    public ErrorModel withSubsteps(int v) {
        return new ErrorModel(systematicMm, machineOffsetMm, systematicRotationDeg, randomMm, rotationDeg, intrafractionMm, gatingMm, delineationMm, growthMm, v);
    }

    /** The largest per-axis SD of all translations together, for sizing the region the scenarios can reach. */
    double largestTranslationSdMm() {
        double m = 0;
        for (int a = 0; a < 3; a++) {
            m = Math.max(m, Math.sqrt(systematicMm[a] * systematicMm[a] + randomMm[a] * randomMm[a] + intrafractionMm * intrafractionMm));
        }
        return m;
    }

    private static double[] axes(double[] v, String what, boolean sd) {
        if (v == null || v.length != 3) throw new IllegalArgumentException(what + " needs three values (x, y, z mm)");
        for (double d : v) {
            if (!Double.isFinite(d) || (sd && d < 0)) throw new IllegalArgumentException(what + " must be finite" + (sd ? " and >= 0" : "") + ", got " + Arrays.toString(v));
        }
        return v.clone();
    }

    private static void sd(double v, String what) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorModel e && Arrays.equals(systematicMm, e.systematicMm) && Arrays.equals(machineOffsetMm, e.machineOffsetMm)
                && systematicRotationDeg == e.systematicRotationDeg && Arrays.equals(randomMm, e.randomMm) && rotationDeg == e.rotationDeg
                && intrafractionMm == e.intrafractionMm && Double.compare(gatingMm, e.gatingMm) == 0 && delineationMm == e.delineationMm
                && growthMm == e.growthMm && substeps == e.substeps;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(systematicMm) * 31 + Arrays.hashCode(randomMm);
    }

    @Override
    public String toString() {
        return "ErrorModel[systematic=" + Arrays.toString(systematicMm) + " mm, random=" + Arrays.toString(randomMm) + " mm, rotation="
                + rotationDeg + "°, systematic rotation=" + systematicRotationDeg + "°, intrafraction=" + intrafractionMm + " mm, gating="
                + gatingMm + " mm, delineation=" + delineationMm + " mm, growth=" + growthMm + " mm, substeps=" + substeps + "]";
    }
}
