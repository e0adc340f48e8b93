package org.halo.clinical.guideline;

import java.util.List;
import java.util.Map;

/**
 * One row of the rule table: when it applies, the margin it gives (mm; NaN where it gives none), its thresholds and
 * the citation keys of its sources.
 */
public record Rule(String id, String group, String when, double defaultMm, double minMm, double maxMm,
                   List<String> citations, Map<String, Double> parameters, String statement) {

    /**
     * True when every term of {@link #when} holds for the query.
     *
     * @param q the query
     * @return true when the rule applies to it
     */
    public boolean matches(GuidelineQuery q) {
        if (when.equals("*")) return true;
        for (String term : when.split("&")) {
            String t = term.trim();
            boolean negate = t.contains("!=");
            String[] kv = t.split(negate ? "!=" : "=", 2);
            String actual = q.field(kv[0].trim());
            if (actual == null) throw new IllegalStateException("rule " + id + " tests an unknown field '" + kv[0].trim() + "'");
            boolean any = false;
            for (String v : kv[1].split("\\|")) any |= v.trim().equals(actual);
            if (any == negate) return false;
        }
        return true;
    }

    /**
     * @param name a parameter of the rule (from the rule table)
     * @return its value
     */
    public double parameter(String name) {
        Double v = parameters.get(name);
        if (v == null) throw new IllegalStateException("rule " + id + " has no parameter '" + name + "'");
        return v;
    }
}
