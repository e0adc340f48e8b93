package org.halo.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.imglib2.Interval;
import org.halo.clinical.guideline.Guideline;
import org.halo.clinical.guideline.GuidelineQuery;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.MarginRecommendation;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.miss.DoseModel;
import org.halo.clinical.miss.MarginComparison;
import org.halo.clinical.miss.MissSimulation;
import org.halo.clinical.miss.Platform;
import org.halo.clinical.miss.Precision;
import org.halo.compute.Backend;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.halo.metrics.DoseGrid;
import org.halo.metrics.DoseVolumeHistogram;
import org.halo.metrics.PlanQuality;
import org.halo.metrics.Structure;
import org.halo.metrics.SyntheticDose;

/**
 * Part 2 of the demo: a resection cavity treated with 30 Gy in 5 fractions on a thermoplastic mask with 6DoF image
 * guidance and continuous monitoring — the guideline's margin, the PTV, the coverage, and SRS against HSRT.
 */
final class CavityStory {
    static final double RX_GY = 30;
    private final Backend backend;
    private final MarginExpander expander;
    private final int scenarios;
    private final Path outDir;
    private final PrintWriter progress;

    CavityStory(Backend backend, MarginExpander expander, int scenarios, Path outDir, PrintWriter progress) {
        this.backend = backend;
        this.expander = expander;
        this.scenarios = scenarios;
        this.outDir = outDir;
        this.progress = progress;
    }

    Map<String, Object> tell(Report r) {
        Map<String, Object> j = new LinkedHashMap<>();
        Grid g = Phantoms.cavityGrid();
        Mask gtv = Phantoms.resectionCavity(g);
        Interval bounds = gtv.bounds();
        double diameter = 0;
        for (int a = 0; a < 3; a++) diameter = Math.max(diameter, bounds.dimension(a) * g.spacingMm(a));
        r.line("Part 2: a resection cavity (GTV " + Format.cc(gtv.volumeCc()) + ", " + Format.round(diameter, 0)
                + " mm across), 30 Gy in 5 fractions, thermoplastic mask + 6DoF IGRT + continuous monitoring");
        GuidelineQuery q = GuidelineQuery.builder(Intent.HSRT, 5, TargetKind.CAVITY, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.CONTINUOUS)
                .maxDiameterMm(diameter).volumeCc(gtv.volumeCc()).mriDistortionCorrected(true).daysMriToTreatment(5)
                .daysSurgeryToTreatment(21).build();
        MarginRecommendation rec = guideline(r, j, q);
        // The CTV and PTV: each one exact distance threshold of the GTV, never two chained dilations.
        Mask ctv = expander.expand(gtv, new Margin.Uniform(rec.gtvToCtvMm().defaultMm())).mask();
        Mask ptv = expander.expand(gtv, new Margin.Uniform(rec.totalMm().defaultMm())).mask();
        r.line(String.format(Locale.ROOT, "2. volumes: GTV %.2f cc → CTV %.2f cc → PTV %.2f cc (PTV/CTV ×%.2f)", gtv.volumeCc(), ctv.volumeCc(),
                ptv.volumeCc(), ptv.volumeCc() / ctv.volumeCc()));
        j.put("gtv_cc", Format.r3(gtv.volumeCc()));
        j.put("ctv_cc", Format.r3(ctv.volumeCc()));
        j.put("ptv_cc", Format.r3(ptv.volumeCc()));
        DoseModel.Exponential falloff = new DoseModel.Exponential(null, null);
        Volume dose = coverage(r, j, ctv, ptv, falloff.g50Mm(ptv.volumeCc()));
        geographicMiss(r, j, ctv, q, falloff);
        if (outDir != null) {
            ImageFiles.write(gtv.toVolume(), outDir.resolve("cavity_gtv.nii.gz"));
            ImageFiles.write(ctv.toVolume(), outDir.resolve("cavity_ctv.nii.gz"));
            ImageFiles.write(ptv.toVolume(), outDir.resolve("cavity_ptv.nii.gz"));
            ImageFiles.write(dose, outDir.resolve("cavity_dose_gy.nii.gz"));
        }
        return j;
    }

    /** Step 1: what the guideline recommends for the cavity on this platform, with its rules and sources. */
    private static MarginRecommendation guideline(Report r, Map<String, Object> j, GuidelineQuery q) {
        MarginRecommendation rec = Guideline.standard().recommend(q);
        r.line("1. guideline: " + GuidelineReport.range("GTV→CTV", rec.gtvToCtvMm()) + ", " + GuidelineReport.range("CTV→PTV", rec.ctvToPtvMm())
                + ", total " + Format.num(rec.totalMm().defaultMm()) + " mm  ["
                + String.join(", ", rec.rules().stream().map(MarginRecommendation.FiredRule::id).toList()) + "; "
                + String.join(", ", rec.rules().stream().flatMap(f -> f.citations().stream()).distinct().limit(6).toList()) + ", ...]");
        j.put("guideline", GuidelineReport.json(rec));
        return rec;
    }

    /** Step 3: a conformal plan to the PTV and how it covers the CTV and PTV; returns the dose. */
    private Volume coverage(Report r, Map<String, Object> j, Mask ctv, Mask ptv, double g50) {
        Volume dose = plan(ptv, g50);
        DoseGrid dg = new DoseGrid(dose);
        DoseVolumeHistogram ctvDvh = DoseVolumeHistogram.compute(Structure.of("CTV", ctv), dg, 0.01, DoseVolumeHistogram.DEFAULT_SUBDIVISIONS,
                DoseVolumeHistogram.Outside.ERROR, backend);
        DoseVolumeHistogram ptvDvh = DoseVolumeHistogram.compute(Structure.of("PTV", ptv), dg, 0.01, DoseVolumeHistogram.DEFAULT_SUBDIVISIONS,
                DoseVolumeHistogram.Outside.ERROR, backend);
        PlanQuality pq = PlanQuality.of(ptvDvh, dg, RX_GY);
        r.line(String.format(Locale.ROOT, "3. planned coverage (30 Gy/5, exponential fall-off, G50 %.1f mm): CTV D95 %.2f Gy, PTV V100 %.1f %%,"
                + " Paddick CI %.2f, GI %.2f", g50, ctvDvh.doseAtVolumePct(95), pq.coveragePct(), pq.paddickCi(), pq.gradientIndex()));
        j.put("ctv_d95_gy", Format.r3(ctvDvh.doseAtVolumePct(95)));
        j.put("ptv_coverage_pct", Format.r3(pq.coveragePct()));
        j.put("paddick_ci", Format.r3(pq.paddickCi()));
        j.put("gradient_index", Format.r3(pq.gradientIndex()));
        return dose;
    }

    /** Step 4: SRS against HSRT on the same platform, CTV→PTV margins 0-3 mm, and the verdict. */
    private void geographicMiss(Report r, Map<String, Object> j, Mask ctv, GuidelineQuery q, DoseModel falloff) {
        r.line("4. geographic miss, at most " + scenarios + " scenarios per row (halo compare: 10 000), P(CTV D95 < 95 % Rx) by CTV→PTV margin:");
        List<MarginComparison.Arm> arms = List.of(arm(Intent.SRS, 1, q), arm(Intent.HSRT, 3, q), arm(Intent.HSRT, 5, q));
        double[] margins = {0, 0.5, 1, 1.5, 2, 2.5, 3};
        MarginComparison.Request request = new MarginComparison.Request(ctv, margins, arms, falloff, scenarios, MissSimulation.DEFAULT_SEED, null,
                MarginComparison.Metric.P_MISS_D95, 0.05).withPrecision(Precision.AUTO);
        MarginComparison.Result c = new MarginComparison(new MissSimulation(backend)).run(request, line -> {
                    progress.println("demo: " + line);
                    progress.flush();
                });
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "   %-26s", "regimen \\ margin (mm)"));
        for (double m : margins) head.append(String.format(Locale.ROOT, "%14s", Format.num(m)));
        r.line(head.toString());
        for (MarginComparison.Arm a : arms) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "   %-26s", a.label()));
            for (MarginComparison.Row x : c.rows()) {
                if (x.arm() == a) row.append(String.format(Locale.ROOT, "%8.1f±%-4.1f%%", 100 * x.result().missD95().value(), 100 * x.result().missD95().standardError()));
            }
            r.line(row.toString());
        }
        for (MarginComparison.ArmSummary a : c.arms()) r.line("   " + a.arm().label() + ": " + a.agreement());
        r.line("   verdict: " + c.verdict());
        r.line("   " + ErrorOptions.text(arms.get(0).model(), Platform.MASK_6DOF_MONITORED) + " — the cavity delineation SD of 1 mm is an assumption [A]");
        j.put("verdict", c.verdict());
        j.put("p_miss_d95_by_margin", c.rows().stream().map(x -> Map.of("regimen", x.arm().label(), "margin_mm", x.marginMm(),
                "p_miss_d95", x.result().missD95().value(), "se", x.result().missD95().standardError())).toList());
    }

    private static MarginComparison.Arm arm(Intent intent, int n, GuidelineQuery q) {
        Platform p = Platform.MASK_6DOF_MONITORED;
        GuidelineQuery armQuery = q.withRegimen(intent, n);
        return new MarginComparison.Arm(intent.token() + ":" + n + "@" + p.token(), intent, n, p.model(TargetKind.CAVITY, true, 15), armQuery);
    }

    /** The demo's plan: a conformal dose to the PTV ({@link SyntheticDose#conformal}). */
    private Volume plan(Mask ptv, double g50Mm) {
        return SyntheticDose.conformal(ptv, RX_GY, g50Mm, backend).withDescription("Halo demo plan: 30 Gy to the PTV, Gy");
    }
}
