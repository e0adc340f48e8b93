package org.halo.clinical.guideline;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.halo.DecimalText;
import org.halo.clinical.guideline.Histology;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.SurgicalTract;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.guideline.Finding.Severity;
import org.halo.clinical.guideline.MarginRecommendation.AnatomicalExtension;
import org.halo.clinical.guideline.MarginRecommendation.FiredRule;

/**
 * Evaluates the rule table (docs/clinical.md, "halo guideline"): the platform's base CTV→PTV margin, the GTV→CTV rule, then the
 * modifiers. Margins are rounded up to 0.5 mm and clamped to [0, 3] mm.
 */
public final class Guideline {
    private final RuleTable table;

    /** @param table the rules and their sources */
    public Guideline(RuleTable table) {
        this.table = table;
    }

    /** {@return the guideline over Halo's own rule table} */
    public static Guideline standard() {
        return new Guideline(RuleTable.standard());
    }

    /** {@return the rule table} */
    public RuleTable table() {
        return table;
    }

    /**
     * Fails with the explanation when a user attributes a margin to a source that gives none (for example "3-5 mm per
     * ASCO"); does nothing for other names.
     *
     * @param sourceName a source's name or citation key
     */
    public void requireSupported(String sourceName) {
        String s = sourceName.trim().toLowerCase(Locale.ROOT);
        for (RejectedClaim c : table.rejectedClaims()) if (c.sourceNames().contains(s)) throw new UnsupportedClaimException(c);
        for (String key : table.citationKeys()) if (key.toLowerCase(Locale.ROOT).equals(s)) return;
        throw new IllegalArgumentException("'" + sourceName.trim() + "' is not a source in Halo's rule table; its sources are "
                + String.join(", ", table.citationKeys()));
    }

    /**
     * Evaluates every rule against the query.
     *
     * @param q the query
     * @return the margins with the rules that set them, their sources and the findings
     */
    public MarginRecommendation recommend(GuidelineQuery q) {
        Work w = new Work();
        Rule settings = table.rule("GLOBAL");
        double step = settings.parameter("round_up_mm"), lo = settings.minMm(), hi = settings.maxMm();
        MarginRange ctvToPtv = base(q, w);
        boolean cavity = q.target() == TargetKind.CAVITY;
        List<AnatomicalExtension> extensions = new ArrayList<>();
        MarginRange gtvToCtv = gtvToCtv(q, w, extensions);
        double rotationMm = offIsocentreRotationMm(q, w);
        ctvToPtv = ctvToPtv.plus(rotationMm);
        MarginRange ctvRounded = clamp(ctvToPtv, step, lo, hi);
        if (ctvRounded.defaultMm() < roundUp(ctvToPtv.defaultMm(), step)) {
            w.find(Severity.WARN, settings, "the CTV→PTV margin needs " + round2(ctvToPtv.defaultMm()) + " mm but is capped at " + mm(hi)
                    + ": treat this target with its own isocentre or better image guidance instead");
        }
        farTarget(q, w, ctvRounded);
        MarginRange gtvRounded = clamp(gtvToCtv, step, lo, hi);
        MarginRange total = gtvRounded.plus(ctvRounded);
        if (total.defaultMm() > hi) {
            w.find(Severity.WARN, settings, "the total margin of " + mm(total.defaultMm()) + " exceeds SRS-era practice range (" + DecimalText.exact(lo) + "-" + mm(hi) + ")");
        }

        fractions(q, w);
        mrDistortion(q, w);
        planningMriAge(q, w);
        surgeryInterval(q, w);
        Double inflation = sizeAndCost(q, w, total);
        sizeAgainstIntent(q, w);

        return new MarginRecommendation(gtvRounded, ctvRounded, total, rotationMm, extensions, cavity,
                doseFractionation(q), inflation, w.rules, w.findings, citations(w.keys), evidenceNote());
    }

    /** The base CTV→PTV margin of the platform (rules B1–B7: the first that matches). */
    private MarginRange base(GuidelineQuery q, Work w) {
        Rule base = table.group("base").stream().filter(r -> r.matches(q)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no base rule matches " + q));
        MarginRange ctvToPtv = new MarginRange(base.defaultMm(), base.minMm(), base.maxMm());
        String baseEffect = "CTV→PTV " + mm(base.defaultMm()) + " (" + mm(base.minMm()) + "–" + mm(base.maxMm()) + ")";
        if (base.id().equals("B5") && q.expectedBeamOnMin() > base.parameter("long_beam_on_min")) {
            double d = base.parameter("long_beam_on_default_mm");
            ctvToPtv = new MarginRange(d, ctvToPtv.minMm(), Math.max(d, ctvToPtv.maxMm()));
            baseEffect = "CTV→PTV " + mm(d) + " because the beam-on time (" + DecimalText.exact(q.expectedBeamOnMin()) + " min) exceeds "
                    + DecimalText.exact(base.parameter("long_beam_on_min")) + " min";
        }
        w.fire(base, baseEffect);
        if (base.id().equals("B7")) w.find(Severity.ERROR, base, "frameless radiosurgery without image guidance is not SRS-grade: "
                + "setup SD 2.0-2.6 mm per axis with shifts up to 8 mm; add 6DoF image guidance rather than a larger margin");

        return ctvToPtv;
    }

    /** GTV→CTV (rules C1–C2) and, for a cavity, the anatomical extensions its facts call for. */
    private MarginRange gtvToCtv(GuidelineQuery q, Work w, List<AnatomicalExtension> extensions) {
        Rule ctvRule = table.group("ctv").stream().filter(r -> r.matches(q)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no GTV→CTV rule matches " + q));
        MarginRange gtvToCtv = new MarginRange(ctvRule.defaultMm(), ctvRule.minMm(), ctvRule.maxMm());
        boolean cavity = q.target() == TargetKind.CAVITY;
        w.fire(ctvRule, "GTV→CTV " + mm(gtvToCtv.defaultMm()) + (cavity ? " (" + mm(gtvToCtv.minMm()) + "–" + mm(gtvToCtv.maxMm())
                + "), cropped to brain at bone" : ""));
        if (cavity) {
            if (q.preopDuralContact()) {
                extensions.add(new AnatomicalExtension("bone flap / meninges", ctvRule.parameter("dural_extension_mm"),
                        ctvRule.parameter("dural_extension_mm"), ctvRule.parameter("dural_extension_max_mm"),
                        "the tumour contacted the dura before surgery (SOL18, MIN21)"));
            }
            if (q.venousSinusContact()) {
                extensions.add(new AnatomicalExtension("venous sinus", ctvRule.parameter("sinus_extension_min_mm"),
                        ctvRule.parameter("sinus_extension_min_mm"), ctvRule.parameter("sinus_extension_max_mm"),
                        "the tumour abutted a venous sinus"));
                w.find(Severity.INFO, ctvRule, "the 1-5 mm extension along a venous sinus is from memory [M]; check Soliman 2018 before use");
            }
            if (q.includeSurgicalTract() == SurgicalTract.CLINICIAN) {
                w.find(Severity.INFO, ctvRule, "surgical tract: the sources disagree (Marchan 2018 summarising Soliman 2018: contour the "
                        + "entire tract; Minniti 2021: the corridor of deep lesions is not usually included); the clinician decides");
            } else if (q.includeSurgicalTract() == SurgicalTract.YES) {
                extensions.add(new AnatomicalExtension("surgical tract", 0, 0, 0, "include the whole tract (MAR18 summary of SOL18)"));
            }
        }

        return gtvToCtv;
    }

    /** M1: a rotation about a distant isocentre moves the target by d·θ (mm; 0 at the isocentre). */
    private double offIsocentreRotationMm(GuidelineQuery q, Work w) {
        Rule m1 = table.rule("M1");
        double rotationMm = 0;
        if (q.distanceToIsocentreMm() > 0) {
            double theta = q.igrt() == Igrt.SIX_DOF
                    ? (q.monitoring() != Monitoring.NONE ? m1.parameter("residual_rotation_6dof_monitored_deg") : m1.parameter("residual_rotation_6dof_deg"))
                    : m1.parameter("residual_rotation_other_deg");
            rotationMm = q.distanceToIsocentreMm() * Math.toRadians(theta);
            w.fire(m1, "+" + round2(rotationMm) + " mm = " + DecimalText.exact(q.distanceToIsocentreMm()) + " mm × " + DecimalText.exact(theta) + "° residual rotation");
        }

        return rotationMm;
    }

    /** M1, after rounding: a small margin on a target far from the isocentre. */
    private void farTarget(GuidelineQuery q, Work w, MarginRange ctvRounded) {
        Rule m1 = table.rule("M1");
        if (q.distanceToIsocentreMm() > m1.parameter("far_target_mm") && ctvRounded.defaultMm() <= m1.parameter("far_target_margin_mm")) {
            w.find(Severity.WARN, m1, "target " + DecimalText.exact(q.distanceToIsocentreMm()) + " mm from the isocentre with a margin of "
                    + mm(ctvRounded.defaultMm()) + ": a " + mm(m1.parameter("far_target_margin_mm")) + " PTV was insufficient for 18 % of targets more than "
                    + DecimalText.exact(m1.parameter("far_target_mm")) + " mm away (De Ornelas 2021)");
        }
    }

    /** M2: the number of fractions does not change the margin. */
    private void fractions(GuidelineQuery q, Work w) {
        if (q.intent() == Intent.HSRT) {
            w.fire(table.rule("M2"), "no change for " + q.fractions() + " fractions");
            w.find(Severity.INFO, table.rule("M2"), "same platform ⇒ same margin; run 'halo compare' to quantify the n-fraction difference "
                    + "(typically ≤ 0.3 mm equivalent)");
        }
    }

    /** M3: MR distortion. */
    private void mrDistortion(GuidelineQuery q, Work w) {
        Rule m3 = table.rule("M3");
        if (Boolean.FALSE.equals(q.mriDistortionCorrected())) {
            w.find(Severity.WARN, m3, "uncorrected MR distortion: median 0.55-1.2 mm, up to 3.9 mm; correct the images rather than enlarge the margin");
        } else if (q.mriDistortionCorrected() == null) {
            w.find(Severity.INFO, m3, "MR distortion correction not stated; uncorrected distortion displaces targets by a median 0.55-1.2 mm (up to 3.9 mm)");
        }
    }

    /** M4: time from the planning MRI, and growth by histology. */
    private void planningMriAge(GuidelineQuery q, Work w) {
        Rule m4 = table.rule("M4");
        Integer mriDays = q.daysMriToTreatment();
        if (mriDays != null) {
            if (mriDays > m4.parameter("max_days_mri_to_treatment")) {
                w.find(Severity.WARN, m4, "planning MRI " + mriDays + " days before treatment; consensus is ≤ " + DecimalText.exact(m4.parameter("max_days_mri_to_treatment")) + " days");
            }
            boolean growth = q.target() == TargetKind.INTACT && ((q.histology() == Histology.MELANOMA && mriDays > m4.parameter("melanoma_days"))
                    || (q.histology() == Histology.NSCLC && mriDays > m4.parameter("nsclc_days")));
            if (growth) w.find(Severity.WARN, m4, "growth may exceed 1 mm in " + mriDays + " days (" + q.histology().token()
                    + "; Bronnimann 2020: 3-6 days for melanoma, 8-14 days for NSCLC)");
        }
    }

    /** M5: time from surgery (cavity). */
    private void surgeryInterval(GuidelineQuery q, Work w) {
        boolean cavity = q.target() == TargetKind.CAVITY;
        Rule m5 = table.rule("M5");
        if (cavity && q.daysSurgeryToTreatment() != null && q.daysSurgeryToTreatment() > m5.parameter("max_days_surgery_to_treatment")) {
            w.find(Severity.WARN, m5, "treatment " + q.daysSurgeryToTreatment() + " days after surgery is beyond the " + DecimalText.exact(m5.parameter("max_days_surgery_to_treatment"))
                    + "-day consensus window; "
                    + "> 3 weeks is associated with higher local recurrence (retrospective)");
        }
    }

    /** M6 and M8: small targets and the volume cost of the margin; the PTV/CTV ratio of a sphere, or null. */
    private Double sizeAndCost(GuidelineQuery q, Work w, MarginRange total) {
        Double inflation = null;
        if (q.maxDiameterMm() != null) {
            double r = q.maxDiameterMm() / 2;
            inflation = Math.pow((r + total.defaultMm()) / r, 3);
            Rule m6 = table.rule("M6");
            if (q.maxDiameterMm() < m6.parameter("small_diameter_mm")) {
                w.find(Severity.INFO, m6, "ISRS 2023 experts split on 0 vs 1 mm for targets under " + DecimalText.exact(m6.parameter("small_diameter_mm")) + " mm; a 1 mm margin makes this "
                        + DecimalText.exact(q.maxDiameterMm()) + " mm target " + round2(Math.pow((r + 1) / r, 3)) + "× larger");
            }
        }
        Rule m8 = table.rule("M8");
        w.fire(m8, inflation == null ? "volume cost reported from the masks where a CTV is given (a sphere's needs the target's diameter)"
                : "PTV/CTV volume ratio " + round2(inflation) + " for a sphere of " + DecimalText.exact(q.maxDiameterMm()) + " mm");
        w.find(Severity.INFO, m8, "cost: a 2 mm margin raises V12 by about 55 % (Gamma Knife); V12 doubles with 1 mm and triples with 2 mm (multiple metastases)");
        return inflation;
    }

    /** M7: size against intent (intact targets, ASTRO 2022). */
    private void sizeAgainstIntent(GuidelineQuery q, Work w) {
        Rule m7 = table.rule("M7");
        if (q.target() == TargetKind.INTACT && q.maxDiameterMm() != null) {
            double d = q.maxDiameterMm();
            if (d > m7.parameter("discouraged_diameter_mm")) {
                w.find(Severity.WARN, m7, "diameter " + DecimalText.exact(d) + " mm > " + DecimalText.exact(m7.parameter("discouraged_diameter_mm")) + " mm: SRS is discouraged (ASTRO 2022)");
            } else if (d > m7.parameter("surgery_diameter_mm")) {
                w.find(Severity.WARN, m7, "diameter " + DecimalText.exact(d) + " mm > " + DecimalText.exact(m7.parameter("surgery_diameter_mm"))
                        + " mm: surgery is recommended; if not feasible, multi-fraction over single fraction (ASTRO 2022)");
            } else if (d > m7.parameter("srs_max_diameter_mm") && q.intent() == Intent.SRS) {
                w.find(Severity.WARN, m7, "diameter " + DecimalText.exact(d) + " mm > " + DecimalText.exact(m7.parameter("srs_max_diameter_mm")) + " mm treated as single-fraction SRS: ASTRO 2022 suggests multi-fraction "
                        + "(27 Gy/3 or 30 Gy/5) or a single fraction of at most 15 Gy");
            }
        }
    }

    private List<String> doseFractionation(GuidelineQuery q) {
        if (q.target() == TargetKind.CAVITY) {
            return List.of("cavity: SRS 12-18 Gy; HSRT 24-27 Gy in 3 or 30-35 Gy in 5 fractions, typically for larger cavities (Minniti 2021)");
        }
        if (q.maxDiameterMm() == null) return List.of("intact: the ASTRO 2022 size-based dose table needs the target's diameter");
        double d = q.maxDiameterMm();
        String s;
        if (d < 20) s = "< 2 cm: SF-SRS 20-24 Gy; if multi-fraction (e.g. V12Gy > 10 cc), 27 Gy/3 or 30 Gy/5 (strong)";
        else if (d < 30) s = "2 to < 3 cm: SF-SRS 18 Gy, or 27 Gy/3 or 30 Gy/5 (conditional)";
        else if (d <= 40) s = "3-4 cm: multi-fraction SRS (27 Gy/3 or 30 Gy/5); a single fraction at most 15 Gy (conditional)";
        else if (d <= 60) s = "> 4 cm: surgery; if not feasible, multi-fraction over single fraction (conditional)";
        else s = "> 6 cm: SRS discouraged";
        return List.of("intact " + s + " (ASTRO 2022)");
    }

    private static String evidenceNote() {
        return "The margin follows immobilisation and image guidance, not the number of fractions. No guideline gives a numeric "
                + "SRS/HSRT PTV margin (ASCO-SNO-ASTRO 2022 and ASTRO 2022 address indications and dose); the values are consensus "
                + "and practice (Minniti 2021: frame 0 mm, frameless SRS and SRT 1-3 mm) and one randomised trial (Kirkpatrick: 1 vs 3 mm, "
                + "1 mm preferred). Larger margins have not improved local control under IGRT (Singh 2025) but cost normal-brain dose (Ma 2014).";
    }

    private List<Citation> citations(Set<String> keys) {
        List<Citation> out = new ArrayList<>();
        for (String k : keys) out.add(table.citation(k));
        return out;
    }

    private static MarginRange clamp(MarginRange r, double step, double lo, double hi) {
        return new MarginRange(clamp(r.defaultMm(), step, lo, hi), clamp(r.minMm(), step, lo, hi), clamp(r.maxMm(), step, lo, hi));
    }

    private static double clamp(double mm, double step, double lo, double hi) {
        return Math.max(lo, Math.min(hi, roundUp(mm, step)));
    }

    /** Rounds up to the step, forgiving binary noise (1.0000000001 stays 1.0). */
    static double roundUp(double mm, double step) {
        return Math.ceil(mm / step - 1e-9) * step;
    }

    private static String mm(double v) {
        return DecimalText.exact(v) + " mm";
    }


    private static String round2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** The rules and findings gathered while evaluating one query. */
    private static final class Work {
        final List<FiredRule> rules = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        final Set<String> keys = new LinkedHashSet<>();

        void fire(Rule r, String effect) {
            rules.add(new FiredRule(r.id(), r.statement(), effect, r.citations()));
            keys.addAll(r.citations());
        }

        void find(Severity s, Rule r, String message) {
            findings.add(new Finding(s, r.id(), message, r.citations()));
            keys.addAll(r.citations());
        }
    }
}
