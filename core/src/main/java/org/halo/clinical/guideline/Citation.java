package org.halo.clinical.guideline;

/**
 * A source behind a rule: its key in the rule table, the evidence status of what is quoted from it (V verified, P
 * publication verified but numbers not seen, M from memory) and the reference.
 */
public record Citation(String key, String evidence, String reference) {}
