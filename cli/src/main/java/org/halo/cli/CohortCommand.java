package org.halo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.halo.cohort.ManifestRow;
import org.halo.cohort.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

@Command(name = "cohort", mixinStandardHelpOptions = true,
        description = "Cohort work: index DICOM trees into a manifest, run a margin study over it, export its tables, report on it.",
        subcommands = {CohortCommand.IndexCommand.class, CohortCommand.RunCommand.class, CohortCommand.ExportCommand.class, CohortCommand.ReportCommand.class, CohortDemoCommand.class})
final class CohortCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = "Walk DICOM trees of any layout; one manifest row per structure set with its CT series, dose and plan, linked by UIDs.")
    static final class IndexCommand implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "1..*", description = "Folders (or files) to walk.")
        List<Path> roots;

        @Option(names = "--out", required = true, paramLabel = "MANIFEST.csv", description = "The manifest to write (CSV).")
        Path out;

        @Mixin
        CommonOptions common;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            var err = spec.commandLine().getErr();
            DicomIndex.Result r = DicomIndex.index(roots, line -> {
                err.println("cohort index: " + line);
                err.flush();
            });
            ManifestCsv.write(r.rows(), out);
            double s = (System.nanoTime() - t0) / 1e9;
            long patients = r.rows().stream().map(ManifestRow::patientId).distinct().count();
            long withProblems = r.rows().stream().filter(x -> !x.problems().isEmpty()).count();
            Report rep = new Report(common.json);
            rep.put("command", "cohort index").put("out", out.toString()).put("files", r.files()).put("dicom_files", r.dicomFiles())
                    .put("skipped_files", r.skippedFiles()).put("unreadable_files", r.unreadable().size()).put("structure_sets", r.rows().size())
                    .put("patients", patients).put("rows_with_problems", withProblems).put("elapsed_ms", Math.round(s * 1000));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ManifestRow row : r.rows()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("patient_id", row.patientId());
                m.put("rtstruct", row.rtstruct().toString());
                m.put("problems", row.problems());
                rows.add(m);
            }
            rep.put("rows", rows);
            rep.line(String.format(Locale.ROOT, "Indexed %d files in %.1f s: %d DICOM, %d not DICOM (skipped), %d unreadable.", r.files(), s,
                    r.dicomFiles(), r.skippedFiles(), r.unreadable().size()));
            rep.line(r.rows().size() + " structure set(s) of " + patients + " patient(s) → " + out + (withProblems == 0 ? "" : "; " + withProblems
                    + " with problems (column 'problems'):"));
            for (ManifestRow row : r.rows()) {
                if (!row.problems().isEmpty()) rep.line("  " + row.patientId() + "  " + row.rtstruct() + ": " + String.join("; ", row.problems()));
            }
            for (String u : r.unreadable()) rep.warn("unreadable: " + u);
            common.report(rep);
            rep.print(spec.commandLine().getOut(), err);
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a margin study over a manifest: per target the geographic-miss risk of every regimen and margin (as halo compare),",
                "the smallest adequate margin, the guideline's margins and the planned dose; results in DIR/cohort.duckdb, exported as",
                "Parquet and CSV. Rerunning the same command continues an interrupted run."})
    static final class RunCommand implements Callable<Integer> {
        @Option(names = "--manifest", required = true, paramLabel = "MANIFEST.csv", description = "From halo cohort index, or image mode (docs/cohort.md).")
        Path manifest;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results folder (created; cohort.duckdb and the exports).")
        Path out;

        @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "Manifest rows at once, on one backend. Default: ${DEFAULT-VALUE}.")
        int jobs;

        @Option(names = "--new-run", description = "DIR holds another study's results: delete them and start this study.")
        boolean newRun;

        @Mixin
        StudyOptions studyOptions;

        @Mixin
        TreatmentOptions treatment;

        @Mixin
        ErrorOptions errors;

        @Mixin
        CommonOptions common;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Map<String, String> keys = studyOptions.keys(spec.commandLine().getParseResult());
            Study study;
            try {
                study = Study.of(keys);
            } catch (IllegalArgumentException e) {
                throw flagged(e, spec.commandLine().getParseResult());
            }
            Manifest m = Manifest.read(manifest);
            var err = spec.commandLine().getErr();
            ProgressLine bar = new ProgressLine(err, "cohort run");
            CohortRun.Summary s = new CohortRun(m, study, new CohortRun.Settings(jobs, newRun, common.backend(), common.device, HaloCommand.VERSION))
                    .run(out, bar::update);
            bar.finish();
            Report r = new Report(common.json);
            r.put("command", "cohort run").put("manifest", manifest.toString()).put("out", out.toString()).put("study_hash", study.hash())
                    .put("rows", s.rows()).put("rows_skipped", s.rowsSkipped()).put("rows_failed", s.rowsFailed()).put("targets_done", s.targetsDone())
                    .put("targets_failed", s.targetsFailed()).put("targets_skipped", s.targetsSkipped()).put("elapsed_s", Format.round(s.seconds(), 2));
            Map<String, Object> stages = new LinkedHashMap<>();
            s.stageSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> stages.put(e.getKey(), Format.round(e.getValue(), 2)));
            r.put("stage_seconds", stages).put("failures", s.failures()).put("exported", s.exported().stream().map(Path::toString).toList());
            r.put("study", study.keys());
            r.line(String.format(Locale.ROOT, "%d targets done, %d failed (see errors)%s; %d of %d manifest rows already done before this run; %.1f s.",
                    s.targetsDone(), s.failed(), s.rowsFailed() > 0 ? " — " + s.rowsFailed() + " of them whole rows" : "",
                    s.rowsSkipped(), s.rows(), s.seconds()));
            for (String f : s.failures()) r.line("  failed: " + f);
            r.line("results: " + out.resolve(CohortStore.FILE) + "; tables " + String.join(", ", CohortStore.EXPORTED) + " as Parquet and CSV in " + out);
            r.line("study " + study.hash().substring(0, 12) + "…: " + study.keys().entrySet().stream().filter(e -> !e.getValue().isEmpty())
                    .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
            common.report(r);
            r.print(spec.commandLine().getOut(), err);
            return s.nothingCompleted() ? 1 : 0;
        }

        /** A study error about a key the user gave as a flag names the flag. */
        private static IllegalArgumentException flagged(IllegalArgumentException e, CommandLine.ParseResult parsed) {
            if (!(e instanceof Study.BadKey bad) || !parsed.hasMatchedOption("--" + bad.key())) return e;
            return new IllegalArgumentException(e.getMessage().replace("study key '" + bad.key() + "'", "--" + bad.key()), e);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a results folder's tables (targets, scenarios, errors) again as Parquet and CSV from its cohort.duckdb.")
    static final class ExportCommand implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The results folder of halo cohort run.")
        Path dir;

        @Mixin
        CommonOptions common;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Report r = new Report(common.json);
            try (CohortStore store = CohortStore.openExisting(dir)) {
                List<Path> files = store.export();
                Map<String, Long> counts = store.counts();
                r.put("command", "cohort export").put("dir", dir.toString()).put("rows", counts).put("files", files.stream().map(Path::toString).toList());
                r.line("exported " + counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " rows)").reduce((a, b) -> a + ", " + b).orElse("")
                        + " to " + dir + " as Parquet and CSV");
            }
            common.report(r);
            r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"One self-contained HTML page about a results folder: the cohort in numbers, the smallest adequate margin per regimen,",
                "risk against margin, size and distance from the isocentre, whether HSRT can use the SRS margin (95 %% interval), failures."})
    static final class ReportCommand implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "The results folder of halo cohort run.")
        Path dir;

        @Option(names = "--out", required = true, paramLabel = "REPORT.html", description = "The page to write.")
        Path out;

        @Mixin
        CommonOptions common;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Report r = new Report(common.json);
            try (CohortStore store = CohortStore.openExisting(dir)) {
                CohortReport.Summary s = CohortReport.write(store, out);
                r.put("command", "cohort report").put("dir", dir.toString()).put("out", out.toString()).put("patients", s.patients())
                        .put("targets", s.targets()).put("failures", s.failures()).put("regimens", s.regimens());
                r.line("wrote " + out + ": " + s.patients() + " patients, " + s.targets() + " targets, " + s.failures() + " failures, " + s.regimens() + " regimens");
            }
            common.report(r);
            r.print(spec.commandLine().getOut(), spec.commandLine().getErr());
            return 0;
        }
    }
}
