package org.halo.clinical.guideline;

import java.util.List;

/** A warning or note from a rule, with its severity and sources. */
public record Finding(Severity severity, String ruleId, String message, List<String> citations) {
    public enum Severity { INFO, WARN, ERROR }
}
