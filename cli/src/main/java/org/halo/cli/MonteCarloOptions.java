package org.halo.cli;

import org.halo.clinical.guideline.Token;
import org.halo.clinical.miss.Estimator;
import org.halo.clinical.miss.Precision;
import org.halo.clinical.miss.TargetModel;
import picocli.CommandLine.Option;

/** The Monte Carlo's size, seed, estimator, isocentre and target model, shared by halo miss and halo compare. */
final class MonteCarloOptions {
    @Option(names = "--scenarios", paramLabel = "N", defaultValue = "10000",
            description = "Simulated courses per row: the most a row may take with --precision, the count with --precision none. Default: ${DEFAULT-VALUE}.")
    int scenarios;

    @Option(names = "--precision", paramLabel = "SE", defaultValue = "auto",
            description = "Stop adding scenarios (in blocks) once the D95 and D98 risks' standard errors are at most SE (a probability, e.g. 0.005); "
                    + "auto: what --scenarios 0/1 outcomes would give, at least 0.5 points; none: every --scenarios scenario (earlier releases). "
                    + "Default: ${DEFAULT-VALUE}.")
    String precision;

    Precision precision() {
        return Precision.parse(precision, "--precision");
    }

    @Option(names = "--seed", paramLabel = "S", defaultValue = "20261126", description = "Random seed (the same for every row). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--isocentre-mm", split = ",", paramLabel = "X,Y,Z", description = "Isocentre (mm, LPS). Default: the CTV centroid.")
    double[] isocentreMm;

    @Option(names = "--target-model", paramLabel = "M", defaultValue = "smooth",
            description = "What the scenarios move: smooth (the smooth surface the mask implies, exact distances: the risk does not depend on the grid) "
                    + "or voxel-centre (the mask's voxel centres and a voxel-centre PTV, as halo expand without --subvoxel). Default: ${DEFAULT-VALUE}.")
    String targetModel;

    @Option(names = "--min-dose-pct", paramLabel = "X", defaultValue = "95",
            description = "Also report P(CTV minimum dose ≥ X %% Rx). Van Herk's population criterion with --falloff erf --isodose 0.95 is X = 100. "
                    + "Default: ${DEFAULT-VALUE}.")
    double minDosePct;

    @Option(names = "--estimator", paramLabel = "E", defaultValue = "controlled",
            description = "How scenarios are drawn and make the risks: controlled (as quasi, the D95 and D98 risks corrected by the scenarios' mean "
                    + "translation, a control variate of known mean: the smallest standard error for the time), quasi (the delineation offset "
                    + "integrated, the other errors from scrambled Sobol' points), conditional (the offset integrated, independent scenarios) or plain "
                    + "(every error sampled, 0/1 outcomes; earlier releases' numbers for the same seed). Default: ${DEFAULT-VALUE}.")
    String estimator;

    Estimator estimator() {
        return Token.parse(Estimator.class, estimator, "--estimator");
    }

    TargetModel targetModel() {
        return Token.parse(TargetModel.class, targetModel, "--target-model");
    }

    void check() {
        if (scenarios < 100) throw new IllegalArgumentException("--scenarios must be at least 100");
        if (scenarios > 1_000_000) throw new IllegalArgumentException("--scenarios must be at most 1 000 000 (memory grows with scenarios × fractions)");
    }

    double[] isocentre() {
        return MissInputs.isocentre(isocentreMm);
    }
}
