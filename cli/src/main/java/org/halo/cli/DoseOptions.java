package org.halo.cli;

import java.nio.file.Path;
import org.halo.clinical.miss.DoseAccumulation;
import org.halo.clinical.miss.DoseModel;
import picocli.CommandLine.Option;

/** The planned dose: an imported grid, or an analytic fall-off outside the PTV surface. */
final class DoseOptions {
    @Option(names = "--dose", paramLabel = "FILE", description = "Planned dose (Gy), read by trilinear interpolation (static dose cloud); needs --rx-gy.")
    Path dose;

    @Option(names = "--rx-gy", paramLabel = "GY", description = "Total prescription dose (Gy): the reference of --dose, and of BED with --alpha-beta-gy.")
    Double rxGy;

    @Option(names = "--falloff", paramLabel = "exp|erf", defaultValue = "exp",
            description = "Analytic dose outside the PTV: exp (2^(-s/G50)) or erf (penumbra σp). Default: ${DEFAULT-VALUE}.")
    String falloff;

    @Option(names = "--g50-mm", paramLabel = "MM", description = "Distance from 100 %% to 50 %% of Rx (exp). Default: from the gradient index.")
    Double g50Mm;

    @Option(names = "--gi", paramLabel = "GI", description = "Paddick gradient index for G50 = r_eff·(GI^(1/3) − 1). Default: 5 / 3.5 / 3 for r_eff < 5 / 5-10 / > 10 mm.")
    Double gradientIndex;

    @Option(names = "--penumbra-mm", paramLabel = "SD", defaultValue = "2", description = "Penumbra SD σp of the erf edge. Default: ${DEFAULT-VALUE}.")
    double penumbraMm;

    @Option(names = "--isodose", paramLabel = "P", defaultValue = "0.8", description = "Prescription isodose level of the erf edge (0-1). Default: ${DEFAULT-VALUE}.")
    double isodose;

    @Option(names = "--sharp-edge", description = "Dose 1 inside the PTV and 0 outside (validation).")
    boolean sharpEdge;

    @Option(names = "--alpha-beta-gy", paramLabel = "GY", description = "Accumulate BED with this α/β (relative to the planned BED) instead of physical dose.")
    Double alphaBetaGy;

    DoseModel model() {
        if (dose != null) {
            if (rxGy == null) throw new IllegalArgumentException("--dose needs --rx-gy (the prescription it is relative to)");
            if (sharpEdge) throw new IllegalArgumentException("--sharp-edge and --dose exclude each other");
            return new DoseModel.Imported(Inputs.dose(dose), rxGy);
        }
        if (sharpEdge) return new DoseModel.SharpEdge();
        return switch (falloff) {
            case "exp" -> new DoseModel.Exponential(g50Mm, gradientIndex);
            case "erf" -> new DoseModel.ErfEdge(penumbraMm, isodose);
            default -> throw new IllegalArgumentException("--falloff must be exp or erf, got '" + falloff + "'");
        };
    }

    DoseAccumulation accumulation(int fractions) {
        if (alphaBetaGy == null) return DoseAccumulation.PHYSICAL;
        if (rxGy == null) throw new IllegalArgumentException("--alpha-beta-gy needs --rx-gy (the dose per fraction is Rx / n)");
        return new DoseAccumulation(rxGy / fractions, alphaBetaGy);
    }

    static String describe(DoseModel m, double g50Mm) {
        if (m instanceof DoseModel.Imported im) return "imported dose grid, relative to Rx " + Format.num(im.rxGy()) + " Gy (static dose cloud)";
        if (m instanceof DoseModel.SharpEdge) return "sharp edge: 1 inside the PTV, 0 outside";
        if (m instanceof DoseModel.ErfEdge e) return "erf edge, σp " + Format.num(e.penumbraMm()) + " mm, prescription isodose " + Format.num(e.prescriptionIsodose());
        DoseModel.Exponential e = (DoseModel.Exponential) m;
        return "exponential fall-off outside the PTV, G50 " + Format.round(g50Mm, 2) + " mm"
                + (e.g50Mm() != null ? " (given)" : e.gradientIndex() != null ? " (GI " + Format.num(e.gradientIndex()) + ")" : " (default GI by PTV size [A])");
    }
}
