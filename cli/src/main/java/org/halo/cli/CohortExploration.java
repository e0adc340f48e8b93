package org.halo.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halo.clinical.miss.MarginComparison;
import org.halo.cohort.FinishedCohort;
import org.halo.cohort.Study;
import org.halo.cohort.TargetAnalysis;
import org.halo.compute.Backend;

/**
 * The questions of {@code halo explore --cohort}: a finished cohort's target, chosen on the page by its place in the
 * list (the browser names no file), asked the run's own comparison ({@link TargetAnalysis#request}) under the cohort's
 * study with the page's inputs in place of the study's keys of the same names. With the study's values the answer is
 * the cohort's rows.
 */
final class CohortExploration {
    /** The page's input choosing the target: its index in {@link FinishedCohort#targets()}. */
    static final String TARGET_INPUT = "cohort-target";

    private final FinishedCohort cohort;
    private final Backend backend;
    private int openIndex = -1;
    private FinishedCohort.Opened open;

    CohortExploration(FinishedCohort cohort, Backend backend) {
        this.cohort = cohort;
        this.backend = backend;
    }

    /** The target a question asks about, checked against the list. */
    int targetIndex(Map<String, String> in) {
        String v = in.getOrDefault(TARGET_INPUT, "");
        if (v.isEmpty()) return 0;
        if (!v.matches("\\d{1,9}") || Integer.parseInt(v) >= cohort.targets().size()) {
            throw new Exploration.Refused("--" + TARGET_INPUT + ": '" + v + "' is not one of the cohort's " + cohort.targets().size() + " targets (0-"
                    + (cohort.targets().size() - 1) + ")");
        }
        return Integer.parseInt(v);
    }

    /** Whether the question asks about another target than the last one. */
    boolean changesTarget(Map<String, String> in) {
        return targetIndex(in) != openIndex;
    }

    /** The target a question asks about, loaded as the run loaded it (the last one is kept). */
    FinishedCohort.Opened target(Map<String, String> in) {
        int index = targetIndex(in);
        if (index != openIndex) {
            open = cohort.open(cohort.targets().get(index));
            openIndex = index;
        }
        return open;
    }

    /** The study the question asks under: the cohort's, with the page's inputs in place of its keys. */
    Study study(Map<String, String> in) {
        Map<String, String> keys = new LinkedHashMap<>(cohort.study().keys());
        for (Map.Entry<String, String> e : in.entrySet()) {
            if (!e.getKey().equals(TARGET_INPUT) && !e.getValue().isEmpty()) keys.put(e.getKey(), e.getValue());
        }
        try {
            return Study.of(keys);
        } catch (Study.BadKey e) {
            throw new Exploration.Refused("--" + e.key() + ": " + e.getMessage());
        }
    }

    /** The run's comparison for the question's target under the question's study. */
    MarginComparison.Request request(Map<String, String> in) {
        FinishedCohort.Opened t = target(in);
        try {
            return new TargetAnalysis(study(in), backend).request(t.entry(), t.target());
        } catch (Study.BadKey e) {
            throw new Exploration.Refused("--" + e.key() + ": " + e.getMessage());
        }
    }

    /** The targets and the study's values of the page's inputs, for the page to list and start from. */
    Map<String, Object> targets() {
        List<String> labels = new ArrayList<>();
        for (FinishedCohort.Target t : cohort.targets()) labels.add(t.label());
        Map<String, String> start = new LinkedHashMap<>();
        for (String name : Exploration.INPUTS) {
            String v = cohort.study().keys().get(name);
            if (v != null && !v.isEmpty()) start.put(name, v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cohort", cohort.dir().getFileName() == null ? cohort.dir().toString() : cohort.dir().getFileName().toString());
        out.put("targets", labels);
        out.put("study", start);
        return out;
    }

    /** The question in words: the target, its seed, and the keys the page changed from the study's. */
    String describe(Map<String, String> in, long targetSeed) {
        StringBuilder sb = new StringBuilder("target " + cohort.targets().get(targetIndex(in)).label() + " of the cohort's study (target seed " + targetSeed + ")");
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : in.entrySet()) {
            if (e.getKey().equals(TARGET_INPUT) || e.getValue().isEmpty()) continue;
            if (!e.getValue().equals(cohort.study().keys().get(e.getKey()))) changed.add(e.getKey() + ": " + e.getValue());
        }
        return sb.append(changed.isEmpty() ? ", as the run asked it" : ", with " + String.join(", ", changed)).toString();
    }
}
