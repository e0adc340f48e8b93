package org.halo.clinical.guideline;

import java.util.List;

/** A margin claim that no guideline source supports, kept so that asking for it gets an explanation, not a number. */
public record RejectedClaim(String id, List<String> sourceNames, String claim, String reason, List<String> citations) {}
