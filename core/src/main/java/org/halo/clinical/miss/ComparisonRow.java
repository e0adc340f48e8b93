package org.halo.clinical.miss;

import java.util.List;

/**
 * One (regimen, margin) row of a margin comparison as plain, named values with units: what the command line writes as
 * CSV and what a cohort or a Spark job stores, so that all of them carry the same columns.
 */
public record ComparisonRow(String regimen, int fractions, double marginMm, double pMissD95, double pMissD95Se, double pMissD98At90,
                            double pMissD98At90Se, double pFullCoverage, double pAnyGeometricMiss, double underdosedMeanCc,
                            double underdosedP95Cc, double d95P5PctRx, double minDoseP10PctRx, double ctvCc, double ptvCc,
                            double ptvToCtvRatio, double vanHerkMm, double finiteFractionsMm, String estimator, int scenariosUsed, long seed) {
    /** The column names, in the order of {@link #values()}: snake_case with the unit in the name. */
    public static final List<String> COLUMNS = List.of("regimen", "fractions", "margin_mm", "p_miss_d95", "p_miss_d95_se", "p_miss_d98_90",
            "p_miss_d98_90_se", "p_full_coverage", "p_any_geometric_miss", "underdosed_mean_cc", "underdosed_p95_cc", "d95_p5_pct_rx",
            "dph_min_dose_p10_pct_rx", "ctv_cc", "ptv_cc", "ptv_to_ctv_ratio", "van_herk_mm", "finite_fractions_mm", "estimator", "scenarios_used", "seed");

    /**
     * @param row a row of a comparison
     * @return its columns
     */
    public static ComparisonRow of(MarginComparison.Row row) {
        MissResult r = row.result();
        return new ComparisonRow(row.arm().label(), row.arm().fractions(), row.marginMm(), r.missD95().value(), r.missD95().standardError(),
                r.missD98At90().value(), r.missD98At90().standardError(), r.fullCoverage().value(), r.anyGeometricMiss().value(),
                r.underdosedCc().mean(), r.underdosedCc().p95(), 100 * r.d95().p5(), 100 * r.minDose().p10(), r.ctvCc(), r.ptvCc(),
                r.ptvToCtvRatio(), r.recipes().vanHerkMm(), r.recipes().finiteFractionsMm(), r.estimator().token(), r.scenarios(), r.seed());
    }

    /**
     * The values in the order of {@link #COLUMNS}.
     *
     * @return the values
     */
    public List<Object> values() {
        return List.of(regimen, fractions, marginMm, pMissD95, pMissD95Se, pMissD98At90, pMissD98At90Se, pFullCoverage, pAnyGeometricMiss,
                underdosedMeanCc, underdosedP95Cc, d95P5PctRx, minDoseP10PctRx, ctvCc, ptvCc, ptvToCtvRatio, vanHerkMm, finiteFractionsMm, estimator,
                scenariosUsed, seed);
    }
}
