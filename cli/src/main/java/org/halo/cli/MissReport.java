package org.halo.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halo.clinical.miss.MissResult;
import org.halo.clinical.miss.Precision;

/** A geographic-miss result as JSON fields and as text, every number with its unit and Monte Carlo error. */
final class MissReport {
    private MissReport() {}

    static Map<String, Object> probability(MissResult.Probability p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", round(p.value(), 5));
        m.put("se", round(p.standardError(), 5));
        return m;
    }

    static Map<String, Object> json(MissResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p_miss_d95", probability(r.missD95()));
        m.put("p_miss_d98_90", probability(r.missD98At90()));
        m.put("p_full_coverage", probability(r.fullCoverage()));
        m.put("p_any_geometric_miss", probability(r.anyGeometricMiss()));
        Map<String, Object> minDose = probability(r.minDoseAtLeast());
        minDose.put("level_pct_rx", r.minDosePct());
        m.put("p_min_dose_at_least", minDose);
        m.put("target_model", r.targetModel().token());
        m.put("underdosed_below_95pct_rx", underdosed(r));
        Map<String, Object> d95 = new LinkedHashMap<>();
        d95.put("p5_pct_rx", round(100 * r.d95().p5(), 2));
        d95.put("p50_pct_rx", round(100 * r.d95().p50(), 2));
        m.put("ctv_d95", d95);
        Map<String, Object> dph = new LinkedHashMap<>();
        dph.put("min_dose_p10_pct_rx", round(100 * r.minDose().p10(), 2));
        dph.put("d98_p10_pct_rx", round(100 * r.d98().p10(), 2));
        m.put("dph_point", dph);
        m.put("ctv_cc", round(r.ctvCc(), 4));
        m.put("ptv_cc", round(r.ptvCc(), 4));
        m.put("ptv_to_ctv_ratio", round(r.ptvToCtvRatio(), 4));
        m.put("recipes", recipes(r.recipes()));
        m.put("scenarios", r.scenarios());
        m.put("seed", r.seed());
        m.put("estimator", r.estimator().token());
        m.put("fractions", r.fractions());
        m.put("evaluation_points", r.evaluationPoints());
        m.put("mean_gating_corrections_per_fraction", round(r.meanGatingCorrectionsPerFraction(), 5));
        m.put("isocentre_mm", List.of(round(r.isocentreMm()[0], 3), round(r.isocentreMm()[1], 3), round(r.isocentreMm()[2], 3)));
        if (!Double.isNaN(r.g50Mm())) m.put("g50_mm", round(r.g50Mm(), 4));
        m.put("evaluator", r.evaluator());
        m.put("elapsed_ms", round(r.elapsedMs(), 1));
        return m;
    }

    private static Map<String, Object> underdosed(MissResult r) {
        Map<String, Object> under = new LinkedHashMap<>();
        under.put("mean_cc", round(r.underdosedCc().mean(), 5));
        under.put("p50_cc", round(r.underdosedCc().p50(), 5));
        under.put("p90_cc", round(r.underdosedCc().p90(), 5));
        under.put("p95_cc", round(r.underdosedCc().p95(), 5));
        under.put("mean_pct", round(100 * r.underdosedFraction().mean(), 4));
        under.put("p95_pct", round(100 * r.underdosedFraction().p95(), 4));
        return under;
    }

    private static Map<String, Object> recipes(MissResult.Recipes c) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("sigma_systematic_mm", round(c.sysMm(), 4));
        rec.put("sigma_random_mm", round(c.randMm(), 4));
        rec.put("penumbra_mm", round(c.penumbraMm(), 4));
        rec.put("van_herk_mm", round(c.vanHerkMm(), 3));
        rec.put("finite_fractions_mm", round(c.finiteFractionsMm(), 3));
        rec.put("stroom_mm", round(c.stroomMm(), 3));
        rec.put("parker_mm", round(c.parkerMm(), 3));
        rec.put("chang_rotation_95_mm", round(c.changMm(), 3));
        rec.put("distance_to_isocentre_mm", round(c.distanceToIsocentreMm(), 3));
        return rec;
    }

    static String pct(MissResult.Probability p) {
        return Format.round(100 * p.value(), 2) + " % ± " + Format.round(100 * p.standardError(), 2) + " %";
    }

    static void text(Report out, MissResult r) {
        out.line("  P(CTV D95 < 95 % Rx)  = " + pct(r.missD95()) + "   geographic miss");
        out.line("  P(CTV D98 < 90 % Rx)  = " + pct(r.missD98At90()) + "   severe miss");
        out.line("  P(full coverage)      = " + pct(r.fullCoverage()) + "   every CTV point ≥ Rx");
        out.line("  P(geometric miss)     = " + pct(r.anyGeometricMiss()) + "   > 1 % of the CTV outside the PTV in any fraction");
        out.line("  P(CTV min ≥ " + Format.num(r.minDosePct()) + " % Rx) = " + pct(r.minDoseAtLeast()));
        out.line("  target model: " + r.targetModel().token() + " (" + r.targetModel().label() + "), " + r.evaluationPoints() + " evaluation points");
        out.line("  under-dosed CTV (< 95 % Rx): mean " + Format.round(r.underdosedCc().mean(), 4) + " cc (" + Format.round(100 * r.underdosedFraction().mean(), 2)
                + " %), 50th/90th/95th percentile " + Format.round(r.underdosedCc().p50(), 4) + " / " + Format.round(r.underdosedCc().p90(), 4) + " / "
                + Format.round(r.underdosedCc().p95(), 4) + " cc");
        out.line("  CTV D95: 5th percentile " + Format.round(100 * r.d95().p5(), 1) + " % Rx, median " + Format.round(100 * r.d95().p50(), 1) + " % Rx");
        out.line("  DPH point: 10th percentile of CTV minimum dose " + Format.round(100 * r.minDose().p10(), 1) + " % Rx, of D98 "
                + Format.round(100 * r.d98().p10(), 1) + " % Rx");
        out.line("  cost: CTV " + Format.cc(r.ctvCc()) + " → PTV " + Format.cc(r.ptvCc()) + " (×" + Format.round(r.ptvToCtvRatio(), 2) + ")");
        MissResult.Recipes c = r.recipes();
        out.line("  recipes (Σ " + Format.round(c.sysMm(), 2) + " mm, σ " + Format.round(c.randMm(), 2) + " mm, σp " + Format.round(c.penumbraMm(), 1)
                + " mm): van Herk " + Format.round(c.vanHerkMm(), 2) + " mm, finite-fraction M(" + r.fractions() + ") " + Format.round(c.finiteFractionsMm(), 2)
                + " mm, Stroom " + Format.round(c.stroomMm(), 2) + " mm, Parker " + Format.round(c.parkerMm(), 2) + " mm, Chang 95 % with rotation at "
                + Format.round(c.distanceToIsocentreMm(), 1) + " mm " + Format.round(c.changMm(), 2) + " mm");
    }

    static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return v;
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** The scenario budget in words: a fixed count, or the most a precision may take and the precision. */
    static String scenarios(int count, Precision precision) {
        if (precision == null) return count + " scenarios";
        return "at most " + count + " scenarios (precision " + (precision.equals(Precision.AUTO) ? "auto: as " + count + " 0/1 outcomes, at least 0.5 points"
                : "SE " + Format.num(precision.standardError())) + ")";
    }
}
