package org.halo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.halo.cohort.CohortRun;
import org.halo.cohort.DicomIndex;
import org.halo.cohort.Manifest;
import org.halo.cohort.ManifestCsv;
import org.halo.cohort.Study;
import org.halo.cohort.SyntheticCohort;
import org.halo.compute.Backends;

/**
 * A whole cohort run on a synthetic DICOM cohort (cohort issue goal: 100 targets of 0.1-30 cc, 5 margins × 3 regimens
 * × 2 000 scenarios, on 2 cores in ≤ 3 minutes), with the time per stage. Not JMH: one run is minutes.
 * Usage: CohortRunBenchmark DIR [patients] [scenarios] [jobs] [device] [KEY=VALUE ...]; the cohort is written once (seed
 * 2026, up to five targets a patient) and indexed on every run; further study keys (e.g. estimator=plain precision=none,
 * today's rows before the conditional estimator) follow the positional arguments.
 */
public final class CohortRunBenchmark {
    private CohortRunBenchmark() {}

    /** A line at every tenth of the manifest's rows (structure sets), so that a run stopped by a time limit still says how far it got. */
    private static CohortRun.Progress progress(long startNanos) {
        int[] printed = {0};
        return (rowsDone, rows, targetsDone, targetsFailed, last) -> {
            int tenth = rows == 0 ? 10 : 10 * rowsDone / rows;
            synchronized (printed) {
                if (tenth <= printed[0]) return;
                printed[0] = tenth;
            }
            System.out.printf(Locale.ROOT, "  %d/%d rows, %d targets done, %d failed, at %.1f s%n", rowsDone, rows, targetsDone, targetsFailed,
                    (System.nanoTime() - startNanos) / 1e9);
        };
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int patients = args.length > 1 ? Integer.parseInt(args[1]) : 34;
        int scenarios = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        String device = args.length > 4 ? args[4] : "auto";
        Map<String, String> extra = new LinkedHashMap<>();
        for (int a = 5; a < args.length; a++) extra.put(args[a].substring(0, args[a].indexOf('=')), args[a].substring(args[a].indexOf('=') + 1));
        Path dicom = dir.resolve("dicom"), manifest = dir.resolve("manifest.csv"),
                out = dir.resolve("results-" + scenarios + "-" + jobs + "-" + device + String.join("", extra.values()));
        long t0 = System.nanoTime();
        if (!Files.exists(dicom)) {
            List<SyntheticCohort.Target> t = SyntheticCohort.write(dicom, patients, 2026L);
            System.out.printf(Locale.ROOT, "wrote %d patients, %d targets in %.1f s%n", patients, t.size(), (System.nanoTime() - t0) / 1e9);
        }
        long t1 = System.nanoTime();
        DicomIndex.Result index = DicomIndex.index(List.of(dicom), null);
        ManifestCsv.write(index.rows(), manifest);
        double indexS = (System.nanoTime() - t1) / 1e9;
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("platform", "mask-6dof-monitored");
        keys.put("scenarios", String.valueOf(scenarios));
        keys.putAll(extra);
        CohortRun.Summary s = new CohortRun(Manifest.read(manifest), Study.of(keys),
                new CohortRun.Settings(jobs, true, Backends.select(device, null, n -> { }).backend(), device, "benchmark")).run(out, progress(t1));
        System.out.printf(Locale.ROOT, "index %.2f s; run %.1f s: %d targets done, %d failed, jobs %d, device %s, %d processors, study %s%n", indexS,
                s.seconds(), s.targetsDone(), s.targetsFailed() + s.rowsFailed(), jobs, device, Runtime.getRuntime().availableProcessors(), extra);
        new TreeMap<>(s.stageSeconds()).forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-14s %8.1f s (summed over jobs)%n", k, v));
        System.out.printf(Locale.ROOT, "  per target     %8.2f s of wall time%n", s.seconds() / Math.max(1, s.targetsDone()));
    }
}
