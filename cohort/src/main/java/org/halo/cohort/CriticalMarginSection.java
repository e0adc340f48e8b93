package org.halo.cohort;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The report's section on each regimen's margin for the target risk between the listed margins, where the study asked
 * for it ({@code margin-resolution}): per regimen, over the targets, its quartiles, range, the median width of its 95 %
 * interval, and how many targets no listed margin brings to the target risk.
 */
final class CriticalMarginSection {
    private CriticalMarginSection() {}

    /** The section, or "" when the study did not ask for the margin between the listed ones. */
    static String html(Connection db, List<String> regimens, String resolutionMm) throws SQLException {
        if (resolutionMm.isEmpty() || Double.parseDouble(resolutionMm) == 0) return "";
        StringBuilder h = new StringBuilder("<section><h2>Margin for the target risk between the listed margins</h2><p>Found to ")
                .append(CohortReport.esc(resolutionMm)).append(" mm per target and regimen, with its 95 % interval (docs/clinical.md); over the targets (a target whose smallest listed margin, ")
                .append("above 0, already meets the risk counts at that margin, an upper bound):</p>")
                .append("<table class=\"numbers\"><tr><th>regimen</th><th>targets</th><th>median (mm)</th><th>interquartile range (mm)</th>")
                .append("<th>range (mm)</th><th>median 95 % interval width (mm)</th><th>beyond the listed margins</th></tr>");
        String sql = "SELECT count(m), median(m), quantile_cont(m, 0.25), quantile_cont(m, 0.75), min(m), max(m), median(high - low), count(*) - count(m) "
                + "FROM (SELECT DISTINCT patient_id, source, target_name, margin_for_target_risk_mm AS m, margin_for_target_risk_low_mm AS low, "
                + "margin_for_target_risk_high_mm AS high FROM scenarios WHERE regimen = ?)";
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (String regimen : regimens) {
                p.setString(1, regimen);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    h.append("<tr><td>").append(CohortReport.esc(regimen)).append("</td><td>").append(r.getInt(1)).append("</td>");
                    if (r.getInt(1) == 0) {
                        h.append("<td>–</td><td>–</td><td>–</td><td>–</td>");
                    } else {
                        h.append("<td>").append(mm(r.getDouble(2))).append("</td><td>").append(mm(r.getDouble(3))).append("–").append(mm(r.getDouble(4)))
                                .append("</td><td>").append(mm(r.getDouble(5))).append("–").append(mm(r.getDouble(6))).append("</td><td>");
                        double width = r.getDouble(7);
                        h.append(r.wasNull() ? "–" : mm(width)).append("</td>");
                    }
                    h.append("<td>").append(r.getInt(8)).append("</td></tr>");
                }
            }
        }
        return h.append("</table></section>").toString();
    }

    private static String mm(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
