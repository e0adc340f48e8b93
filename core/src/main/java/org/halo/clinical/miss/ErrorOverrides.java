package org.halo.clinical.miss;

import org.halo.clinical.guideline.TargetKind;

/**
 * Changes to a platform's error model, each component null where the preset (or, without a preset, zero) stands: what
 * a user states about their own errors. Per-axis values take one number (all axes) or three (x, y, z). The systematic
 * translation is either its total or its components (registration, distortion, machine), which then add in quadrature,
 * each component not given taking the preset's value.
 */
public record ErrorOverrides(double[] systematicMm, Double registrationMm, Double distortionMm, Double machineMm,
                             double[] machineOffsetMm, double[] randomMm, Double rotationDeg, Double systematicRotationDeg,
                             Double intrafractionMm, Double gatingMm, Double delineationMm, Double growthMm, Integer substeps) {
    /** Nothing changed: the preset as it is. */
    public static final ErrorOverrides NONE = new ErrorOverrides(null, null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * Checks that the systematic translation is given either as its total or as its components.
     *
     * @param systematicMm the total systematic SD per axis (mm), or null
     * @param registrationMm the registration component (mm), or null
     * @param distortionMm the distortion component (mm), or null
     * @param machineMm the machine component (mm), or null
     * @param machineOffsetMm a fixed systematic vector (mm), or null
     * @param randomMm the per-fraction setup SD per axis (mm), or null
     * @param rotationDeg the per-fraction rotation SD (degrees), or null
     * @param systematicRotationDeg the systematic rotation SD (degrees), or null
     * @param intrafractionMm the intrafraction drift SD (mm), or null
     * @param gatingMm the gating threshold (mm), or null
     * @param delineationMm the delineation SD (mm), or null
     * @param growthMm the mean growth (mm), or null
     * @param substeps time steps per fraction, or null
     */
    public ErrorOverrides {
        if (systematicMm != null && (registrationMm != null || distortionMm != null || machineMm != null)) {
            throw new IllegalArgumentException("the systematic SD is either the total or its components (registration, distortion, machine), not both");
        }
        for (double[] v : new double[][] {systematicMm, machineOffsetMm, randomMm}) {
            if (v != null && v.length != 1 && v.length != 3) throw new IllegalArgumentException("a per-axis value takes one number or three (x,y,z), got " + v.length);
        }
    }

    /**
     * The preset's model for this target (or none: every component zero) with these changes applied. A gating threshold
     * of 0 means no gating.
     *
     * @param preset the platform's preset, or null for zeros
     * @param target intact metastasis or cavity (sets the preset's delineation SD)
     * @param mriDistortionCorrected whether the planning MRI is distortion-corrected
     * @param beamOnMin the beam-on time (min)
     * @return the model
     */
    public ErrorModel apply(Platform preset, TargetKind target, boolean mriDistortionCorrected, double beamOnMin) {
        ErrorModel m = preset == null ? ErrorModel.none() : preset.model(target, mriDistortionCorrected, beamOnMin);
        if (systematicMm != null) {
            m = m.withSystematicMm(axes(systematicMm));
        } else if (registrationMm != null || distortionMm != null || machineMm != null) {
            double reg = registrationMm != null ? registrationMm : preset != null ? Platform.REGISTRATION_MM : 0;
            double dist = distortionMm != null ? distortionMm : preset != null && !mriDistortionCorrected ? Platform.DISTORTION_UNCORRECTED_MM : 0;
            double mach = machineMm != null ? machineMm : preset != null ? Platform.MACHINE_MM : 0;
            m = m.withSystematicMm(ErrorModel.isotropic(Math.sqrt(reg * reg + dist * dist + mach * mach)));
        }
        if (machineOffsetMm != null) m = m.withMachineOffsetMm(axes(machineOffsetMm));
        if (randomMm != null) m = m.withRandomMm(axes(randomMm));
        if (rotationDeg != null) m = m.withRotationDeg(rotationDeg);
        if (systematicRotationDeg != null) m = m.withSystematicRotationDeg(systematicRotationDeg);
        if (intrafractionMm != null) m = m.withIntrafractionMm(intrafractionMm);
        if (gatingMm != null) m = m.withGatingMm(gatingMm == 0 ? Double.NaN : gatingMm);
        if (delineationMm != null) m = m.withDelineationMm(delineationMm);
        if (growthMm != null) m = m.withGrowthMm(growthMm);
        if (substeps != null) m = m.withSubsteps(substeps);
        return m;
    }

    private static double[] axes(double[] v) {
        return v.length == 1 ? ErrorModel.isotropic(v[0]) : v.clone();
    }
}
