package org.halo.cohort;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.halo.HaloException;
import org.halo.io.SafeFiles;

/**
 * One self-contained HTML page about a cohort run (no network: inline CSS and SVG, well-formed XHTML): the cohort in
 * numbers, per regimen the distribution of the smallest adequate margin, risk against margin across targets (median and
 * interquartile band), risk against target size and against distance to the isocentre, the share of targets whose HSRT
 * regimens can use the SRS margin with its 95 % interval, and the failures.
 */
public final class CohortReport {
    private static final String[] COLOURS = {"#1b6ca8", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e"};

    /** What the page was drawn from: counts, for the command's summary line. */
    public record Summary(int patients, int targets, int failures, int regimens) {}

    private CohortReport() {}

    /** Writes the page for the results in {@code store} to {@code out} (atomically). */
    public static Summary write(CohortStore store, Path out) {
        try {
            Page page = page(store.connection());
            byte[] bytes = page.html.getBytes(StandardCharsets.UTF_8);
            SafeFiles.write(out, o -> o.write(bytes));
            return page.summary;
        } catch (SQLException | IllegalArgumentException e) {
            if (e instanceof HaloException h) throw h;
            throw HaloException.inFile(out, "cannot report: " + e.getMessage(), e);
        }
    }

    private record Page(String html, Summary summary) {}

    private static Page page(Connection db) throws SQLException {
        String hash, studyJson, version;
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT study_hash, study_json, halo_version FROM runs ORDER BY run_id DESC LIMIT 1")) {
            if (!r.next()) throw new IllegalArgumentException("the results database holds no run");
            hash = r.getString(1);
            studyJson = r.getString(2);
            version = r.getString(3);
        }
        int patients = count(db, "SELECT count(DISTINCT patient_id) FROM (SELECT patient_id FROM targets UNION SELECT patient_id FROM errors)");
        int targets = count(db, "SELECT count(*) FROM targets");
        int failures = count(db, "SELECT count(*) FROM errors WHERE stage <> 'dose'");
        List<String> regimens = strings(db, "SELECT regimen FROM scenarios GROUP BY regimen ORDER BY min(fractions), regimen");
        StringBuilder h = new StringBuilder();
        h.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"UTF-8\"/>")
                .append("<title>Halo cohort report</title><style>").append(CSS).append("</style></head><body>");
        h.append("<h1>Cohort margin study</h1><p class=\"meta\">Halo ").append(esc(version)).append(" · study ").append(esc(hash.substring(0, 12)))
                .append("… · ").append(esc(studyText(studyJson))).append("</p>");
        h.append("<section><h2>The cohort in numbers</h2><table class=\"numbers\"><tr><th>patients</th><th>targets done</th><th>failures</th>")
                .append("<th>median target volume</th><th>median distance to isocentre</th></tr><tr><td>").append(patients).append("</td><td>").append(targets)
                .append("</td><td>").append(failures).append("</td><td>").append(fmt(scalar(db, "SELECT median(ctv_cc) FROM targets"), 2)).append(" cc</td><td>")
                .append(fmt(scalar(db, "SELECT median(distance_to_isocentre_mm) FROM targets"), 1)).append(" mm</td></tr></table></section>");
        if (targets == 0) {
            h.append("<section><h2>Results</h2><p>No target completed, so there is nothing to chart: see the failures below.</p></section>");
        } else {
            charts(h, db, regimens, studyJson);
        }
        h.append(share(db));
        if (targets > 0) h.append(targetsTable(db));
        h.append(failuresTable(db));
        h.append("<p class=\"meta\">Probabilities are Monte Carlo estimates (each row's standard error is in the scenarios table). ")
                .append("Generated from cohort.duckdb by halo cohort report.</p></body></html>\n");
        return new Page(h.toString(), new Summary(patients, targets, failures, regimens.size()));
    }

    private static void charts(StringBuilder h, Connection db, List<String> regimens, String studyJson) throws SQLException {
        String metric = json(studyJson, "risk-metric"), risk = json(studyJson, "target-risk");
        h.append("<section><h2>Smallest margin meeting ").append(esc(metric)).append(" ≤ ").append(esc(pct(Double.parseDouble(risk)))).append("</h2>");
        h.append("<p>Per regimen, how many targets need each listed margin (\"none\": no listed margin suffices).</p><div class=\"row\">");
        for (int i = 0; i < regimens.size(); i++) h.append(marginBars(db, regimens.get(i), COLOURS[i % COLOURS.length]));
        h.append("</div></section>");
        h.append(CriticalMarginSection.html(db, regimens, json(studyJson, "margin-resolution")));
        h.append("<section><h2>Risk against margin across targets</h2><p>Median (line) and interquartile range (band) of ").append(esc(metric))
                .append(" over the targets; the dashed line is the target risk.</p>").append(riskBands(db, regimens, metric, Double.parseDouble(risk))).append("</section>");
        double at = nearestMargin(db, 1.0);
        h.append("<section><h2>Risk against target size and distance from the isocentre</h2><p>").append(esc(metric)).append(" at the ")
                .append(fmt(at, 1)).append(" mm margin, one point per target and regimen: ").append(legend(regimens)).append("</p><div class=\"row\">")
                .append(scatter(db, regimens, metric, at, "ctv_cc", "target volume (cc, log scale)", true))
                .append(scatter(db, regimens, metric, at, "distance_to_isocentre_mm", "distance from the isocentre (mm)", false)).append("</div></section>");
    }

    private static String marginBars(Connection db, String regimen, String colour) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>((a, b) -> a.equals("none") ? 1 : b.equals("none") ? -1 : Double.compare(Double.parseDouble(a), Double.parseDouble(b)));
        for (Double m : doubles(db, "SELECT DISTINCT margin_mm FROM scenarios ORDER BY 1", null)) counts.put(fmt(m, 1), 0);
        counts.put("none", 0);
        try (PreparedStatement p = db.prepareStatement("SELECT regimen_margin_mm, count(*) FROM (SELECT DISTINCT patient_id, source, target_name, regimen_margin_mm "
                + "FROM scenarios WHERE regimen = ?) GROUP BY 1")) {
            p.setString(1, regimen);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    double m = r.getDouble(1);
                    counts.merge(r.wasNull() ? "none" : fmt(m, 1), r.getInt(2), Integer::sum);
                }
            }
        }
        int w = 300, hgt = 200, left = 36, bottom = 34, n = counts.size();
        int max = Math.max(1, counts.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        double bw = (w - left - 10.0) / n;
        StringBuilder s = svg(w, hgt, regimen);
        int i = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            double bh = (hgt - bottom - 40.0) * e.getValue() / max, x = left + i * bw;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>", x + 3, hgt - bottom - bh, bw - 6, bh, colour));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" class=\"c\">%d</text>", x + bw / 2, hgt - bottom - bh - 3, e.getValue()));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"c\">%s</text>", x + bw / 2, hgt - bottom + 14, esc(e.getKey())));
            i++;
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"c\">margin (mm)</text>", left + (w - left) / 2, hgt - 4));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" class=\"c b\">%s</text>", w / 2, esc(regimen)));
        return s.append("</svg>").toString();
    }

    private static String riskBands(Connection db, List<String> regimens, String metric, double target) throws SQLException {
        int w = 700, hgt = 300, left = 50, right = 230, top = 14, bottom = 40;
        List<Double> margins = doubles(db, "SELECT DISTINCT margin_mm FROM scenarios ORDER BY 1", null);
        double mMin = margins.get(0), mMax = margins.get(margins.size() - 1);
        double yMax = Math.max(target * 1.2, scalar(db, "SELECT max(q75) FROM (SELECT quantile_cont(" + column(metric) + ", 0.75) AS q75 FROM scenarios GROUP BY regimen, margin_mm)"));
        yMax = niceCeil(yMax);
        StringBuilder s = svg(w, hgt, "risk against margin");
        axes(s, left, top, w - right, hgt - bottom, mMin, mMax, 0, yMax, "margin (mm)", metric, false);
        double ty = y(target, 0, yMax, top, hgt - bottom);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"target\"/>", left, w - right, ty, ty));
        for (int i = 0; i < regimens.size(); i++) {
            String c = COLOURS[i % COLOURS.length];
            List<double[]> q = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement("SELECT margin_mm, quantile_cont(" + column(metric) + ", 0.25), median(" + column(metric) + "), quantile_cont("
                    + column(metric) + ", 0.75) FROM scenarios WHERE regimen = ? GROUP BY margin_mm ORDER BY margin_mm")) {
                p.setString(1, regimens.get(i));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) q.add(new double[] {r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getDouble(4)});
                }
            }
            StringBuilder band = new StringBuilder(), line = new StringBuilder();
            for (double[] v : q) band.append(pt(v[0], v[3], mMin, mMax, 0, yMax, left, w - right, top, hgt - bottom));
            for (int k = q.size() - 1; k >= 0; k--) band.append(pt(q.get(k)[0], q.get(k)[1], mMin, mMax, 0, yMax, left, w - right, top, hgt - bottom));
            for (double[] v : q) line.append(pt(v[0], v[2], mMin, mMax, 0, yMax, left, w - right, top, hgt - bottom));
            s.append("<polygon points=\"").append(band.toString().trim()).append("\" fill=\"").append(c).append("\" fill-opacity=\"0.18\"/>");
            s.append("<polyline points=\"").append(line.toString().trim()).append("\" fill=\"none\" stroke=\"").append(c).append("\" stroke-width=\"2\"/>");
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>", w - right + 12,
                    top + 18 * i, c, w - right + 28, top + 18 * i + 10, esc(regimens.get(i))));
        }
        return s.append("</svg>").toString();
    }

    private static String scatter(Connection db, List<String> regimens, String metric, double margin, String x, String xLabel, boolean log) throws SQLException {
        int w = 420, hgt = 280, left = 50, right = 24, top = 14, bottom = 40;
        double xMin = scalar(db, "SELECT min(" + x + ") FROM targets"), xMax = scalar(db, "SELECT max(" + x + ") FROM targets");
        if (log) {
            xMin = Math.log10(Math.max(1e-3, xMin));
            xMax = Math.log10(Math.max(1e-3, xMax));
        }
        if (xMax - xMin < 1e-9) xMax = xMin + 1;
        if (!log) {
            double step = tickStep(xMin, xMax);
            xMin = Math.floor(xMin / step + 1e-9) * step;
            xMax = Math.ceil(xMax / step - 1e-9) * step;
        }
        // The axis reaches past the largest point, so that no point sits on the top edge where a clipped one would.
        double yMax = niceCeil(Math.max(0.01, 1.1 * scalar(db, "SELECT max(" + column(metric) + ") FROM scenarios WHERE margin_mm = " + margin)));
        StringBuilder s = svg(w, hgt, xLabel);
        axes(s, left, top, w - right, hgt - bottom, xMin, xMax, 0, yMax, xLabel, metric, log);
        for (int i = 0; i < regimens.size(); i++) {
            try (PreparedStatement p = db.prepareStatement("SELECT t." + x + ", s." + column(metric) + " FROM scenarios s JOIN targets t USING (patient_id, source, target_name) "
                    + "WHERE s.regimen = ? AND s.margin_mm = ?")) {
                p.setString(1, regimens.get(i));
                p.setDouble(2, margin);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        double xv = log ? Math.log10(Math.max(1e-3, r.getDouble(1))) : r.getDouble(1);
                        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" fill-opacity=\"0.75\"/>", xPos(xv, xMin, xMax, left, w - right),
                                y(r.getDouble(2), 0, yMax, top, hgt - bottom), COLOURS[i % COLOURS.length]));
                    }
                }
            }
        }
        return s.append("</svg>").toString();
    }

    private static String legend(List<String> regimens) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < regimens.size(); i++) {
            s.append("<span class=\"key\" style=\"background:").append(COLOURS[i % COLOURS.length]).append("\"></span>").append(esc(regimens.get(i))).append(' ');
        }
        return s.toString();
    }

    private static String share(Connection db) throws SQLException {
        int known = count(db, "SELECT count(*) FROM targets WHERE hsrt_can_use_srs_margin IS NOT NULL");
        int yes = count(db, "SELECT count(*) FROM targets WHERE hsrt_can_use_srs_margin");
        StringBuilder h = new StringBuilder("<section><h2>Can HSRT use the SRS margin?</h2>");
        if (known == 0) {
            return h.append("<p>No target has both an SRS margin meeting the target risk and HSRT regimens to compare.</p></section>").toString();
        }
        double[] ci = wilson(yes, known);
        h.append(String.format(Locale.ROOT, "<p class=\"big\">%d of %d targets (%.0f %%; 95 %% interval %.0f–%.0f %%)</p>", yes, known, 100.0 * yes / known,
                100 * ci[0], 100 * ci[1]));
        h.append("<p>Targets whose every HSRT regimen meets the target risk at the margin the SRS regimen needs (Wilson score interval). ")
                .append("Targets with no adequate SRS margin among those listed are left out (").append(count(db, "SELECT count(*) FROM targets") - known)
                .append(").</p></section>");
        return h.toString();
    }

    /**
     * Every target with what the charts show of it, so a reader can find the targets behind a dot: sortable by any column
     * in the browser (a click on its heading; numbers sort as numbers), with no server.
     */
    private static String targetsTable(Connection db) throws SQLException {
        StringBuilder h = new StringBuilder("<section><h2>The targets</h2><p>Click a column's heading to sort by it (again to reverse).</p>")
                .append("<table class=\"sortable\" id=\"targets\"><thead><tr><th>patient</th><th>target</th><th>volume (cc)</th>")
                .append("<th>distance to isocentre (mm)</th><th>SRS margin (mm)</th><th>HSRT can use the SRS margin</th></tr></thead><tbody>");
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT patient_id, target_name, ctv_cc, distance_to_isocentre_mm, srs_margin_mm, "
                + "hsrt_can_use_srs_margin FROM targets ORDER BY patient_id, source, target_name")) {
            while (r.next()) {
                double cc = r.getDouble(3), mm = r.getDouble(4), srs = r.getDouble(5);
                boolean noSrs = r.wasNull();
                Object verdict = r.getObject(6);
                h.append("<tr><td>").append(esc(r.getString(1))).append("</td><td>").append(esc(r.getString(2))).append("</td>")
                        .append(numberCell(cc, fmt(cc, 3))).append(numberCell(mm, fmt(mm, 1)))
                        .append(noSrs ? "<td data-v=\"Infinity\">none listed</td>" : numberCell(srs, fmt(srs, 1)))
                        .append("<td>").append(verdict == null ? "–" : (Boolean) verdict ? "yes" : "no").append("</td></tr>");
            }
        }
        return h.append("</tbody></table>").append(SORT_SCRIPT).append("</section>").toString();
    }

    private static String numberCell(double v, String text) {
        return "<td class=\"n\" data-v=\"" + (Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v)) + "\">" + esc(text) + "</td>";
    }

    /** Sorts a table.sortable's rows by the clicked column; cells with data-v sort as numbers. XML-safe (no '<' or '&'). */
    private static final String SORT_SCRIPT = "<script>//<![CDATA[\n"
            + "document.querySelectorAll('table.sortable th').forEach(function (th, col) {\n"
            + "  th.addEventListener('click', function () {\n"
            + "    var body = th.closest('table').tBodies[0], rows = Array.prototype.slice.call(body.rows);\n"
            + "    var down = th.getAttribute('aria-sort') === 'ascending';\n"
            + "    th.closest('tr').querySelectorAll('th').forEach(function (o) { o.removeAttribute('aria-sort'); });\n"
            + "    th.setAttribute('aria-sort', down ? 'descending' : 'ascending');\n"
            + "    function key(row) { var c = row.cells[col], v = c.getAttribute('data-v'); return v === null ? c.textContent : (v === '' ? NaN : Number(v)); }\n"
            + "    rows.sort(function (a, b) {\n"
            + "      var x = key(a), y = key(b), d = (typeof x === 'number' ? (isNaN(x) ? 1 : isNaN(y) ? -1 : x - y) : String(x).localeCompare(String(y)));\n"
            + "      return down ? -d : d;\n"
            + "    });\n"
            + "    rows.forEach(function (row) { body.appendChild(row); });\n"
            + "  });\n"
            + "});\n//]]></script>";

    private static String failuresTable(Connection db) throws SQLException {
        StringBuilder h = new StringBuilder("<section><h2>Failures</h2>");
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT patient_id, coalesce(target_name, '(whole row)'), stage, message FROM errors "
                + "ORDER BY patient_id, source, target_name, stage")) {
            boolean any = false;
            while (r.next()) {
                if (!any) h.append("<table><tr><th>patient</th><th>target</th><th>stage</th><th>message</th></tr>");
                any = true;
                h.append("<tr><td>").append(esc(r.getString(1))).append("</td><td>").append(esc(r.getString(2))).append("</td><td>").append(esc(r.getString(3)))
                        .append("</td><td>").append(esc(r.getString(4))).append("</td></tr>");
            }
            h.append(any ? "</table>" : "<p>None.</p>");
        }
        return h.append("</section>").toString();
    }

    /** Wilson score interval for k successes of n at 95 %. */
    static double[] wilson(int k, int n) {
        double z = 1.959964, p = (double) k / n, d = 1 + z * z / n;
        double c = (p + z * z / (2 * n)) / d, half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / d;
        return new double[] {Math.max(0, c - half), Math.min(1, c + half)};
    }

    private static void axes(StringBuilder s, int x0, int y0, int x1, int y1, double xMin, double xMax, double yMin, double yMax, String xLabel, String yLabel,
                             boolean logX) {
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>",
                x0, y1, x1, y1, x0, y0, x0, y1));
        for (int t = 0; t <= 4; t++) {
            double v = yMin + (yMax - yMin) * t / 4, yy = y(v, yMin, yMax, y0, y1);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/><text x=\"%d\" y=\"%.1f\" class=\"r\">%s</text>", x0, x1, yy, yy,
                    x0 - 4, yy + 4, esc(pct(v))));
        }
        for (double xv : logX ? logTicks(xMin, xMax) : linearTicks(xMin, xMax)) {
            double xx = xPos(xv, xMin, xMax, x0, x1);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" class=\"axis\"/><text x=\"%.1f\" y=\"%d\" class=\"c\">%s</text>",
                    xx, xx, y1, y1 + 4, xx, y1 + 15, esc(logX ? tickText(Math.pow(10, xv)) : tickText(xv))));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"c\">%s</text>", (x0 + x1) / 2, y1 + 32, esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" class=\"c\" transform=\"rotate(-90 12 %d)\">%s</text>", (y0 + y1) / 2, (y0 + y1) / 2, esc(yLabel)));
    }

    /** Ticks of a log axis (log10 values): 1, 2 and 5 times a power of ten within the range, only the powers when that is too many. */
    static List<Double> logTicks(double logMin, double logMax) {
        List<Double> all = new ArrayList<>(), decades = new ArrayList<>();
        for (int e = (int) Math.floor(logMin) - 1; e <= (int) Math.ceil(logMax); e++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = Math.log10(m) + e;
                if (v < logMin - 1e-9 || v > logMax + 1e-9) continue;
                all.add(v);
                if (m == 1) decades.add(v);
            }
        }
        if (all.size() <= 8) return all.size() >= 2 ? all : linearTicks(logMin, logMax).stream().map(v -> Math.log10(roundToTwoDigits(Math.pow(10, v)))).toList();
        return decades;
    }

    /** Ticks of a linear axis: a step of 1, 2 or 5 times a power of ten giving 3 to 7 ticks within the range. */
    static List<Double> linearTicks(double min, double max) {
        double step = tickStep(min, max);
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(min / step - 1e-9) * step; v <= max + 1e-9 * step; v += step) out.add(Math.abs(v) < 1e-12 ? 0 : v);
        return out;
    }

    private static double tickStep(double min, double max) {
        double span = Math.max(max - min, 1e-9), step = Math.pow(10, Math.floor(Math.log10(span / 5)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (span / (m * step) <= 6) return step * m;
        }
        return step * 10;
    }

    private static double roundToTwoDigits(double v) {
        if (v <= 0) return v;
        double scale = Math.pow(10, Math.floor(Math.log10(v)) - 1);
        return Math.round(v / scale) * scale;
    }

    /** A tick's value with as many decimals as it needs (0.05, 0.2, 1, 20). */
    static String tickText(double v) {
        return java.math.BigDecimal.valueOf(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static StringBuilder svg(int w, int h, String title) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>",
                w, h, w, h, esc(title)));
    }

    private static String pt(double xv, double yv, double xMin, double xMax, double yMin, double yMax, int x0, int x1, int y0, int y1) {
        return String.format(Locale.ROOT, "%.1f,%.1f ", xPos(xv, xMin, xMax, x0, x1), y(yv, yMin, yMax, y0, y1));
    }

    private static double xPos(double v, double min, double max, int x0, int x1) {
        return x0 + (x1 - x0) * (max == min ? 0.5 : (v - min) / (max - min));
    }

    private static double y(double v, double min, double max, int y0, int y1) {
        return y1 - (y1 - y0) * Math.min(1, Math.max(0, (v - min) / (max - min)));
    }

    private static double niceCeil(double v) {
        double[] steps = {0.01, 0.02, 0.04, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0};
        for (double s : steps) if (v <= s) return s;
        return 1.0;
    }

    private static double nearestMargin(Connection db, double mm) throws SQLException {
        double best = Double.NaN;
        for (double m : doubles(db, "SELECT DISTINCT margin_mm FROM scenarios ORDER BY 1", null)) if (Double.isNaN(best) || Math.abs(m - mm) < Math.abs(best - mm)) best = m;
        return best;
    }

    /** The scenarios column of a risk metric token (a fixed set: safe to place in SQL). */
    private static String column(String metric) {
        return switch (metric) {
            case "p_miss_d95", "p_miss_d98_90", "p_any_geometric_miss" -> metric;
            default -> throw new IllegalArgumentException("unknown risk metric " + metric);
        };
    }

    private static int count(Connection db, String sql) throws SQLException {
        return (int) scalar(db, sql);
    }

    private static double scalar(Connection db, String sql) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery(sql)) {
            r.next();
            double v = r.getDouble(1);
            return r.wasNull() ? Double.NaN : v;
        }
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery(sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }

    private static List<Double> doubles(Connection db, String sql, String arg) throws SQLException {
        List<Double> out = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement(sql)) {
            if (arg != null) p.setString(1, arg);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) out.add(r.getDouble(1));
            }
        }
        return out;
    }

    /** A value of the study's JSON (flat, string values, as {@link Study#json()} writes it). */
    static String json(String studyJson, String key) {
        int i = studyJson.indexOf("\"" + key + "\": \"");
        if (i < 0) return "";
        int from = i + key.length() + 5, to = studyJson.indexOf('"', from);
        return studyJson.substring(from, to);
    }

    private static String studyText(String studyJson) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String k : List.of("platform", "regimens", "margins", "scenarios", "target-model", "targets")) shown.put(k, json(studyJson, k));
        StringBuilder sb = new StringBuilder();
        shown.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append(" ").append(v));
        return sb.toString();
    }

    private static String pct(double p) {
        return fmt(100 * p, p < 0.1 ? 1 : 0) + " %";
    }

    private static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) return "–";
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static final String CSS = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
            + "h1{font-size:1.6em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}.meta{color:#666;font-size:.85em}"
            + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;font-size:.9em}"
            + ".numbers td{font-size:1.3em}.row{display:flex;flex-wrap:wrap;gap:1em}.big{font-size:1.4em}"
            + "svg text{font-size:11px;fill:#333}svg .c{text-anchor:middle}svg .r{text-anchor:end}svg .b{font-weight:bold}"
            + "svg .axis{stroke:#444}svg .grid{stroke:#eee}svg .target{stroke:#c00;stroke-dasharray:5 4}"
            + ".key{display:inline-block;width:.8em;height:.8em;margin:0 .3em 0 .8em;border-radius:50%}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}table.sortable th{cursor:pointer;user-select:none}"
            + "table.sortable th[aria-sort=ascending]::after{content:' ▲'}table.sortable th[aria-sort=descending]::after{content:' ▼'}";
}
