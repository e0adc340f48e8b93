package org.halo.cli;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.clinical.guideline.GuidelineQuery;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.Token;
import org.halo.clinical.miss.ComparisonRow;
import org.halo.clinical.miss.CriticalMargin;
import org.halo.clinical.miss.DoseAccumulation;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.ErrorModel;
import org.halo.clinical.miss.MarginComparison;
import org.halo.clinical.miss.MissResult;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.MissTarget;
import org.halo.clinical.miss.Regimen;
import org.halo.image.Mask;
import org.halo.io.SafeFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"SRS against HSRT: the geographic-miss risk of each regimen at each margin, the smallest margin meeting a",
            "target risk, the guideline's margin for the same platform, and whether the HSRT margin can equal the SRS margin."})
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--ctv", required = true, paramLabel = "FILE", description = "CTV mask.")
    Path ctv;

    @Option(names = "--margins", split = ",", paramLabel = "MM,...", defaultValue = "0,0.5,1,1.5,2,2.5,3",
            description = "CTV→PTV margins to test (mm, increasing). Default: ${DEFAULT-VALUE}.")
    double[] margins;

    @Option(names = "--regimens", split = ",", paramLabel = "KIND:N[@PLATFORM],...", defaultValue = "srs:1,hsrt:3,hsrt:5",
            description = "Regimens, e.g. srs:1@frame,hsrt:5@mask-6dof-monitored. Default: ${DEFAULT-VALUE} (with --platform).")
    List<String> regimens;

    @Option(names = "--risk-metric", paramLabel = "M", defaultValue = "p_miss_d95",
            description = "Probability the target applies to: p_miss_d95, p_miss_d98_90, p_any_geometric_miss. Default: ${DEFAULT-VALUE}.")
    String metric;

    @Option(names = "--target-risk", paramLabel = "P", defaultValue = "0.05", description = "Acceptable probability (0-1). Default: ${DEFAULT-VALUE}.")
    double targetRisk;

    @Option(names = "--margin-resolution", paramLabel = "MM", defaultValue = "0.05",
            description = "Also find each regimen's margin for the target risk between the listed margins to MM, with its 95 %% interval "
                    + "(bisection with the same scenarios: about seven more evaluations per regimen); 0: the listed margins only. Default: ${DEFAULT-VALUE}.")
    double marginResolutionMm;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write the rows as CSV.")
    Path csv;

    @Option(names = "--dvh-bands", paramLabel = "FILE.csv",
            description = "Also write, per regimen and margin, the CTV's DVH over the scenarios: the nominal DVH and the 5, 25, 50, 75 and 95 %% bands (volume %%).")
    Path dvhBands;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw risk against margin per regimen, with the PTV volume.")
    Path plot;

    @Mixin
    MonteCarloOptions monteCarlo;

    @Mixin
    TreatmentOptions treatment;

    @Mixin
    GuidelineOptions facts;

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
        monteCarlo.check();
        double resolutionMm = marginResolution(marginResolutionMm); // before any file is read
        if (doseOptions.alphaBetaGy != null) throw new IllegalArgumentException("compare accumulates physical dose; use 'halo miss' for BED");
        MarginComparison.Metric m = Token.parse(MarginComparison.Metric.class, metric, "--risk-metric");
        Mask c = MissInputs.ctv(ctv);
        double[] iso = monteCarlo.isocentre();
        List<Regimen> parsed = regimens();
        List<MarginComparison.Arm> arms = MarginComparison.Arm.of(parsed, r -> errors.model(r.platform(), treatment), targetFacts(c, iso));
        DoseModel dose = doseOptions.model();
        var err = spec.commandLine().getErr();
        MarginComparison.Request request = new MarginComparison.Request(c, margins, arms, dose, monteCarlo.scenarios, monteCarlo.seed, iso, m, targetRisk,
                monteCarlo.targetModel(), monteCarlo.minDosePct, monteCarlo.estimator(), monteCarlo.precision(), resolutionMm);
        MissSimulation simulation = new MissSimulation(common.backend());
        MarginComparison.Result result = new MarginComparison(simulation).run(request, line -> {
                    err.println("compare: " + line);
                    err.flush();
                });
        Report out = new Report(common.json);
        Map<Double, double[]> nominal = dvhBands == null ? Map.of() : nominalDvhs(simulation, request);
        json(out, c, m, result, dose, parsed, nominal);
        text(out, c, m, result, dose, parsed);
        // The files appear together or not at all.
        Map<Path, SafeFiles.Content> files = new LinkedHashMap<>();
        if (csv != null) files.put(csv, csv(result));
        if (plot != null) files.put(plot, plot(result, m, nominal));
        if (dvhBands != null) files.put(dvhBands, DvhBands.csv(result.rows().stream().map(row -> new DvhBands.Row(row.arm().label(), row.arm().fractions(),
                row.marginMm(), nominal.get(row.marginMm()), row.result().dvhBands())).toList()));
        if (!files.isEmpty()) SafeFiles.writeAll(files);
        common.report(out);
        out.print(spec.commandLine().getOut(), err);
        return 0;
    }

    /** The margin for the target risk and its interval, as compare and explore write them in JSON. */
    static Map<String, Object> criticalMarginJson(CriticalMargin c) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("margin_for_target_risk_mm", c.marginMm());
        x.put("margin_for_target_risk_low_mm", c.lowMm());
        x.put("margin_for_target_risk_high_mm", c.highMm());
        x.put("margin_search_evaluations", c.evaluations());
        x.put("margin_searched_from_mm", c.firstListedMm()); // an answer equal to it (above 0) means "at most"
        return x;
    }

    /** The same in words: "margin for the target risk 0.8 mm (95 % interval 0.72–0.88 mm; found to 0.05 mm)". */
    static String criticalMarginText(CriticalMargin c) {
        if (c.marginMm() == null) {
            return "margin for the target risk beyond the listed margins" + (c.lowMm() == null ? "" : " (95 % interval from " + mm(c, c.lowMm()) + " mm)");
        }
        if (c.atMost(c.marginMm())) {
            return "margin for the target risk ≤ " + Format.round(c.marginMm(), 2) + " mm (the smallest listed margin meets it already: list smaller ones to find it)";
        }
        return "margin for the target risk " + mm(c, c.marginMm()) + " mm (95 % interval " + mm(c, c.lowMm()) + "–"
                + (c.highMm() == null ? "beyond the listed margins" : mm(c, c.highMm()) + " mm") + "; found to " + Format.num(c.resolutionMm()) + " mm)";
    }

    /** An answer to two decimals, "≤" where the smallest listed margin already meets its criterion. */
    private static String mm(CriticalMargin c, double v) {
        return (c.atMost(v) ? "≤ " : "") + Format.round(v, 2);
    }

    /** --margin-resolution: 0, or inside the library's range. */
    static double marginResolution(double mm) {
        String problem = MarginComparison.resolutionProblem(mm);
        if (problem != null) throw new IllegalArgumentException("--margin-resolution " + problem);
        return mm;
    }

    /** Per margin, the CTV's DVH with no error (the same for every regimen). */
    private static Map<Double, double[]> nominalDvhs(MissSimulation simulation, MarginComparison.Request q) {
        Map<Double, double[]> out = new LinkedHashMap<>();
        for (double margin : q.marginsMm()) {
            out.put(margin, simulation.nominalDvhPct(new MissSimulation.Request(new MissTarget.WithMargin(q.ctv(), margin), q.dose(), ErrorModel.none(),
                    1, 1, q.seed(), q.isocentreMm(), DoseAccumulation.PHYSICAL, q.targetModel(), q.minDosePct())));
        }
        return out;
    }

    /** --regimens parsed, each with a platform (its own or --platform) unless the error SDs are given. */
    private List<Regimen> regimens() {
        List<Regimen> parsed = new ArrayList<>();
        for (String text : regimens) {
            Regimen r = Regimen.parse(text, errors.platform());
            if (r.platform() == null && !explicitErrors()) {
                throw new IllegalArgumentException("regimen '" + text + "' has no platform: give --platform, KIND:N@PLATFORM, or the error SDs");
            }
            parsed.add(r);
        }
        return parsed;
    }

    /** The target's facts for the guideline; each arm asks them for its own regimen and platform. */
    private GuidelineQuery targetFacts(Mask c, double[] iso) {
        double distance = facts.distanceToIsocentreMm != null ? facts.distanceToIsocentreMm : iso == null ? 0 : dist(MissSimulation.centroidMm(c), iso);
        return facts.query(treatment, Intent.SRS, 1, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.NONE, distance);
    }

    private void json(Report out, Mask c, MarginComparison.Metric m, MarginComparison.Result result, DoseModel dose, List<Regimen> parsed,
                      Map<Double, double[]> nominal) {
        out.put("command", "compare").put("ctv", ctv.toString()).put("ctv_cc", Format.r3(c.volumeCc())).put("risk_metric", m.token())
                .put("target_risk", targetRisk).put("scenarios", monteCarlo.scenarios).put("seed", monteCarlo.seed)
                .put("target_model", monteCarlo.targetModel().token()).put("estimator", monteCarlo.estimator().token())
                .put("precision", monteCarlo.precision() == null ? "none" : monteCarlo.precision().token()).put("margin_resolution_mm", marginResolutionMm);
        List<Object> rows = new ArrayList<>();
        for (MarginComparison.Row row : result.rows()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("regimen", row.arm().label());
            x.put("fractions", row.arm().fractions());
            x.put("margin_mm", row.marginMm());
            x.putAll(MissReport.json(row.result()));
            if (nominal.containsKey(row.marginMm())) x.put("dvh_bands", DvhBands.json(nominal.get(row.marginMm()), row.result().dvhBands()));
            rows.add(x);
        }
        out.put("rows", rows);
        List<Object> per = new ArrayList<>();
        for (MarginComparison.ArmSummary a : result.arms()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("regimen", a.arm().label());
            x.put("smallest_margin_meeting_target_mm", a.neededMarginMm());
            if (a.criticalMargin() != null) x.putAll(criticalMarginJson(a.criticalMargin()));
            if (a.guideline() != null) {
                x.put("guideline_ctv_to_ptv_mm", GuidelineReport.range(a.guideline().ctvToPtvMm()));
                x.put("guideline_total_mm", GuidelineReport.range(a.guideline().totalMm()));
                x.put("guideline_rules", a.guideline().rules().stream().map(f -> f.id()).toList());
            }
            x.put("agreement", a.agreement());
            per.add(x);
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parsed.size(); i++) parameters.put(parsed.get(i).label(), ErrorOptions.echo(result.arms().get(i).arm().model(), parsed.get(i).platform()));
        out.put("regimens", per).put("verdict", result.verdict()).put("dose_model", DoseOptions.describe(dose, result.rows().get(0).result().g50Mm()))
                .put("parameters", parameters);
    }

    private void text(Report out, Mask c, MarginComparison.Metric m, MarginComparison.Result result, DoseModel dose, List<Regimen> parsed) {
        out.line("Margin comparison for " + ctv + " (CTV " + Format.cc(c.volumeCc()) + "), " + MissReport.scenarios(monteCarlo.scenarios, monteCarlo.precision())
                + " per row, seed " + monteCarlo.seed + ":");
        out.line(String.format(Locale.ROOT, "  %-28s %9s %18s %18s %18s %12s %10s %8s %9s", "regimen", "margin", "P(D95<95%)", "P(D98<90%)", "P(geo miss)",
                "E[V<95] cc", "PTV cc", "M(n) mm", "scenarios"));
        for (MarginComparison.Row row : result.rows()) {
            MissResult r = row.result();
            out.line(String.format(Locale.ROOT, "  %-28s %6s mm %18s %18s %18s %12.4f %10.3f %8.2f %9d", row.arm().label(), Format.num(row.marginMm()),
                    MissReport.pct(r.missD95()), MissReport.pct(r.missD98At90()), MissReport.pct(r.anyGeometricMiss()), r.underdosedCc().mean(), r.ptvCc(),
                    r.recipes().finiteFractionsMm(), r.scenarios()));
        }
        out.line("smallest margin with " + m.label() + " ≤ " + Format.round(100 * targetRisk, 1) + " %, and the guideline for the same platform:");
        for (MarginComparison.ArmSummary a : result.arms()) {
            out.line("  " + a.arm().label() + ": " + (a.neededMarginMm() == null ? "none of the listed margins" : Format.num(a.neededMarginMm()) + " mm")
                    + (a.criticalMargin() == null ? "" : "; " + criticalMarginText(a.criticalMargin()))
                    + (a.guideline() == null ? "" : "; guideline " + GuidelineReport.range("CTV→PTV", a.guideline().ctvToPtvMm()) + " ["
                    + String.join(", ", a.guideline().rules().stream().map(f -> f.id()).toList()) + "]") + " — " + a.agreement());
        }
        out.line("verdict: " + result.verdict());
        out.line("dose: " + DoseOptions.describe(dose, result.rows().get(0).result().g50Mm()));
        for (int i = 0; i < parsed.size(); i++) out.line(parsed.get(i).label() + ": " + ErrorOptions.text(result.arms().get(i).arm().model(), parsed.get(i).platform()));
        out.line("Monte Carlo: probabilities ± 1 standard error; the same scenarios (seed) at every margin of a regimen; target model: "
                + monteCarlo.targetModel().token() + " (" + monteCarlo.targetModel().label() + "); estimator: " + monteCarlo.estimator().token() + " ("
                + monteCarlo.estimator().label() + ").");
    }

    private boolean explicitErrors() {
        return errors.systematicMm != null || errors.randomMm != null || errors.rotationDeg != null || errors.intrafractionMm != null
                || errors.delineationMm != null || errors.registrationMm != null || errors.machineMm != null || errors.distortionMm != null
                || errors.systematicRotationDeg != null || errors.machineOffsetMm != null;
    }

    /** The comparison's rows ({@link ComparisonRow}, the columns cohorts store too) as CSV, with the precision of each column. */
    private static SafeFiles.Content csv(MarginComparison.Result result) {
        StringBuilder sb = new StringBuilder(String.join(",", ComparisonRow.COLUMNS)).append('\n');
        for (MarginComparison.Row row : result.rows()) {
            ComparisonRow c = ComparisonRow.of(row);
            sb.append(String.format(Locale.ROOT, "%s,%d,%s,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.2f,%.2f,%.4f,%.4f,%.4f,%.3f,%.3f%n", c.regimen(),
                    c.fractions(), Format.num(c.marginMm()), c.pMissD95(), c.pMissD95Se(), c.pMissD98At90(), c.pMissD98At90Se(), c.pFullCoverage(),
                    c.pAnyGeometricMiss(), c.underdosedMeanCc(), c.underdosedP95Cc(), c.d95P5PctRx(), c.minDoseP10PctRx(), c.ctvCc(), c.ptvCc(),
                    c.ptvToCtvRatio(), c.vanHerkMm(), c.finiteFractionsMm()));
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        return o -> o.write(bytes);
    }

    /**
     * Risk against margin; with --dvh-bands, below it each regimen's DVH bands at its smallest margin meeting the target
     * risk (the largest listed margin where none does).
     */
    private static SafeFiles.Content plot(MarginComparison.Result result, MarginComparison.Metric m, Map<Double, double[]> nominal) {
        Map<String, List<double[]>> risk = new LinkedHashMap<>();
        List<double[]> volume = new ArrayList<>();
        for (MarginComparison.Row row : result.rows()) {
            risk.computeIfAbsent(row.arm().label(), k -> new ArrayList<>()).add(new double[] {row.marginMm(), m.of(row.result()).value()});
            if (row.arm() == result.rows().get(0).arm()) volume.add(new double[] {row.marginMm(), row.result().ptvCc()});
        }
        List<BufferedImage> bands = new ArrayList<>();
        for (MarginComparison.ArmSummary a : nominal.isEmpty() ? List.<MarginComparison.ArmSummary>of() : result.arms()) {
            MarginComparison.Row row = result.rows().stream().filter(x -> x.arm() == a.arm() && (a.neededMarginMm() == null || x.marginMm() == a.neededMarginMm()))
                    .reduce((first, second) -> a.neededMarginMm() == null ? second : first).orElseThrow();
            bands.add(DvhBandsPlot.image(a.arm().label() + " at " + Format.num(row.marginMm()) + " mm", nominal.get(row.marginMm()), row.result().dvhBands(), 450,
                    320));
        }
        Map<String, CriticalMargin> critical = new LinkedHashMap<>();
        for (MarginComparison.ArmSummary a : result.arms()) if (a.criticalMargin() != null) critical.put(a.arm().label(), a.criticalMargin());
        return PlotImages.png(PlotImages.stack(ComparePlot.image(m.label(), risk, volume, result.targetRisk(), critical), bands, 2));
    }

    private static double dist(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }
}
