package org.halo.clinical.miss;

import java.util.List;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.guideline.Token;

/**
 * Error presets per treatment platform (docs/clinical.md, "Presets"), per axis, 1 SD. Values tagged [A] there are
 * assumptions; every one can be overridden. Each preset also names the platform in the guideline's terms so that the
 * rule table and the Monte Carlo answer the same question.
 */
public enum Platform implements Token {
    /** An invasive frame, no image guidance. */
    FRAME("frame", 0.3, 0.2, 0.2, 0.1, 0.1, Double.NaN, Immobilisation.INVASIVE_FRAME, Igrt.NONE, Monitoring.NONE),
    /** A mask with 6DoF image guidance and continuous monitoring (gated at 1 mm). */
    MASK_6DOF_MONITORED("mask-6dof-monitored", 0.3, 0.3, 0.3, 0.25, 0.2, 1.0, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.CONTINUOUS),
    /** A mask with 6DoF image guidance. */
    MASK_6DOF("mask-6dof", 0.3, 0.45, 0.75, 0.3, 0.2, Double.NaN, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.NONE),
    /** A mask with translational image guidance. */
    MASK_3DOF("mask-3dof", 0.5, 0.45, 0.75, 1.0, 0.5, Double.NaN, Immobilisation.MASK, Igrt.TRANSLATION_3DOF, Monitoring.NONE),
    /** A mask without image guidance. */
    MASK_NO_IGRT("mask-no-igrt", 2.2, 0.75, 0.75, 1.0, 0.5, Double.NaN, Immobilisation.MASK, Igrt.NONE, Monitoring.NONE);

    /** MR–CT registration, systematic (Faccenda 2024; TG-132). */
    public static final double REGISTRATION_MM = 0.4;
    /** Uncorrected MR distortion, systematic (Seibert 2016: median 1.2 mm 3-D ≈ 0.75 mm per axis). */
    public static final double DISTORTION_UNCORRECTED_MM = 0.75;
    /** Machine and isocentre, systematic (TG-142; Zhang 2012) [A]. */
    public static final double MACHINE_MM = 0.3;
    /** Delineation, normal offset (Stanley 2013, derived) [A]. */
    public static final double DELINEATION_INTACT_MM = 0.5, DELINEATION_CAVITY_MM = 1.0;
    /** Sessions longer than this use the long-session intrafraction SD (Guckenberger 2012; RO 2019). */
    public static final double LONG_SESSION_MIN = 20;
    /** Sources of the preset values. */
    public static final List<String> SOURCES = List.of("FACCENDA24", "SEI16", "TG142", "ZHANG12", "STANLEY13", "MINNITI-MASK", "GUCK12",
            "RO19", "DEORN21", "UCLA21", "MASK-KV", "GTC-FRAME");

    private final String token;
    private final double setupMm, intraShortMm, intraLongMm, rotationDeg, systematicRotationDeg, gatingMm;
    private final Immobilisation immobilisation;
    private final Igrt igrt;
    private final Monitoring monitoring;

    Platform(String token, double setupMm, double intraShortMm, double intraLongMm, double rotationDeg, double systematicRotationDeg,
             double gatingMm, Immobilisation immobilisation, Igrt igrt, Monitoring monitoring) {
        this.token = token;
        this.setupMm = setupMm;
        this.intraShortMm = intraShortMm;
        this.intraLongMm = intraLongMm;
        this.rotationDeg = rotationDeg;
        this.systematicRotationDeg = systematicRotationDeg;
        this.gatingMm = gatingMm;
        this.immobilisation = immobilisation;
        this.igrt = igrt;
        this.monitoring = monitoring;
    }

    @Override
    public String token() {
        return token;
    }

    /** {@return the guideline's immobilisation for this platform} */
    public Immobilisation immobilisation() {
        return immobilisation;
    }

    /** {@return the guideline's image guidance for this platform} */
    public Igrt igrt() {
        return igrt;
    }

    /** {@return the guideline's monitoring for this platform} */
    public Monitoring monitoring() {
        return monitoring;
    }

    /**
     * Per-axis SD of all systematic translations: registration, distortion (if uncorrected) and machine, in quadrature.
     *
     * @param mriDistortionCorrected whether the planning MRI is distortion-corrected
     * @return the systematic SD per axis (mm)
     */
    public static double systematicMm(boolean mriDistortionCorrected) {
        double d = mriDistortionCorrected ? 0 : DISTORTION_UNCORRECTED_MM;
        return Math.sqrt(REGISTRATION_MM * REGISTRATION_MM + d * d + MACHINE_MM * MACHINE_MM);
    }

    /**
     * The preset's error model for a target, MR correction and session length.
     *
     * @param target intact metastasis or cavity
     * @param mriDistortionCorrected whether the planning MRI is distortion-corrected
     * @param beamOnMin the beam-on time (min)
     * @return the model
     */
    public ErrorModel model(TargetKind target, boolean mriDistortionCorrected, double beamOnMin) {
        double intra = beamOnMin > LONG_SESSION_MIN ? intraLongMm : intraShortMm;
        return new ErrorModel(ErrorModel.isotropic(systematicMm(mriDistortionCorrected)), new double[3], systematicRotationDeg,
                ErrorModel.isotropic(setupMm), rotationDeg, intra, gatingMm,
                target == TargetKind.CAVITY ? DELINEATION_CAVITY_MM : DELINEATION_INTACT_MM, 0, ErrorModel.DEFAULT_SUBSTEPS);
    }
}
