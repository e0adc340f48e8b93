package org.halo.cohort;

import java.io.IOException;
import java.nio.file.Files;
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
import org.halo.HaloException;
import org.halo.compute.Backend;
import org.halo.io.ImageFiles;

/**
 * Runs a study over a manifest into a results folder: each manifest row (a patient's structure set, or one target mask)
 * is read once, each of its targets goes through {@link TargetAnalysis} and is stored in its own transaction. A target
 * or row that fails becomes a row of the errors table and the others go on. Targets finished by an earlier run of the
 * same study are skipped, so an interrupted run continues where it stopped. Rows run {@code jobs} at a time on one
 * backend; results do not depend on the order or on {@code jobs}.
 */
public final class CohortRun {
    /** Where a run has got to, told after every target and every failed row; {@code failed} counts failed targets and whole rows. */
    public interface Progress {
        void update(int rowsDone, int rows, int targetsDone, int failed, String last);
    }

    /** The run's outcome: rows and targets, what was skipped as already done, failures, time per stage (s, summed over jobs). */
    public record Summary(int rows, int rowsSkipped, int targetsDone, int targetsFailed, int targetsSkipped, int rowsFailed, double seconds,
                          Map<String, Double> stageSeconds, List<String> failures, List<Path> exported) {
        /** Failed targets and failed whole rows (a row whose files could not be read has no targets to count). */
        public int failed() {
            return targetsFailed + rowsFailed;
        }

        /** True when no target of the study is in the results, from this run or an earlier one: the run did not do its job. */
        public boolean nothingCompleted() {
            return targetsDone + targetsSkipped == 0;
        }
    }

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
            if (study.coverageMaps()) createMapsFolder(outDir);
            CohortStore.Resume resume = store.begin(study, settings.newRun(), settings.haloVersion(), settings.jobs(), settings.device(), manifest.file());
            Counters c = new Counters(manifest.entries().size());
            c.targetsSkipped.set((int) resume.finished().stream().filter(k -> !k.endsWith("\u0000")).count());
            CohortRow rows = new CohortRow(manifest, study, new TargetAnalysis(study, settings.backend()));
            ExecutorService pool = Executors.newFixedThreadPool(settings.jobs(), r -> {
                Thread t = new Thread(r, "halo-cohort");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> work = new ArrayList<>();
                for (Manifest.Entry e : manifest.entries()) {
                    work.add(pool.submit(() -> row(e, store, resume, rows, c, progress, outDir)));
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

    private static void createMapsFolder(Path outDir) {
        try {
            Files.createDirectories(outDir.resolve(CohortRow.MAPS));
        } catch (IOException e) {
            throw HaloException.inFile(outDir.resolve(CohortRow.MAPS), "cannot create the folder of the coverage maps: " + e.getMessage(), e);
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

    private void row(Manifest.Entry e, CohortStore store, CohortStore.Resume resume, CohortRow rows, Counters c, Progress progress, Path outDir) {
        if (resume.finished().contains(CohortStore.key(e.patientId(), e.source().toString(), ""))) {
            c.rowsSkipped.incrementAndGet();
            tell(progress, c, e.patientId() + ": already done");
            return;
        }
        rows.run(e, resume.finished(), r -> {
            long t = System.nanoTime();
            // A map is written before its target is stored: a run stopped between the two writes the map again.
            for (TargetAnalysis.RegimenMap m : r.coverageMaps()) {
                ImageFiles.write(m.map(), outDir.resolve(CohortRow.MAPS).resolve(CohortRow.coverageMapName(e.patientId(), r.targetName(), m.regimen())));
            }
            store.write(r.target(), r.scenarios(), r.errors());
            c.time("write_s", t);
            String what = e.patientId() + (r.targetName() == null ? "" : " " + r.targetName());
            if (!r.failed()) {
                c.targetsDone.incrementAndGet();
            } else {
                (r.targetName() == null ? c.rowsFailed : c.targetsFailed).incrementAndGet();
                List<Object> err = r.errors().get(0);
                c.failures.add(what + " (" + err.get(4) + "): " + err.get(5));
                what += " FAILED";
            }
            tell(progress, c, what);
        }, (stage, s) -> c.seconds.merge(stage, s, Double::sum));
        c.rowsDone.incrementAndGet();
        tell(progress, c, e.patientId());
    }

    private static void tell(Progress p, Counters c, String last) {
        if (p != null) p.update(c.rowsDone.get() + c.rowsSkipped.get(), c.rows, c.targetsDone.get(), c.targetsFailed.get() + c.rowsFailed.get(), last);
    }
}
