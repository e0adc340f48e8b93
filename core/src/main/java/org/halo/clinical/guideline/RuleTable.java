package org.halo.clinical.guideline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The guideline data: rules, references and rejected claims, read from the TSV resources beside this class. The
 * numbers and their sources live there, not in code, so a physicist can review them in one place.
 */
public final class RuleTable {
    private final List<Rule> rules;
    private final Map<String, Citation> references;
    private final List<RejectedClaim> rejected;

    RuleTable(List<Rule> rules, Map<String, Citation> references, List<RejectedClaim> rejected) {
        this.rules = List.copyOf(rules);
        this.references = Map.copyOf(references);
        this.rejected = List.copyOf(rejected);
        for (Rule r : rules) for (String key : r.citations()) requireReference(r.id(), key);
        for (RejectedClaim c : rejected) for (String key : c.citations()) requireReference(c.id(), key);
    }

    private void requireReference(String owner, String key) {
        if (!references.containsKey(key)) throw new IllegalStateException(owner + " cites '" + key + "', which references.tsv lacks");
    }

    /**
     * The table shipped with Halo.
     *
     * @return the table
     */
    public static RuleTable standard() {
        List<Rule> rules = new ArrayList<>();
        for (String[] f : rows("rules.tsv", 9)) {
            rules.add(new Rule(f[0], f[1], f[2], mm(f[3]), mm(f[4]), mm(f[5]), keys(f[6]), parameters(f[7]), f[8]));
        }
        Map<String, Citation> refs = new LinkedHashMap<>();
        for (String[] f : rows("references.tsv", 3)) refs.put(f[0], new Citation(f[0], f[1], f[2]));
        List<RejectedClaim> rejected = new ArrayList<>();
        for (String[] f : rows("rejected.tsv", 5)) {
            rejected.add(new RejectedClaim(f[0], Arrays.asList(f[1].split("\\|")), f[2], f[3], keys(f[4])));
        }
        return new RuleTable(rules, refs, rejected);
    }

    /** {@return every rule, in table order} */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * @param id a rule's ID
     * @return the rule
     */
    public Rule rule(String id) {
        for (Rule r : rules) if (r.id().equals(id)) return r;
        throw new IllegalStateException("the rule table has no rule " + id);
    }

    /**
     * @param group a group of rules (B, C, M, ...)
     * @return its rules
     */
    public List<Rule> group(String group) {
        return rules.stream().filter(r -> r.group().equals(group)).toList();
    }

    /**
     * @param key a citation key
     * @return the source
     */
    public Citation citation(String key) {
        return references.get(key);
    }

    /**
     * The citation keys of every source the table cites (ASTRO22, ASCO22, ...).
     *
     * @return the keys
     */
    public java.util.Set<String> citationKeys() {
        return java.util.Collections.unmodifiableSet(references.keySet());
    }

    /** {@return the claims the sources do not support, each with the reason} */
    public List<RejectedClaim> rejectedClaims() {
        return rejected;
    }

    private static List<String[]> rows(String resource, int columns) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = RuleTable.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                if (f.length != columns) throw new IllegalStateException(resource + " line " + n + ": " + f.length + " columns, expected " + columns);
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static double mm(String s) {
        return s.equals("-") ? Double.NaN : Double.parseDouble(s);
    }

    private static List<String> keys(String s) {
        return s.equals("-") ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
    }

    private static Map<String, Double> parameters(String s) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (s.equals("-")) return m;
        for (String kv : s.split(";")) {
            String[] p = kv.split("=", 2);
            m.put(p[0].trim(), Double.parseDouble(p[1].trim()));
        }
        return m;
    }
}
