package org.halo.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.cohort.CohortReport;
import org.halo.cohort.CohortRun;
import org.halo.cohort.CohortStore;
import org.halo.cohort.DicomIndex;
import org.halo.cohort.Manifest;
import org.halo.cohort.ManifestCsv;
import org.halo.cohort.Study;
import org.halo.cohort.SyntheticCohort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A cohort from end to end: writes a synthetic DICOM cohort (CT, structure set with 1-5 targets, plan, dose per patient),",
            "indexes it, runs the margin study (mask-6dof-monitored; SRS 1 fraction against HSRT 3 and 5), exports the tables and writes the report."})
final class CohortDemoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "0..1", defaultValue = "halo-cohort-demo", description = "Where to write it. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "20", description = "Synthetic patients (one or two targets each). Default: ${DEFAULT-VALUE}.")
    int patients;

    @Option(names = "--scenarios", paramLabel = "N", defaultValue = "100",
            description = "Monte Carlo scenarios per regimen and margin: few, so that the demonstration takes about a minute (a study uses 2000). "
                    + "Default: ${DEFAULT-VALUE}.")
    int scenarios;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "2", description = "Manifest rows at once. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Mixin
    CommonOptions common;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (patients < 1 || patients > 1000) throw new IllegalArgumentException("--patients must be 1-1000");
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Path dicom = dir.resolve("dicom"), manifest = dir.resolve("manifest.csv"), results = dir.resolve("results");
        err.println("cohort demo: writing " + patients + " synthetic patients to " + dicom);
        err.flush();
        List<SyntheticCohort.Target> truth = SyntheticCohort.write(dicom, patients, 20261130L, 2);
        DicomIndex.Result index = DicomIndex.index(List.of(dicom), null);
        ManifestCsv.write(index.rows(), manifest);
        double written = (System.nanoTime() - t0) / 1e9;
        Study study = Study.of(Map.of("platform", "mask-6dof-monitored", "scenarios", String.valueOf(scenarios)));
        ProgressLine bar = new ProgressLine(err, "cohort demo");
        CohortRun.Summary s = new CohortRun(Manifest.read(manifest), study, new CohortRun.Settings(jobs, true, common.backend(), common.device, HaloCommand.VERSION))
                .run(results, bar::update);
        bar.finish();
        Report r = new Report(common.json);
        r.put("command", "cohort demo").put("dir", dir.toString()).put("patients", patients).put("targets_written", truth.size())
                .put("dicom_files", index.dicomFiles()).put("manifest", manifest.toString()).put("results", results.toString())
                .put("targets_done", s.targetsDone()).put("targets_failed", s.failed()).put("write_and_index_s", Format.round(written, 2))
                .put("run_s", Format.round(s.seconds(), 2));
        r.line(String.format(Locale.ROOT, "1. wrote %d patients (%d targets, %d DICOM files) and indexed them into %s (%.1f s)", patients, truth.size(),
                index.dicomFiles(), manifest, written));
        r.line(String.format(Locale.ROOT, "2. ran the study (%s) over them: %d targets done, %d failed (see errors) in %.1f s", study.keys().get("regimens")
                + " on " + study.keys().get("platform") + ", margins " + study.keys().get("margins") + " mm, " + scenarios + " scenarios", s.targetsDone(),
                s.failed(), s.seconds()));
        Path html = dir.resolve("report.html");
        CohortReport.Summary rep = report(results, html);
        r.put("report", html.toString());
        r.line("3. results: " + results.resolve(CohortStore.FILE) + " and targets/scenarios/errors as Parquet and CSV in " + results);
        r.line("4. report: " + html + " (" + rep.targets() + " targets, " + rep.regimens() + " regimens; open it in a browser)");
        r.line("   rerun the study: halo cohort run --manifest " + manifest + " --out " + results + " --platform mask-6dof-monitored --scenarios " + scenarios
                + " (finds every target done)");
        r.line(String.format(Locale.ROOT, "   %d scenarios a row keep the demonstration short: a probability near 5 %% is ± %.1f points; a study's default, 2000, "
                + "gives ± 0.5", scenarios, 100 * Math.sqrt(0.05 * 0.95 / scenarios)));
        if (s.nothingCompleted()) r.warn("no target completed: the report is of failures only (see " + results.resolve("errors.csv") + ")");
        common.report(r);
        r.print(spec.commandLine().getOut(), err);
        return s.nothingCompleted() ? 1 : 0;
    }

    private static CohortReport.Summary report(Path results, Path html) {
        try (CohortStore store = CohortStore.open(results, List.of())) {
            return CohortReport.write(store, html);
        }
    }
}
