package org.halo.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.ErrorModel;
import org.halo.clinical.miss.MissResult;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.clinical.miss.Platform;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.halo.io.SafeFiles;
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

    @Option(names = "--dvh-bands", paramLabel = "FILE.csv",
            description = "Also write the CTV's DVH over the scenarios: at each dose level (%% Rx) the nominal DVH and the 5, 25, 50, 75 and 95 %% bands (volume %%).")
    Path dvhBands;

    @Option(names = "--coverage-map", paramLabel = "FILE.nii.gz",
            description = "Also write, on the CTV's grid, the probability over the scenarios that a point receives less than --min-dose-pct %% Rx, "
                    + "given that it belongs to the true CTV (float32, 0-1).")
    Path coverageMap;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the DVH bands: the nominal line, the 25-75 %% and 5-95 %% bands, 95 %% Rx / 95 %% volume marked.")
    Path plot;

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
        MissTarget target = ptvChoice.ptv != null ? new MissTarget.WithPtv(c, MissInputs.ptv(ptvChoice.ptv, c))
                : new MissTarget.WithMargin(c, ptvChoice.marginMm);
        Platform p = errors.platform();
        ErrorModel model = errors.model(p, treatment);
        DoseModel dose = doseOptions.model();
        MissSimulation simulation = new MissSimulation(common.backend());
        MissSimulation.Request request = new MissSimulation.Request(target, dose, model, fractions, monteCarlo.scenarios, monteCarlo.seed,
                monteCarlo.isocentre(), doseOptions.accumulation(fractions), monteCarlo.targetModel(), monteCarlo.minDosePct, monteCarlo.estimator(),
                monteCarlo.precision());
        MissSimulation.Mapped mapped = coverageMap != null ? simulation.runWithCoverageMap(request) : null;
        MissResult r = mapped != null ? mapped.result() : simulation.run(request);
        double[] nominal = dvhBands != null || plot != null ? simulation.nominalDvhPct(request) : null;
        BufferedImage slices = mapped != null && plot != null ? CoverageSlices.draw(mapped.coverageMap(), c, ptvMask(target), highestInCtv(mapped.coverageMap(), c),
                900) : null;

        Report out = new Report(common.json);
        json(out, r, dose, model, p);
        out.line("Geographic miss for " + ctv + (ptvChoice.ptv != null ? " with PTV " + ptvChoice.ptv : " with a " + Format.num(ptvChoice.marginMm) + " mm margin")
                + ", " + fractions + " fraction" + (fractions == 1 ? "" : "s") + " (" + r.scenarios() + " of " + MissReport.scenarios(monteCarlo.scenarios,
                monteCarlo.precision()) + ", seed " + monteCarlo.seed + "):");
        MissReport.text(out, r);
        out.line("  dose: " + DoseOptions.describe(dose, r.g50Mm()) + (doseOptions.alphaBetaGy == null ? "" : "; BED with α/β " + Format.num(doseOptions.alphaBetaGy) + " Gy"));
        out.line("  " + ErrorOptions.text(model, p));
        out.line("  isocentre (mm, LPS): " + Format.round(r.isocentreMm()[0], 2) + ", " + Format.round(r.isocentreMm()[1], 2) + ", " + Format.round(r.isocentreMm()[2], 2)
                + (monteCarlo.isocentreMm == null ? " (CTV centroid)" : ""));
        out.line("  estimator: " + r.estimator().token() + " (" + r.estimator().label() + "); time: " + Format.ms(r.elapsedMs()) + " on " + r.evaluator());
        out.warnAll(r.warnings());
        if (nominal != null) bands(out, r, nominal, p, slices);
        if (mapped != null) map(out, mapped.coverageMap(), c);
        common.report(out);
        out.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    private void json(Report out, MissResult r, DoseModel dose, ErrorModel model, Platform p) {
        out.put("command", "miss").put("ctv", ctv.toString());
        if (ptvChoice.ptv != null) out.put("ptv", ptvChoice.ptv.toString());
        else out.put("margin_mm", ptvChoice.marginMm);
        out.put("dose_model", DoseOptions.describe(dose, r.g50Mm()));
        out.put("accumulation", doseOptions.alphaBetaGy == null ? "physical" : "BED, alpha/beta " + doseOptions.alphaBetaGy + " Gy");
        for (var e : MissReport.json(r).entrySet()) out.put(e.getKey(), e.getValue());
        out.put("parameters", ErrorOptions.echo(model, p));
    }

    /** The DVH bands: the CSV and the plot together or neither, the arrays in JSON, V95 in words. */
    private void bands(Report out, MissResult r, double[] nominal, Platform p, BufferedImage slices) {
        Map<Path, SafeFiles.Content> files = new LinkedHashMap<>();
        String regimen = p == null ? "errors as given" : p.token();
        if (dvhBands != null) files.put(dvhBands, DvhBands.csv(List.of(new DvhBands.Row(regimen, fractions, ptvChoice.marginMm, nominal, r.dvhBands()))));
        if (plot != null) files.put(plot, DvhBandsPlot.png("CTV DVH over " + r.scenarios() + " scenarios, " + fractions + " fraction(s), " + regimen, nominal,
                r.dvhBands(), slices));
        SafeFiles.writeAll(files);
        out.put("dvh_bands", DvhBands.json(nominal, r.dvhBands()));
        out.line("  DVH bands: " + DvhBands.v95Text(nominal, r.dvhBands()) + (files.isEmpty() ? "" : " → " + String.join(", ", files.keySet().stream()
                .map(Path::toString).toList())));
    }

    /**
     * The coverage map written, and where in the delineated CTV it is highest (outside it, a voxel the true CTV seldom
     * reaches can read high from few scenarios).
     */
    private void map(Report out, Volume map, Mask ctvMask) {
        ImageFiles.write(map, coverageMap);
        Volume.Values v = map.values();
        int[] ijk = highestInCtv(map, ctvMask);
        int worst = map.grid().index(ijk[0], ijk[1], ijk[2]);
        double[] at = map.grid().indexToPatientMm(ijk[0], ijk[1], ijk[2]);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", coverageMap.toString());
        json.put("level_pct_rx", monteCarlo.minDosePct);
        json.put("max_probability_in_ctv", Format.r3(v.at(worst)));
        json.put("max_at_mm", List.of(Format.r3(at[0]), Format.r3(at[1]), Format.r3(at[2])));
        out.put("coverage_map", json);
        out.line(String.format(Locale.ROOT, "  coverage map → %s: in the CTV, P(dose < %s %% Rx | in the true CTV) is highest, %.3f, at (%.1f, %.1f, %.1f) mm LPS",
                coverageMap, Format.num(monteCarlo.minDosePct), v.at(worst), at[0], at[1], at[2]));
    }

    /** The voxel (i, j, k) of the delineated CTV where the map is highest. */
    private static int[] highestInCtv(Volume map, Mask ctvMask) {
        Volume.Values v = map.values();
        int worst = -1;
        for (int i = 0; i < map.grid().voxelCount(); i++) if (ctvMask.voxels()[i] != 0 && (worst < 0 || v.at(i) > v.at(worst))) worst = i;
        Grid g = map.grid();
        return new int[] {worst % g.size(0), (worst / g.size(0)) % g.size(1), worst / (g.size(0) * g.size(1))};
    }

    /** The PTV as a mask, for outlines: the given one, or the CTV grown by the margin at voxel centres. */
    private Mask ptvMask(MissTarget target) {
        if (target instanceof MissTarget.WithPtv given) return given.ptv();
        MissTarget.WithMargin m = (MissTarget.WithMargin) target;
        return new MarginExpander(common.backend()).expand(m.ctv(), new Margin.Uniform(m.marginMm())).mask();
    }
}
