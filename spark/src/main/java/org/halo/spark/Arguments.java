package org.halo.spark;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.halo.cohort.StudyFile;

/**
 * The job's command line: {@code [--master M] --manifest URI --out URI [--study FILE] [--device D] [--threads N]} and
 * the study flags of {@code halo cohort run} ({@code --KEY VALUE}, a flag alone meaning true), which override the study
 * file's keys. The study checks the keys and values itself.
 */
record Arguments(String master, CohortJob.Request request) {
    static Arguments parse(String[] args) {
        Map<String, String> own = new LinkedHashMap<>(), keys = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) throw new IllegalArgumentException("expected --OPTION, got '" + a + "'");
            String name = a.substring(2), value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true";
            }
            switch (name) {
                case "master", "manifest", "out", "study", "device", "threads" -> own.put(name, value);
                case "jobs", "new-run" -> throw new IllegalArgumentException("--" + name + " is for halo cohort run; on Spark, use --master local[N] "
                        + "or the cluster's executors, and an output path is replaced whole");
                default -> keys.put(name, value);
            }
        }
        if (!own.containsKey("manifest")) throw new IllegalArgumentException("--manifest URI is required");
        if (!own.containsKey("out")) throw new IllegalArgumentException("--out URI is required");
        Map<String, String> study = new LinkedHashMap<>();
        if (own.containsKey("study")) study.putAll(StudyFile.read(Path.of(own.get("study"))));
        study.putAll(keys);
        Integer threads = null;
        if (own.containsKey("threads")) {
            try {
                threads = Integer.valueOf(own.get("threads"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--threads needs a whole number, got '" + own.get("threads") + "'");
            }
            if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
        }
        return new Arguments(own.get("master"), new CohortJob.Request(own.get("manifest"), own.get("out"), study, own.getOrDefault("device", "auto"), threads));
    }
}
