package org.halo.cohort;

import java.util.ArrayList;
import java.util.List;
import org.halo.clinical.miss.ComparisonRow;

/**
 * The result tables of a cohort run, column by column with SQL type and meaning (units in the names): one definition
 * that the DuckDB store, its Parquet and CSV exports, the Spark job and docs/cohort.md all follow.
 */
public final class CohortTables {
    /** A column: name, SQL type (VARCHAR, DOUBLE, INTEGER, BIGINT, BOOLEAN), and what it holds. */
    public record Column(String name, String type, String meaning) {}

    /** The meanings of the comparison's columns (docs/clinical.md, "Outputs"), which halo compare --csv writes too. */
    private static final java.util.Map<String, String> COMPARISON = java.util.Map.ofEntries(
            java.util.Map.entry("regimen", "the regimen, KIND:N@PLATFORM"),
            java.util.Map.entry("fractions", "its fractions"),
            java.util.Map.entry("margin_mm", "the CTV→PTV margin simulated (mm)"),
            java.util.Map.entry("p_miss_d95", "P(CTV D95 < 95 % Rx), 0-1"),
            java.util.Map.entry("p_miss_d95_se", "its Monte Carlo standard error"),
            java.util.Map.entry("p_miss_d98_90", "P(CTV D98 < 90 % Rx), 0-1"),
            java.util.Map.entry("p_miss_d98_90_se", "its Monte Carlo standard error"),
            java.util.Map.entry("p_full_coverage", "P(every CTV point ≥ Rx), 0-1"),
            java.util.Map.entry("p_any_geometric_miss", "P(> 1 % of the true CTV outside the PTV in any fraction), 0-1"),
            java.util.Map.entry("underdosed_mean_cc", "mean CTV volume below 95 % Rx (cc)"),
            java.util.Map.entry("underdosed_p95_cc", "95th percentile of that volume (cc)"),
            java.util.Map.entry("d95_p5_pct_rx", "5th percentile of the CTV D95 (% Rx)"),
            java.util.Map.entry("dph_min_dose_p10_pct_rx", "10th percentile of the CTV minimum dose, the DPH point (% Rx)"),
            java.util.Map.entry("ctv_cc", "CTV volume the simulation used (cc)"),
            java.util.Map.entry("ptv_cc", "PTV volume at this margin (cc)"),
            java.util.Map.entry("ptv_to_ctv_ratio", "ptv_cc / ctv_cc"),
            java.util.Map.entry("van_herk_mm", "van Herk's recipe 2.5Σ + 1.64(√(σ² + σp²) − σp) for the same errors (mm)"),
            java.util.Map.entry("finite_fractions_mm", "the finite-fraction recipe M(n) for the same errors (mm)"),
            java.util.Map.entry("estimator", "how the risks were estimated: controlled (quasi with the mean translation as a control variate), quasi (the delineation offset integrated, scrambled Sobol' scenarios), conditional (the offset integrated) or plain (0/1 outcomes)"),
            java.util.Map.entry("scenarios_used", "the scenarios simulated for this row"),
            java.util.Map.entry("seed", "the row's random seed (the target's, derived from the study's seed, patient and target)"));

    /** The key of every target: patient, structure set (or mask) and ROI. */
    static final List<Column> KEY = List.of(
            new Column("patient_id", "VARCHAR", "Patient ID"),
            new Column("source", "VARCHAR", "the structure set (DICOM mode) or target mask (image mode) the target comes from"),
            new Column("target_name", "VARCHAR", "the ROI name (DICOM) or the manifest's target_name (image mode)"));

    public static final List<Column> TARGETS = concat(KEY, List.of(
            new Column("study_hash", "VARCHAR", "SHA-256 of the effective study (runs.study_hash)"),
            new Column("target_seed", "BIGINT", "the Monte Carlo seed of this target, from (study seed, patient, ROI): halo compare --seed reproduces its rows"),
            new Column("reference", "VARCHAR", "what the ROI was rasterised on: image series, RTDOSE grid, 1 mm grid, or image"),
            new Column("rois_skipped", "VARCHAR", "the patient's ROIs the study's target pattern did not take, ';'-separated"),
            new Column("grid_spacing_mm", "VARCHAR", "voxel spacing of the target's grid, x;y;z (mm)"),
            new Column("ctv_cc", "DOUBLE", "volume of the target mask (cc)"),
            new Column("contour_cc", "DOUBLE", "volume the ROI's contours enclose (cc); null in image mode"),
            new Column("equivalent_diameter_mm", "DOUBLE", "diameter of the sphere of volume ctv_cc (mm)"),
            new Column("centroid_x_mm", "DOUBLE", "target centroid, LPS x (mm)"),
            new Column("centroid_y_mm", "DOUBLE", "target centroid, LPS y (mm)"),
            new Column("centroid_z_mm", "DOUBLE", "target centroid, LPS z (mm)"),
            new Column("isocentre_x_mm", "DOUBLE", "plan isocentre, LPS x (mm); null when the manifest gives none (the centroid is used)"),
            new Column("isocentre_y_mm", "DOUBLE", "plan isocentre, LPS y (mm)"),
            new Column("isocentre_z_mm", "DOUBLE", "plan isocentre, LPS z (mm)"),
            new Column("distance_to_isocentre_mm", "DOUBLE", "centroid to isocentre (mm); 0 without an isocentre"),
            new Column("rx_gy", "DOUBLE", "prescription of the plan (Gy), from the manifest"),
            new Column("fractions", "INTEGER", "fractions of the plan, from the manifest"),
            new Column("ctv_d95_gy", "DOUBLE", "planned dose to 95 % of the target (Gy); null without a dose"),
            new Column("ctv_d98_gy", "DOUBLE", "planned dose to 98 % of the target (Gy)"),
            new Column("ctv_dmean_gy", "DOUBLE", "planned mean target dose (Gy)"),
            new Column("ctv_v100_pct", "DOUBLE", "target volume receiving at least rx_gy (%); null without a dose or prescription"),
            new Column("srs_margin_mm", "DOUBLE", "smallest listed margin meeting the target risk under the (first) SRS regimen; null if none does"),
            new Column("hsrt_can_use_srs_margin", "BOOLEAN", "every HSRT regimen meets the target risk at srs_margin_mm; null without SRS and HSRT regimens or an SRS margin"),
            new Column("verdict", "VARCHAR", "the comparison's verdict in words, as halo compare prints it")));

    public static final List<Column> SCENARIOS = concat(KEY, concat(List.of(new Column("study_hash", "VARCHAR", "as in targets")), concat(comparisonColumns(), List.of(
            new Column("regimen_margin_mm", "DOUBLE", "smallest listed margin meeting the target risk for this regimen; null if none does"),
            new Column("margin_for_target_risk_mm", "DOUBLE", "this regimen's margin for the target risk between the listed margins, to the study's margin-resolution "
                    + "(as halo compare --margin-resolution); the smallest listed margin, above 0, when that one already meets it (then: at most that); null unless margin-resolution is set, or when no listed margin meets the target risk"),
            new Column("margin_for_target_risk_low_mm", "DOUBLE", "lower end of its 95 % interval (mm); null as above"),
            new Column("margin_for_target_risk_high_mm", "DOUBLE", "upper end of its 95 % interval (mm); null as above or when no listed margin meets the target risk with confidence"),
            new Column("can_use_srs_margin", "BOOLEAN", "HSRT rows: this regimen meets the target risk at the SRS margin; null for SRS rows"),
            new Column("guideline_gtv_to_ctv_mm", "DOUBLE", "the guideline's default GTV→CTV margin for this regimen and platform (mm)"),
            new Column("guideline_ctv_to_ptv_mm", "DOUBLE", "the guideline's default CTV→PTV margin (mm)"),
            new Column("guideline_total_mm", "DOUBLE", "the guideline's default total margin (mm)"),
            new Column("guideline_rules", "VARCHAR", "the guideline rules that fired, ';'-separated (halo guideline prints their sources)"),
            new Column("ptv_subvoxel_cc", "DOUBLE", "PTV volume at this margin on the smooth surface the mask implies, as halo expand --subvoxel gives it (cc); null unless the study's subvoxel is true")))));

    public static final List<Column> ERRORS = concat(KEY, List.of(
            new Column("study_hash", "VARCHAR", "as in targets"),
            new Column("stage", "VARCHAR", "where it failed: read (the row's files), select (no target ROI), rasterise, dose, simulate"),
            new Column("message", "VARCHAR", "the one-line reason")));

    private CohortTables() {}

    /** The targets table of a manifest: {@link #TARGETS}, then its extra columns as text. */
    public static List<Column> targets(List<String> manifestExtraColumns) {
        List<Column> c = new ArrayList<>(TARGETS);
        for (String m : manifestExtraColumns) c.add(new Column(extraColumnName(m), "VARCHAR", "copied from the manifest's column " + m));
        return List.copyOf(c);
    }

    /** The name under which a manifest column is stored in targets: lower-case letters, digits and '_', never a Halo column. */
    static String extraColumnName(String manifestColumn) {
        String n = manifestColumn.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (n.isEmpty() || Character.isDigit(n.charAt(0))) n = "_" + n;
        for (Column c : TARGETS) if (c.name().equals(n)) return "manifest_" + n;
        return n;
    }

    private static List<Column> comparisonColumns() {
        List<Column> c = new ArrayList<>();
        for (String name : ComparisonRow.COLUMNS) {
            String type = switch (name) {
                case "regimen", "estimator" -> "VARCHAR";
                case "fractions", "scenarios_used" -> "INTEGER";
                case "seed" -> "BIGINT";
                default -> "DOUBLE";
            };
            String meaning = COMPARISON.get(name);
            if (meaning == null) throw new IllegalStateException("no meaning for the comparison column " + name);
            c.add(new Column(name, type, meaning));
        }
        return c;
    }

    private static List<Column> concat(List<Column> a, List<Column> b) {
        List<Column> c = new ArrayList<>(a);
        c.addAll(b);
        return List.copyOf(c);
    }
}
