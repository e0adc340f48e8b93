package org.halo.clinical.guideline;

import java.util.List;

/**
 * A warning or note from a rule, with its severity and sources.
 *
 * @param severity how much it matters
 * @param ruleId the rule that found it
 * @param message what it says
 * @param citations the keys of its sources
 */
public record Finding(Severity severity, String ruleId, String message, List<String> citations) {
    /** How much a finding matters. */
    public enum Severity {
        /** Worth knowing. */
        INFO,
        /** Worth acting on. */
        WARN,
        /** The query cannot be answered as asked. */
        ERROR
    }
}
