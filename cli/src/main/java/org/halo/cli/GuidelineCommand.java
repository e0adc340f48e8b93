package org.halo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.HaloException;
import org.halo.clinical.guideline.Guideline;
import org.halo.clinical.guideline.GuidelineQuery;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.MarginRecommendation;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.Token;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Mask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "guideline", mixinStandardHelpOptions = true,
        description = {"The CTV and PTV margins the published sources support for an SRS or HSRT treatment, with the rules that",
            "fired, warnings and citations (rule table: core/src/main/resources/org/halo/clinical/guideline/rules.tsv)."})
final class GuidelineCommand implements Callable<Integer> {
    @Option(names = "--intent", required = true, paramLabel = "srs|hsrt", description = "SRS (one fraction) or HSRT (2-5 fractions).")
    String intent;

    @Option(names = "--fractions", paramLabel = "N", description = "Number of fractions (default: 1 for SRS, 5 for HSRT).")
    Integer fractions;

    @Option(names = "--immobilisation", required = true, paramLabel = "frame|relocatable-frame|mask", description = "Immobilisation.")
    String immobilisation;

    @Option(names = "--igrt", required = true, paramLabel = "none|3dof|6dof", description = "Image guidance before treatment.")
    String igrt;

    @Option(names = "--monitoring", defaultValue = "none", paramLabel = "none|periodic|continuous",
            description = "Intrafraction monitoring. Default: ${DEFAULT-VALUE}.")
    String monitoring;

    @Option(names = "--per", paramLabel = "SOURCE", description = "Check that a source supports a margin (e.g. '--per ASCO' is refused: it gives none).")
    String per;

    @Option(names = "--ctv", paramLabel = "FILE", description = "Measure the volume cost on this CTV (PTV/CTV ratio of the total margin).")
    Path ctv;

    @Mixin
    TreatmentOptions treatment;

    @Mixin
    GuidelineOptions facts;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Guideline guideline = Guideline.standard();
        if (per != null) guideline.requireSupported(per);
        Intent in = Token.parse(Intent.class, intent, "--intent");
        int n = fractions != null ? fractions : in == Intent.SRS ? 1 : 5;
        GuidelineQuery q = facts.query(treatment, in, n, Token.parse(Immobilisation.class, immobilisation, "--immobilisation"),
                Token.parse(Igrt.class, igrt, "--igrt"), Token.parse(Monitoring.class, monitoring, "--monitoring"),
                facts.distanceToIsocentreMm == null ? 0 : facts.distanceToIsocentreMm);
        MarginRecommendation r = guideline.recommend(q);

        Report out = new Report(common.json);
        out.put("command", "guideline").put("query", query(q));
        for (Map.Entry<String, Object> e : GuidelineReport.json(r).entrySet()) out.put(e.getKey(), e.getValue());
        out.line("Guideline margin for " + q.intent().name() + " in " + q.fractions() + " fraction" + (q.fractions() == 1 ? "" : "s") + ", "
                + q.target().token() + " target, " + q.immobilisation().token() + " + " + q.igrt().token() + " IGRT + "
                + q.monitoring().token() + " monitoring:");
        if (per != null) out.line("  (" + per + ": no rejected claim is attributed to this source; the rules below carry their own sources)");
        if (ctv != null) volumeCost(out, r);
        GuidelineReport.text(out, r);
        common.report(out);
        out.print(spec.commandLine().getOut(), spec.commandLine().getErr());
        return 0;
    }

    private static Map<String, Object> query(GuidelineQuery q) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("intent", q.intent().token());
        query.put("fractions", q.fractions());
        query.put("target", q.target().token());
        query.put("immobilisation", q.immobilisation().token());
        query.put("igrt", q.igrt().token());
        query.put("monitoring", q.monitoring().token());
        query.put("distance_to_isocentre_mm", q.distanceToIsocentreMm());
        if (q.maxDiameterMm() != null) query.put("diameter_mm", q.maxDiameterMm());
        return query;
    }

    /** What the recommended total margin does to the given CTV's volume. */
    private void volumeCost(Report out, MarginRecommendation r) {
        Mask m = Inputs.mask(ctv, null);
        if (m.isEmpty()) throw HaloException.inFile(ctv, "the CTV is empty");
        Mask ptv = new MarginExpander(common.backend()).expand(m, new Margin.Uniform(r.totalMm().defaultMm())).mask();
        double ratio = (double) ptv.count() / m.count();
        out.put("ctv_cc", Format.r3(m.volumeCc())).put("ptv_cc", Format.r3(ptv.volumeCc())).put("ptv_to_ctv_ratio", Format.r3(ratio));
        out.line("  volume cost on " + ctv + ": CTV " + Format.cc(m.volumeCc()) + " → PTV " + Format.cc(ptv.volumeCc()) + " (×" + Format.round(ratio, 2) + ")");
    }
}
