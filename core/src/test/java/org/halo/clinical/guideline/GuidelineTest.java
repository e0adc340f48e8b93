package org.halo.clinical.guideline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.halo.clinical.guideline.Igrt;
import org.halo.clinical.guideline.Immobilisation;
import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.Monitoring;
import org.halo.clinical.guideline.TargetKind;
import org.halo.clinical.guideline.Finding.Severity;
import org.junit.jupiter.api.Test;

class GuidelineTest {
    private final Guideline g = Guideline.standard();

    private static GuidelineQuery q(Intent intent, int n, TargetKind t, Immobilisation im, Igrt igrt, Monitoring mon) {
        return GuidelineQuery.of(intent, n, t, im, igrt, mon);
    }

    private static List<String> ruleIds(MarginRecommendation r) {
        return r.rules().stream().map(MarginRecommendation.FiredRule::id).toList();
    }

    @Test
    void maskWithSixDofAndMonitoringGivesOneMillimetre() {
        MarginRecommendation r = g.recommend(q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.CONTINUOUS));
        assertEquals(new MarginRange(1, 0, 2), r.ctvToPtvMm());
        assertEquals(new MarginRange(0, 0, 0), r.gtvToCtvMm());
        assertEquals(1.0, r.totalMm().defaultMm());
        assertTrue(ruleIds(r).containsAll(List.of("B4", "C1", "M8")));
        assertTrue(r.citations().stream().anyMatch(c -> c.key().equals("KIRK15")));
    }

    @Test
    void cavityOnMaskReproducesTheTwoMillimetrePractice() {
        MarginRecommendation r = g.recommend(q(Intent.HSRT, 3, TargetKind.CAVITY, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.PERIODIC_XRAY));
        assertEquals(1.0, r.gtvToCtvMm().defaultMm());
        assertEquals(1.0, r.ctvToPtvMm().defaultMm());
        assertEquals(2.0, r.totalMm().defaultMm());
        assertTrue(r.cropToBrain());
        assertTrue(r.findings().stream().anyMatch(f -> f.ruleId().equals("C2") && f.message().contains("surgical tract")));
    }

    @Test
    void hsrtGetsTheSameMarginAsSrsOnTheSamePlatform() {
        for (Immobilisation im : Immobilisation.values()) {
            for (Igrt igrt : Igrt.values()) {
                MarginRecommendation srs = g.recommend(q(Intent.SRS, 1, TargetKind.INTACT, im, igrt, Monitoring.NONE));
                MarginRecommendation hsrt = g.recommend(q(Intent.HSRT, 5, TargetKind.INTACT, im, igrt, Monitoring.NONE));
                assertEquals(srs.totalMm(), hsrt.totalMm(), im + " " + igrt);
                assertTrue(ruleIds(hsrt).contains("M2"));
            }
        }
    }

    @Test
    void frameNeedsNoMarginAndNoImageGuidanceIsAnError() {
        assertEquals(0.0, g.recommend(q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.INVASIVE_FRAME, Igrt.NONE, Monitoring.NONE)).totalMm().defaultMm());
        MarginRecommendation bad = g.recommend(q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.NONE, Monitoring.NONE));
        assertEquals(3.0, bad.ctvToPtvMm().defaultMm());
        assertTrue(bad.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR && f.message().contains("not SRS-grade")));
    }

    @Test
    void longBeamOnWithoutMonitoringRaisesTheMargin() {
        GuidelineQuery base = q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.NONE);
        assertEquals(1.0, g.recommend(base).ctvToPtvMm().defaultMm());
        GuidelineQuery slow = new GuidelineQuery(base.intent(), 1, base.target(), base.immobilisation(), base.igrt(), base.monitoring(),
                null, null, 0, 25, null, null, null, false, false, null, null);
        assertEquals(2.0, g.recommend(slow).ctvToPtvMm().defaultMm());
    }

    @Test
    void offIsocentreTargetsAddTheRotationTermRoundedUp() {
        // 50 mm × 0.5° = 0.436 mm on top of 1 mm → 1.436 → 1.5 mm.
        MarginRecommendation r = g.recommend(q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.CONTINUOUS)
                .withDistanceToIsocentreMm(50));
        assertEquals(50 * Math.toRadians(0.5), r.offIsocentreRotationMm(), 1e-12);
        assertEquals(1.5, r.ctvToPtvMm().defaultMm());
        // 150 mm × 2° = 5.2 mm: capped at 3 mm with a warning.
        MarginRecommendation far = g.recommend(q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.TRANSLATION_3DOF, Monitoring.NONE)
                .withDistanceToIsocentreMm(150));
        assertEquals(3.0, far.ctvToPtvMm().defaultMm());
        assertTrue(far.findings().stream().anyMatch(f -> f.severity() == Severity.WARN && f.message().contains("capped")));
    }

    @Test
    void totalsAboveThreeMillimetresWarn() {
        MarginRecommendation r = g.recommend(q(Intent.SRS, 1, TargetKind.CAVITY, Immobilisation.MASK, Igrt.NONE, Monitoring.NONE));
        assertEquals(4.0, r.totalMm().defaultMm());
        assertTrue(r.findings().stream().anyMatch(f -> f.message().contains("exceeds SRS-era practice range")));
    }

    @Test
    void sizeRulesAndVolumeInflation() {
        GuidelineQuery big = q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.CONTINUOUS).withDiameterMm(35);
        assertTrue(g.recommend(big).findings().stream().anyMatch(f -> f.ruleId().equals("M7")));
        MarginRecommendation small = g.recommend(q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.CONTINUOUS).withDiameterMm(8));
        assertEquals(Math.pow(5.0 / 4.0, 3), small.sphereVolumeInflation(), 1e-12);
        assertTrue(small.findings().stream().anyMatch(f -> f.ruleId().equals("M6")));
    }

    @Test
    void fractionsMustMatchTheIntent() {
        assertThrows(IllegalArgumentException.class, () -> q(Intent.HSRT, 10, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.NONE));
        assertThrows(IllegalArgumentException.class, () -> q(Intent.SRS, 3, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.NONE));
        assertThrows(IllegalArgumentException.class, () -> q(Intent.HSRT, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.NONE));
    }

    @Test
    void threeToFiveMillimetresPerAscoIsRejectedWithTheReason() {
        UnsupportedClaimException e = assertThrows(UnsupportedClaimException.class, () -> g.requireSupported("ASCO"));
        assertTrue(e.getMessage().contains("no supporting guideline source"));
        assertTrue(e.getMessage().contains("no numeric"));
        g.requireSupported("MIN21");
    }

    @Test
    void everyRuleCarriesResolvableSources() {
        for (Rule r : g.table().rules()) {
            if (r.id().equals("GLOBAL")) continue;
            assertFalse(r.citations().isEmpty(), r.id());
            for (String k : r.citations()) {
                Citation c = g.table().citation(k);
                // A year, or for the few sources whose authors and year the review did not capture, a PMC/PMID/DOI to find them.
                assertTrue(c.reference().matches(".*((19|20)\\d\\d|PMC\\d+|PMID|doi:).*"), k + " is traceable");
                assertTrue(List.of("V", "P", "M").contains(c.evidence()), k);
            }
        }
    }
    /** Messages are worded from the table's own thresholds: edit a number in the table and the message follows it. */
    @Test
    void messagesFollowTheThresholdsOfTheirRuleTable() {
        RuleTable standard = RuleTable.standard();
        java.util.List<Rule> edited = new java.util.ArrayList<>();
        for (Rule r : standard.rules()) {
            java.util.Map<String, Double> p = new java.util.LinkedHashMap<>(r.parameters());
            if (r.id().equals("M1")) {
                p.put("far_target_mm", 80.0);
                p.put("far_target_margin_mm", 3.0);
            }
            if (r.id().equals("M7")) p.put("srs_max_diameter_mm", 25.0);
            edited.add(new Rule(r.id(), r.group(), r.when(), r.defaultMm(), r.minMm(), r.maxMm(), r.citations(), p, r.statement()));
        }
        java.util.Map<String, Citation> refs = new java.util.LinkedHashMap<>();
        for (String k : standard.citationKeys()) refs.put(k, standard.citation(k));
        Guideline custom = new Guideline(new RuleTable(edited, refs, standard.rejectedClaims()));
        GuidelineQuery base = q(Intent.SRS, 1, TargetKind.INTACT, Immobilisation.MASK, Igrt.SIX_DOF, Monitoring.CONTINUOUS);
        MarginRecommendation far = custom.recommend(base.withDistanceToIsocentreMm(90));
        assertTrue(far.findings().stream().anyMatch(f -> f.message().contains("a 3 mm PTV") && f.message().contains("more than 80 mm away")),
                far.findings().toString());
        MarginRecommendation near = custom.recommend(base.withDistanceToIsocentreMm(70));
        assertTrue(near.findings().stream().noneMatch(f -> f.message().contains("De Ornelas")), near.findings().toString());
        MarginRecommendation big = custom.recommend(base.withDiameterMm(27));
        assertTrue(big.findings().stream().anyMatch(f -> f.message().contains("> 25 mm treated as single-fraction")), big.findings().toString());
    }
}
