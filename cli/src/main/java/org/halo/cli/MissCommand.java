package org.halo.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.ErrorModel;
import org.halo.clinical.miss.MissProblem;
import org.halo.clinical.miss.MissResult;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.Platform;
import org.halo.image.Mask;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "miss", mixinStandardHelpOptions = true,
        description = {"Geographic-miss risk of a CTV→PTV margin: a Monte Carlo over systematic, per-fraction and intrafraction errors",
            "(translations, rotations about the isocentre, delineation) with the dose accumulated over the fractions.",
            "Seeded and reproducible; every probability carries its Monte Carlo standard error."})
final class MissCommand implements Callable<Integer> {
    @Option(names = "--ctv", required = true, paramLabel = "FILE", description = "CTV mask.")
    Path ctv;

    @ArgGroup(exclusive = true, multiplicity = "1")
    PtvChoice ptvChoice;

    static final class PtvChoice {
        @Option(names = "--margin-mm", paramLabel = "MM", description = "Uniform CTV→PTV margin (the PTV is {x : dist(x, CTV) ≤ m}).")
        Double marginMm;

        @Option(names = "--ptv", paramLabel = "FILE", description = "A PTV mask on the CTV's grid.")
        Path ptv;
    }

    @Option(names = "--fractions", required = true, paramLabel = "N", description = "Number of fractions (1 = SRS).")
    int fractions;

    @Mixin
    MonteCarloOptions monteCarlo;

    @Mixin
    TreatmentOptions treatment;

    @Mixin
    ErrorOptions errors;

    @Mixin
    DoseOptions doseOptions;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (fractions < 1 || fractions > 40) throw new IllegalArgumentException("--fractions must be 1-40");
        monteCarlo.check();
        Mask c = MissInputs.ctv(ctv);
        MissProblem.Target target = ptvChoice.ptv != null ? new MissProblem.Target.WithPtv(c, MissInputs.ptv(ptvChoice.ptv, c))
                : new MissProblem.Target.WithMargin(c, ptvChoice.marginMm);
        Platform p = errors.platform();
        ErrorModel model = errors.model(p, treatment);
        DoseModel dose = doseOptions.model();
        MissResult r = new MissSimulation(common.backend()).run(new MissSimulation.Request(target, dose, model, fractions, monteCarlo.scenarios, monteCarlo.seed,
                monteCarlo.isocentre(), doseOptions.accumulation(fractions), monteCarlo.targetModel(), monteCarlo.minDosePct));

        Report out = new Report(common.json);
        out.put("command", "miss").put("ctv", ctv.toString());
        if (ptvChoice.ptv != null) out.put("ptv", ptvChoice.ptv.toString());
        else out.put("margin_mm", ptvChoice.marginMm);
        out.put("dose_model", DoseOptions.describe(dose, r.g50Mm()));
        out.put("accumulation", doseOptions.alphaBetaGy == null ? "physical" : "BED, alpha/beta " + doseOptions.alphaBetaGy + " Gy");
        for (var e : MissReport.json(r).entrySet()) out.put(e.getKey(), e.getValue());
        out.put("parameters", ErrorOptions.echo(model, p));
        out.line("Geographic miss for " + ctv + (ptvChoice.ptv != null ? " with PTV " + ptvChoice.ptv : " with a " + Format.num(ptvChoice.marginMm) + " mm margin")
                + ", " + fractions + " fraction" + (fractions == 1 ? "" : "s") + " (" + monteCarlo.scenarios + " scenarios, seed " + monteCarlo.seed + "):");
        MissReport.text(out, r);
        out.line("  dose: " + DoseOptions.describe(dose, r.g50Mm()) + (doseOptions.alphaBetaGy == null ? "" : "; BED with α/β " + Format.num(doseOptions.alphaBetaGy) + " Gy"));
        out.line("  " + ErrorOptions.text(model, p));
        out.line("  isocentre (mm, LPS): " + Format.round(r.isocentreMm()[0], 2) + ", " + Format.round(r.isocentreMm()[1], 2) + ", " + Format.round(r.isocentreMm()[2], 2)
                + (monteCarlo.isocentreMm == null ? " (CTV centroid)" : ""));
        out.line("  time: " + Format.ms(r.elapsedMs()) + " on " + r.evaluator());
        out.warnAll(r.warnings());
        common.report(out);
        out.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }
}
