package org.halo.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halo.clinical.guideline.Token;
import org.halo.clinical.miss.ErrorModel;
import org.halo.clinical.miss.ErrorOverrides;
import org.halo.clinical.miss.Platform;
import picocli.CommandLine.Option;

/**
 * The error model: a platform preset (docs/clinical.md, "Presets") with any component overridden, or, without a preset,
 * exactly the components given (every other one zero).
 */
final class ErrorOptions {
    @Option(names = "--platform", paramLabel = "P", description = "Error preset: frame, mask-6dof-monitored, mask-6dof, mask-3dof, mask-no-igrt.")
    String platform;

    @Option(names = "--systematic-mm", split = ",", paramLabel = "SD[,SD,SD]",
            description = "Per-axis SD of all systematic translations together (one value, or x,y,z). Replaces the preset's registration, distortion and machine terms.")
    double[] systematicMm;

    @Option(names = "--registration-mm", paramLabel = "SD", description = "MR-CT registration, systematic per-axis SD (preset 0.4).")
    Double registrationMm;

    @Option(names = "--distortion-mm", paramLabel = "SD", description = "MR distortion, systematic per-axis SD (preset 0, or 0.75 if uncorrected).")
    Double distortionMm;

    @Option(names = "--machine-mm", paramLabel = "SD", description = "Machine/isocentre, systematic per-axis SD (preset 0.3).")
    Double machineMm;

    @Option(names = "--machine-offset-mm", split = ",", paramLabel = "X,Y,Z", description = "Fixed systematic offset added to every course (mm, LPS).")
    double[] machineOffsetMm;

    @Option(names = "--random-mm", split = ",", paramLabel = "SD[,SD,SD]",
            description = "Per-axis SD of the residual setup error of each fraction (without a preset: of all random translations).")
    double[] randomMm;

    @Option(names = "--rotation-deg", paramLabel = "SD", description = "Per-axis SD of the residual rotation of each fraction (degrees).")
    Double rotationDeg;

    @Option(names = "--systematic-rotation-deg", paramLabel = "SD", description = "Per-axis SD of the systematic rotation (degrees).")
    Double systematicRotationDeg;

    @Option(names = "--intrafraction-mm", paramLabel = "SD", description = "Per-axis SD of the drift at the end of each fraction.")
    Double intrafractionMm;

    @Option(names = "--gating-mm", paramLabel = "MM", description = "3-D drift that triggers a correction (continuous monitoring); 0 = none.")
    Double gatingMm;

    @Option(names = "--delineation-mm", paramLabel = "SD", description = "SD of the normal offset of the true CTV surface (preset 0.5 intact, 1.0 cavity).")
    Double delineationMm;

    @Option(names = "--growth-mm", paramLabel = "MM", description = "Mean outward growth of the target before treatment.")
    Double growthMm;

    @Option(names = "--substeps", paramLabel = "Q", description = "Drift substeps per fraction (default 5).")
    Integer substeps;

    Platform platform() {
        return platform == null ? null : Token.parse(Platform.class, platform, "--platform");
    }

    /** The model of a preset (or none) with the overrides applied (the rules live in {@link ErrorOverrides}). */
    ErrorModel model(Platform p, TreatmentOptions t) {
        ErrorOverrides o;
        try {
            o = new ErrorOverrides(systematicMm, registrationMm, distortionMm, machineMm, machineOffsetMm, randomMm, rotationDeg,
                    systematicRotationDeg, intrafractionMm, gatingMm, delineationMm, growthMm, substeps);
        } catch (IllegalArgumentException e) {
            if (systematicMm != null && (registrationMm != null || distortionMm != null || machineMm != null)) {
                throw new IllegalArgumentException("--systematic-mm is the total; give it or its components (--registration-mm, --distortion-mm, --machine-mm), not both");
            }
            throw new IllegalArgumentException("--systematic-mm, --machine-offset-mm and --random-mm take one value or three (x,y,z)");
        }
        return o.apply(p, t.target(), t.mriCorrectedOrAssumed(), t.beamOnMin);
    }

    /** The effective parameters, echoed in every output. */
    static Map<String, Object> echo(ErrorModel m, Platform p) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("platform", p == null ? "none (only the options given)" : p.token());
        e.put("systematic_mm", List.of(m.systematicMm()[0], m.systematicMm()[1], m.systematicMm()[2]));
        e.put("machine_offset_mm", List.of(m.machineOffsetMm()[0], m.machineOffsetMm()[1], m.machineOffsetMm()[2]));
        e.put("systematic_rotation_deg", m.systematicRotationDeg());
        e.put("random_mm", List.of(m.randomMm()[0], m.randomMm()[1], m.randomMm()[2]));
        e.put("rotation_deg", m.rotationDeg());
        e.put("intrafraction_mm", m.intrafractionMm());
        e.put("gating_mm", Double.isNaN(m.gatingMm()) ? null : m.gatingMm());
        e.put("delineation_mm", m.delineationMm());
        e.put("growth_mm", m.growthMm());
        e.put("substeps", m.substeps());
        return e;
    }

    static String text(ErrorModel m, Platform p) {
        return "errors (per axis, 1 SD): " + (p == null ? "no preset" : p.token()) + "; systematic " + vec(m.systematicMm()) + " mm"
                + (m.machineOffsetMm()[0] != 0 || m.machineOffsetMm()[1] != 0 || m.machineOffsetMm()[2] != 0 ? " + offset " + vec(m.machineOffsetMm()) + " mm" : "")
                + ", delineation " + Format.num(m.delineationMm()) + " mm" + (m.growthMm() != 0 ? " (growth " + Format.num(m.growthMm()) + " mm)" : "")
                + ", setup " + vec(m.randomMm()) + " mm, intrafraction " + Format.num(m.intrafractionMm()) + " mm"
                + (Double.isNaN(m.gatingMm()) ? "" : " (gated at " + Format.num(m.gatingMm()) + " mm)")
                + ", rotation " + Format.num(m.rotationDeg()) + "° (systematic " + Format.num(m.systematicRotationDeg()) + "°)";
    }

    private static String vec(double[] v) {
        return v[0] == v[1] && v[1] == v[2] ? Format.num(v[0]) : Format.num(v[0]) + "/" + Format.num(v[1]) + "/" + Format.num(v[2]);
    }
}
