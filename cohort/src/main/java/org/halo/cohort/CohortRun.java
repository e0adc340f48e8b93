package org.halo.cohort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.halo.compute.Backend;

/**
 * Runs a study over a manifest into a results folder: each manifest row (a patient's structure set, or one target mask)
 * is read once, each of its targets goes through {@link TargetAnalysis} and is stored in its own transaction. A target
 * or row that fails becomes a row of the errors table and the others go on. Targets finished by an earlier run of the
 * same study are skipped, so an interrupted run continues where it stopped. Rows run {@code jobs} at a time on one
 * backend; results do not depend on the order or on {@code jobs}.
 */
public final class CohortRun {
    /** Where a run has got to, told after every target and every failed row. */
    public interface Progress {
        void update(int rowsDone, int rows, int targetsDone, int targetsFailed, String last);
    }

    /** The run's outcome: rows and targets, what was skipped as already done, failures, time per stage (s, summed over jobs). */
    public record Summary(int rows, int rowsSkipped, int targetsDone, int targetsFailed, int targetsSkipped, int rowsFailed, double seconds,
                          Map<String, Double> stageSeconds, List<String> failures, List<Path> exported) {}

    /** How the run is set up beyond the study: parallel rows, whether to replace another study's results, the backend. */
    public record Settings(int jobs, boolean newRun, Backend backend, String device, String haloVersion) {
        public Settings {
            if (jobs < 1 || jobs > 256) throw new IllegalArgumentException("jobs must be 1-256, got " + jobs);
        }
    }

    private final Manifest manifest;
    private final Study study;
    private final Settings settings;

    public CohortRun(Manifest manifest, Study study, Settings settings) {
        this.manifest = manifest;
        this.study = study;
        this.settings = settings;
    }

    public Summary run(Path outDir, Progress progress) {
        long t0 = System.nanoTime();
        try (CohortStore store = CohortStore.open(outDir, manifest.extraColumns())) {
            CohortStore.Resume resume = store.begin(study, settings.newRun(), settings.haloVersion(), settings.jobs(), settings.device());
            Counters c = new Counters(manifest.entries().size());
            TargetAnalysis analysis = new TargetAnalysis(study, settings.backend());
            ExecutorService pool = Executors.newFixedThreadPool(settings.jobs(), r -> {
                Thread t = new Thread(r, "halo-cohort");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> work = new ArrayList<>();
                for (Manifest.Entry e : manifest.entries()) {
                    work.add(pool.submit(() -> row(e, store, resume, analysis, c, progress)));
                }
                for (Future<?> f : work) {
                    try {
                        f.get();
                    } catch (ExecutionException ex) {
                        Throwable cause = ex.getCause();
                        if (cause instanceof RuntimeException re) throw re;
                        if (cause instanceof Error er) throw er;
                        throw new IllegalStateException(cause);
                    }
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", ex);
            } finally {
                pool.shutdownNow();
            }
            store.end(resume.runId(), c.targetsDone.get(), c.targetsFailed.get(), c.seconds);
            List<Path> exported = store.export();
            return new Summary(manifest.entries().size(), c.rowsSkipped.get(), c.targetsDone.get(), c.targetsFailed.get(), c.targetsSkipped.get(),
                    c.rowsFailed.get(), (System.nanoTime() - t0) / 1e9, Map.copyOf(c.seconds), List.copyOf(c.failures), exported);
        }
    }

    private static final class Counters {
        final int rows;
        final AtomicInteger rowsDone = new AtomicInteger(), rowsSkipped = new AtomicInteger(), rowsFailed = new AtomicInteger();
        final AtomicInteger targetsDone = new AtomicInteger(), targetsFailed = new AtomicInteger(), targetsSkipped = new AtomicInteger();
        final Map<String, Double> seconds = new ConcurrentHashMap<>();
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        Counters(int rows) {
            this.rows = rows;
        }

        void time(String stage, long fromNanos) {
            seconds.merge(stage, (System.nanoTime() - fromNanos) / 1e9, Double::sum);
        }
    }

    private void row(Manifest.Entry e, CohortStore store, CohortStore.Resume resume, TargetAnalysis analysis, Counters c, Progress progress) {
        String source = e.source().toString();
        if (resume.finished().contains(CohortStore.key(e.patientId(), source, ""))) {
            c.rowsSkipped.incrementAndGet();
            tell(progress, c, e.patientId() + ": already done");
            return;
        }
        long t = System.nanoTime();
        PatientTargets patient;
        try {
            patient = PatientTargets.open(manifest, e, study);
        } catch (RuntimeException ex) {
            rowFailed(e, store, c, progress, "read", ex);
            return;
        } finally {
            c.time("read_s", t);
        }
        if (patient.targetNames().isEmpty()) {
            rowFailed(e, store, c, progress, "select", new IllegalArgumentException("no ROI matches the study's target pattern '"
                    + study.keys().get("targets") + "' (ROIs: " + String.join(", ", patient.skippedNames()) + ")"));
            return;
        }
        double maxMargin = study.marginsMm()[study.marginsMm().length - 1];
        for (String name : patient.targetNames()) {
            if (resume.finished().contains(CohortStore.key(e.patientId(), source, name))) {
                c.targetsSkipped.incrementAndGet();
                continue;
            }
            String stage = "rasterise";
            try {
                long t1 = System.nanoTime();
                PatientTargets.Loaded loaded = patient.load(name, maxMargin);
                c.time("rasterise_s", t1);
                stage = "simulate";
                TargetAnalysis.Outcome o = analysis.run(e, patient, loaded, study.hash());
                o.stageSeconds().forEach((k, v) -> c.seconds.merge(k, v, Double::sum));
                List<List<Object>> errors = new ArrayList<>();
                for (String p : o.doseProblems()) errors.add(error(e, name, "dose", p));
                long t2 = System.nanoTime();
                store.write(o.target(), o.scenarios(), errors);
                c.time("write_s", t2);
                c.targetsDone.incrementAndGet();
                tell(progress, c, e.patientId() + " " + name);
            } catch (RuntimeException ex) {
                store.write(null, List.of(), List.of(error(e, name, stage, message(ex))));
                c.targetsFailed.incrementAndGet();
                c.failures.add(e.patientId() + " " + name + " (" + stage + "): " + message(ex));
                tell(progress, c, e.patientId() + " " + name + " FAILED");
            }
        }
        c.rowsDone.incrementAndGet();
        tell(progress, c, e.patientId());
    }

    private void rowFailed(Manifest.Entry e, CohortStore store, Counters c, Progress progress, String stage, RuntimeException ex) {
        store.write(null, List.of(), List.of(error(e, null, stage, message(ex))));
        c.rowsFailed.incrementAndGet();
        c.rowsDone.incrementAndGet();
        c.failures.add(e.patientId() + " (" + stage + "): " + message(ex));
        tell(progress, c, e.patientId() + " FAILED");
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

    private static void tell(Progress p, Counters c, String last) {
        if (p != null) p.update(c.rowsDone.get() + c.rowsSkipped.get(), c.rows, c.targetsDone.get(), c.targetsFailed.get(), last);
    }
}
