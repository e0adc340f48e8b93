package org.halo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halo.clinical.guideline.Citation;
import org.halo.clinical.guideline.Finding;
import org.halo.clinical.guideline.MarginRange;
import org.halo.clinical.guideline.MarginRecommendation;

/** A guideline recommendation as JSON fields and as text: the answer first, then the evidence. */
final class GuidelineReport {
    private GuidelineReport() {}

    static Map<String, Object> range(MarginRange r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("default", r.defaultMm());
        m.put("min", r.minMm());
        m.put("max", r.maxMm());
        return m;
    }

    static Map<String, Object> json(MarginRecommendation r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gtv_to_ctv_mm", range(r.gtvToCtvMm()));
        m.put("ctv_to_ptv_mm", range(r.ctvToPtvMm()));
        m.put("total_mm", range(r.totalMm()));
        m.put("off_isocentre_rotation_mm", Format.r3(r.offIsocentreRotationMm()));
        List<Object> ext = new ArrayList<>();
        for (MarginRecommendation.AnatomicalExtension e : r.anatomicalExtensions()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("along", e.along());
            x.put("default_mm", e.defaultMm());
            x.put("min_mm", e.minMm());
            x.put("max_mm", e.maxMm());
            x.put("note", e.note());
            ext.add(x);
        }
        m.put("anatomical_extensions", ext);
        m.put("crop_to_brain", r.cropToBrain());
        m.put("dose_fractionation", r.doseFractionation());
        if (r.sphereVolumeInflation() != null) m.put("sphere_volume_inflation", Format.r3(r.sphereVolumeInflation()));
        m.put("warnings", findings(r.findings()));
        List<Object> rules = new ArrayList<>();
        for (MarginRecommendation.FiredRule f : r.rules()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", f.id());
            x.put("effect", f.effect());
            x.put("statement", f.statement());
            x.put("citations", f.citations());
            rules.add(x);
        }
        m.put("rules", rules);
        m.put("citations", citations(r.citations()));
        m.put("evidence_note", r.evidenceNote());
        return m;
    }

    static List<Object> findings(List<Finding> findings) {
        List<Object> out = new ArrayList<>();
        for (Finding f : findings) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("severity", f.severity().name());
            x.put("rule", f.ruleId());
            x.put("message", f.message());
            x.put("citations", f.citations());
            out.add(x);
        }
        return out;
    }

    static List<Object> citations(List<Citation> cs) {
        List<Object> out = new ArrayList<>();
        for (Citation c : cs) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("key", c.key());
            x.put("evidence", c.evidence());
            x.put("reference", c.reference());
            out.add(x);
        }
        return out;
    }

    static String range(String name, MarginRange r) {
        String s = name + " " + Format.num(r.defaultMm()) + " mm";
        if (r.minMm() != r.maxMm()) s += " (range " + trim(r.minMm()) + "–" + trim(r.maxMm()) + " mm)";
        return s;
    }

    private static String trim(double v) {
        return Format.num(v);
    }

    /** The answer, the reasons, the warnings and the sources, in that order. */
    static void text(Report out, MarginRecommendation r) {
        out.line("  " + range("CTV→PTV", r.ctvToPtvMm()));
        out.line("  " + range("GTV→CTV", r.gtvToCtvMm()) + (r.cropToBrain() ? ", cropped to brain at bone" : ""));
        out.line("  " + range("total  ", r.totalMm()) + ", applied as one exact distance threshold (not two chained dilations)");
        for (MarginRecommendation.AnatomicalExtension e : r.anatomicalExtensions()) {
            out.line("  extension along " + e.along() + ": " + trim(e.defaultMm()) + " mm (" + trim(e.minMm()) + "–" + trim(e.maxMm()) + ") — " + e.note());
        }
        if (r.sphereVolumeInflation() != null) out.line("  volume cost: PTV/CTV = " + Format.round(r.sphereVolumeInflation(), 2) + " for a sphere of that diameter");
        out.line("why:");
        for (MarginRecommendation.FiredRule f : r.rules()) out.line("  [" + f.id() + "] " + f.effect() + " — " + f.statement() + " (" + String.join(", ", f.citations()) + ")");
        if (!r.findings().isEmpty()) {
            out.line("warnings and notes:");
            for (Finding f : r.findings()) out.line("  " + f.severity() + " [" + f.ruleId() + "] " + f.message());
        }
        out.line("dose/fractionation (informational):");
        for (String d : r.doseFractionation()) out.line("  " + d);
        out.line("evidence: " + r.evidenceNote());
        out.line("sources:");
        for (Citation c : r.citations()) out.line("  " + c.key() + " [" + c.evidence() + "] " + c.reference());
    }
}
