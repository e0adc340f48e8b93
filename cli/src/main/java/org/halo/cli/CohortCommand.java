package org.halo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.halo.cohort.DicomIndex;
import org.halo.cohort.ManifestCsv;
import org.halo.cohort.ManifestRow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cohort", mixinStandardHelpOptions = true, description = "Cohort work: index DICOM trees into a manifest.",
        subcommands = {CohortCommand.IndexCommand.class})
final class CohortCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

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
        picocli.CommandLine.Model.CommandSpec spec;

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
            rep.line(String.format(java.util.Locale.ROOT, "Indexed %d files in %.1f s: %d DICOM, %d not DICOM (skipped), %d unreadable.", r.files(), s,
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
}
