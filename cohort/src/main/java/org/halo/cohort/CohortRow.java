package org.halo.cohort;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One manifest row of a study, from its files to its result rows: reads the row (a patient's structure set, or one
 * mask), takes the targets the study names, and runs each through {@link TargetAnalysis}. What a target or the row
 * gives — its targets row and scenarios rows, or an errors row with the stage that failed — goes to a sink one target at
 * a time. {@code halo cohort run} stores each in a transaction; the Spark job emits them as rows. No failure escapes.
 */
public final class CohortRow {
    /** One target's results (or one failure): rows in the order of {@link CohortTables}; target null for a failure. */
    public record Result(String patientId, String targetName, List<Object> target, List<List<Object>> scenarios, List<List<Object>> errors,
                         Map<String, Double> stageSeconds, List<TargetAnalysis.RegimenMap> coverageMaps) {
        public boolean failed() {
            return target == null;
        }
    }

    /** The folder of a results folder (or output URI) that holds the coverage maps. */
    public static final String MAPS = "maps";

    /**
     * The file name of a target's coverage map for a regimen, in the results' {@link #MAPS} folder: patient, target and
     * regimen with every character but letters, digits, '.', '_' and '-' replaced by '_'.
     */
    public static String coverageMapName(String patientId, String targetName, String regimen) {
        return (patientId + "_" + targetName + "_" + regimen).replaceAll("[^A-Za-z0-9._-]+", "_") + ".nii.gz";
    }

    private final Manifest manifest;
    private final Study study;
    private final TargetAnalysis analysis;

    public CohortRow(Manifest manifest, Study study, TargetAnalysis analysis) {
        this.manifest = manifest;
        this.study = study;
        this.analysis = analysis;
    }

    /**
     * Processes one row, skipping the targets in {@code finished} (keys of {@link CohortStore#key}); each target's result,
     * or the row's failure, goes to {@code sink}; {@code time} receives seconds per stage.
     */
    public void run(Manifest.Entry e, Set<String> finished, Consumer<Result> sink, BiConsumer<String, Double> time) {
        String source = e.source().toString();
        long t = System.nanoTime();
        PatientTargets patient;
        try {
            patient = PatientTargets.open(manifest, e, study);
        } catch (RuntimeException ex) {
            sink.accept(failure(e, null, "read", ex, Map.of()));
            return;
        } finally {
            time.accept("read_s", (System.nanoTime() - t) / 1e9);
        }
        if (patient.targetNames().isEmpty()) {
            sink.accept(failure(e, null, "select", new IllegalArgumentException("no ROI matches the study's target pattern '" + study.keys().get("targets")
                    + "' (ROIs: " + String.join(", ", patient.skippedNames()) + ")"), Map.of()));
            return;
        }
        double maxMargin = study.marginsMm()[study.marginsMm().length - 1];
        for (String name : patient.targetNames()) {
            if (finished.contains(CohortStore.key(e.patientId(), source, name))) continue;
            String stage = "rasterise";
            try {
                long t1 = System.nanoTime();
                PatientTargets.Loaded loaded = patient.load(name, maxMargin);
                time.accept("rasterise_s", (System.nanoTime() - t1) / 1e9);
                stage = "simulate";
                TargetAnalysis.Outcome o = analysis.run(e, patient, loaded, study.hash());
                o.stageSeconds().forEach(time);
                List<List<Object>> errors = new ArrayList<>();
                for (String p : o.doseProblems()) errors.add(error(e, name, "dose", p));
                sink.accept(new Result(e.patientId(), name, o.target(), o.scenarios(), errors, o.stageSeconds(), o.coverageMaps()));
            } catch (RuntimeException ex) {
                sink.accept(failure(e, name, stage, ex, Map.of()));
            }
        }
    }

    private Result failure(Manifest.Entry e, String target, String stage, RuntimeException ex, Map<String, Double> seconds) {
        return new Result(e.patientId(), target, null, List.of(), List.of(error(e, target, stage, message(ex))), seconds, List.of());
    }

    private List<Object> error(Manifest.Entry e, String target, String stage, String message) {
        List<Object> v = new ArrayList<>();
        v.add(e.patientId());
        v.add(e.source().toString());
        v.add(target);
        v.add(study.hash());
        v.add(stage);
        v.add(message);
        return v;
    }

    static String message(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) m = ex.getClass().getSimpleName();
        return m.replace('\n', ' ').strip();
    }
}
