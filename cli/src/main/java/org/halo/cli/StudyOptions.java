package org.halo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.halo.cohort.Study;
import org.halo.cohort.StudyFile;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * A cohort study on the command line: {@code --study FILE} and one flag per study key (the key's name with "--"), the
 * flags overriding the file. No flag has a default here: what is not given comes from the file, else from the study's
 * own defaults (docs/cohort.md, "The study"). The error and treatment flags are those of halo miss (their mixins).
 */
final class StudyOptions {
    @Option(names = "--study", paramLabel = "STUDY.yaml", description = "Study file (flat YAML, keys as the flags below without '--').")
    Path study;

    @Option(names = "--targets", paramLabel = "REGEX", description = "ROI names taken as targets (case-insensitive, anywhere in the name). Default: gtv|ctv.")
    String targets;

    @Option(names = "--margins", split = ",", paramLabel = "MM,...", description = "CTV→PTV margins (mm, increasing). Default: 0,0.5,1,1.5,2.")
    double[] margins;

    @Option(names = "--regimens", paramLabel = "KIND:N[@PLATFORM],...", description = "Regimens. Default: srs:1,hsrt:3,hsrt:5 (with --platform).")
    String regimens;

    @Option(names = "--scenarios", paramLabel = "N", description = "Monte Carlo scenarios per regimen and margin. Default: 2000.")
    Integer scenarios;

    @Option(names = "--seed", paramLabel = "S", description = "Study seed; each target's seed derives from it, the patient and the ROI. Default: 20261126.")
    Long seed;

    @Option(names = "--target-risk", paramLabel = "P", description = "Acceptable probability (0-1). Default: 0.05.")
    Double targetRisk;

    @Option(names = "--risk-metric", paramLabel = "M", description = "p_miss_d95, p_miss_d98_90 or p_any_geometric_miss. Default: p_miss_d95.")
    String riskMetric;

    @Option(names = "--target-model", paramLabel = "M", description = "smooth or voxel-centre (as halo miss). Default: smooth.")
    String targetModel;

    @Option(names = "--estimator", paramLabel = "E", description = "controlled (quasi with the mean translation as a control variate), quasi (the "
            + "delineation offset integrated, scrambled Sobol' scenarios), conditional (the offset integrated, independent scenarios) or plain "
            + "(0/1 outcomes; as halo miss). Default: controlled.")
    String estimator;

    @Option(names = "--precision", paramLabel = "SE", description = "auto, none or a standard error: when a row stops adding scenarios "
            + "(--scenarios is then the maximum; as halo miss). Default: auto.")
    String precision;

    @Option(names = "--margin-resolution", paramLabel = "MM", description = "Also find each regimen's margin for the target risk between the listed "
            + "margins to MM, with its 95 %% interval (as halo compare). Default: 0 (the listed margins only).")
    Double marginResolution;

    @Option(names = "--subvoxel", description = "Also compute each margin's PTV volume on the smooth surface (as halo expand --subvoxel).")
    Boolean subvoxel;

    @Option(names = "--coverage-maps", description = "Also write each target's coverage-probability map per regimen, at its margin for the target risk, to DIR/maps.")
    Boolean coverageMaps;

    @Option(names = "--falloff", paramLabel = "exp|erf", description = "Analytic dose outside the PTV (as halo compare). Default: exp.")
    String falloff;

    @Option(names = "--g50-mm", paramLabel = "MM", description = "Distance from 100 %% to 50 %% of Rx (exp).")
    Double g50Mm;

    @Option(names = "--gi", paramLabel = "GI", description = "Paddick gradient index for G50 (exp).")
    Double gradientIndex;

    @Option(names = "--penumbra-mm", paramLabel = "SD", description = "Penumbra SD of the erf edge. Default: 2.")
    Double penumbraMm;

    @Option(names = "--isodose", paramLabel = "P", description = "Prescription isodose of the erf edge (0-1). Default: 0.8.")
    Double isodose;

    @Option(names = "--sharp-edge", description = "Dose 1 inside the PTV and 0 outside (validation).")
    Boolean sharpEdge;

    /** The study's keys: the file's, then every study flag given on the command line over them. */
    Map<String, String> keys(ParseResult parsed) {
        Map<String, String> k = new LinkedHashMap<>();
        if (study != null) k.putAll(StudyFile.read(study));
        for (OptionSpec o : parsed.matchedOptions()) {
            if (!Study.keyNames().contains(o.longestName().substring(2))) continue; // the run's own settings (--jobs, --out, ...)
            String value = o.arity().max() == 0 ? "true" : String.join(",", o.originalStringValues());
            k.put(o.longestName().substring(2), value);
        }
        return k;
    }
}
