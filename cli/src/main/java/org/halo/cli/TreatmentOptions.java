package org.halo.cli;

import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.guideline.Token;
import picocli.CommandLine.Option;

/** Facts about the target and session that both the guideline and the error presets read. */
final class TreatmentOptions {
    @Option(names = "--target", paramLabel = "intact|cavity", defaultValue = "intact",
            description = "Intact metastasis or resection cavity (sets the delineation SD of the presets: 0.5 / 1.0 mm). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--beam-on-min", paramLabel = "MIN", defaultValue = "15",
            description = "Expected beam-on time (min); sessions over 20 min use the long-session intrafraction SD. Default: ${DEFAULT-VALUE}.")
    double beamOnMin;

    @Option(names = "--mri-distortion-corrected", paramLabel = "true|false", arity = "1",
            description = "Whether the planning MRI is distortion-corrected (uncorrected adds 0.75 mm systematic per axis to the presets). "
                    + "Presets assume corrected when not given.")
    Boolean mriCorrected;

    TargetKind target() {
        return Token.parse(TargetKind.class, target, "--target");
    }

    boolean mriCorrectedOrAssumed() {
        return mriCorrected == null || mriCorrected;
    }
}
