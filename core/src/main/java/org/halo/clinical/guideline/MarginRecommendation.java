package org.halo.clinical.guideline;

import java.util.List;

/**
 * The guideline's answer (docs/clinical.md, "halo guideline"): GTV→CTV and CTV→PTV margins with their ranges, the directional
 * extensions a cavity may need, what the rules said, and the sources. {@code totalMm} is applied as one distance
 * threshold of the GTV/CTV, never as two chained dilations.
 */
public record MarginRecommendation(
        MarginRange gtvToCtvMm,
        MarginRange ctvToPtvMm,
        MarginRange totalMm,
        double offIsocentreRotationMm,
        List<AnatomicalExtension> anatomicalExtensions,
        boolean cropToBrain,
        List<String> doseFractionation,
        Double sphereVolumeInflation,
        List<FiredRule> rules,
        List<Finding> findings,
        List<Citation> citations,
        String evidenceNote) {

    /** A directional CTV extension (for example along the bone flap after dural contact). */
    public record AnatomicalExtension(String along, double defaultMm, double minMm, double maxMm, String note) {}

    /** A rule that applied, and what it did. */
    public record FiredRule(String id, String statement, String effect, List<String> citations) {}
}
