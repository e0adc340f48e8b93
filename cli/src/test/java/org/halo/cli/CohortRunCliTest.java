package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.halo.cohort.TargetSeed;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** halo cohort run and export from the command line: a study file under flags, the rows of halo compare --seed, bad input. */
class CohortRunCliTest {
    @TempDir
    Path tmp;

    @Test
    void imageModeRowsEqualHaloCompareWithTheStoredSeed() throws Exception {
        Grid g = new Grid(new int[] {36, 36, 24}, new double[] {1, 1, 1.5}, new double[] {-18, -18, -18}, Grid.identity());
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 18.4, 17.7, 18.2, 5);
        Path mask = tmp.resolve("met.nii");
        ImageFiles.write(m.toVolume(), mask);
        Files.writeString(tmp.resolve("manifest.csv"), "patient_id,target,target_name\nP1,met.nii,met\n");
        // The file asks for 3 margins and 200 scenarios; the flags override the margins.
        Files.writeString(tmp.resolve("study.yaml"), "# a study\nplatform: mask-6dof-monitored\nregimens: [srs:1, hsrt:3]\nmargins:\n  - 0\n  - 1\n  - 2\nscenarios: 200\n");
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("cohort", "run", "--manifest", tmp.resolve("manifest.csv").toString(), "--out", out.toString(), "--study",
                tmp.resolve("study.yaml").toString(), "--margins", "0.5,1.5", "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\"targets_done\" *: *1\\b.*"), r.out());
        assertTrue(r.out().matches("(?s).*\"margins\" *: *\"0.5,1.5\".*"), r.out());
        assertTrue(r.out().matches("(?s).*\"scenarios\" *: *\"200\".*"), r.out());

        List<String> scenarios = Files.readAllLines(out.resolve("scenarios.csv"));
        assertEquals(1 + 2 * 2, scenarios.size());
        long seed = TargetSeed.of(20261126L, "P1", "met");
        assertTrue(Files.readString(out.resolve("targets.csv")).contains("," + seed + ","));
        Path csv = tmp.resolve("compare.csv");
        CliTest.Run c = CliTest.run("compare", "--ctv", mask.toString(), "--platform", "mask-6dof-monitored", "--regimens", "srs:1,hsrt:3", "--margins", "0.5,1.5",
                "--scenarios", "200", "--seed", String.valueOf(seed), "--csv", csv.toString());
        assertEquals(0, c.code(), c.err());
        List<String> compared = Files.readAllLines(csv);
        List<String> header = List.of(scenarios.get(0).split(","));
        int p = header.indexOf("p_miss_d95"), se = header.indexOf("p_miss_d95_se"), regimen = header.indexOf("regimen"), margin = header.indexOf("margin_mm");
        for (String line : compared.subList(1, compared.size())) {
            String[] f = line.split(",");
            String row = scenarios.stream().filter(s -> s.split(",")[regimen].equals(f[0]) && Double.parseDouble(s.split(",")[margin]) == Double.parseDouble(f[2]))
                    .findFirst().orElseThrow();
            String[] s = row.split(",");
            assertEquals(Double.parseDouble(f[3]), Double.parseDouble(s[p]), 5e-7, line + " vs " + row);
            assertEquals(Double.parseDouble(f[4]), Double.parseDouble(s[se]), 5e-7, line + " vs " + row);
        }

        // Export again: the same files; a second run finds the target done.
        CliTest.Run again = CliTest.run("cohort", "run", "--manifest", tmp.resolve("manifest.csv").toString(), "--out", out.toString(), "--study",
                tmp.resolve("study.yaml").toString(), "--margins", "0.5,1.5");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 targets done, 0 failed"), again.out());
        String before = Files.readString(out.resolve("scenarios.csv"));
        assertEquals(0, CliTest.run("cohort", "export", out.toString()).code());
        assertEquals(before, Files.readString(out.resolve("scenarios.csv")));
    }

    @Test
    void plannedDoseMetricsEqualHaloMetrics() throws Exception {
        Grid g = new Grid(new int[] {30, 30, 20}, new double[] {1, 1, 2}, new double[] {-15, -15, -20}, Grid.identity());
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 15.2, 14.7, 20.3, 5);
        float[] dose = new float[g.voxelCount()];
        for (int k = 0; k < 20; k++) for (int j = 0; j < 30; j++) for (int i = 0; i < 30; i++) {
            double[] p = g.indexToPatientMm(i, j, k);
            double r = Math.sqrt(p[0] * p[0] + p[1] * p[1] + p[2] * p[2]);
            dose[g.index(i, j, k)] = (float) (21 * Math.min(1, Math.pow(2, -(r - 5) / 3)));
        }
        ImageFiles.write(m.toVolume(), tmp.resolve("met.nii"));
        ImageFiles.write(org.halo.image.Volume.ofFloats(g, dose), tmp.resolve("dose.nii"));
        Files.writeString(tmp.resolve("manifest.csv"), "patient_id,target,target_name,dose,rx_gy\nP1,met.nii,met,dose.nii,20\n");
        Path out = tmp.resolve("out");
        Files.writeString(tmp.resolve("study.yaml"), "subvoxel: true\n");
        CliTest.Run r = CliTest.run("cohort", "run", "--manifest", tmp.resolve("manifest.csv").toString(), "--out", out.toString(), "--platform", "frame",
                "--regimens", "srs:1", "--margins", "1", "--scenarios", "100", "--study", tmp.resolve("study.yaml").toString());
        assertEquals(0, r.code(), r.err());
        // The sub-voxel PTV volume is halo expand --subvoxel's.
        List<String> sc = Files.readAllLines(out.resolve("scenarios.csv"));
        double subvoxelCc = Double.parseDouble(sc.get(1).split(",")[List.of(sc.get(0).split(",")).indexOf("ptv_subvoxel_cc")]);
        CliTest.Run ex = CliTest.run("expand", "--in", tmp.resolve("met.nii").toString(), "--out", tmp.resolve("ptv.nii").toString(), "--margin-mm", "1",
                "--subvoxel", "--fractional", "--json");
        assertEquals(0, ex.code(), ex.err());
        java.util.regex.Matcher cc = java.util.regex.Pattern.compile("\"output_fractional_cc\" *: *([0-9.]+)").matcher(ex.out());
        assertTrue(cc.find(), ex.out());
        assertEquals(Double.parseDouble(cc.group(1)), subvoxelCc, 5e-4);
        List<String> t = Files.readAllLines(out.resolve("targets.csv"));
        List<String> header = List.of(t.get(0).split(","));
        String[] row = t.get(1).split(",");
        CliTest.Run mt = CliTest.run("metrics", "--ctv", tmp.resolve("met.nii").toString(), "--ptv", tmp.resolve("met.nii").toString(), "--dose",
                tmp.resolve("dose.nii").toString(), "--rx-gy", "20", "--json");
        assertEquals(0, mt.code(), mt.err());
        for (String[] pair : new String[][] {{"ctv_d95_gy", "d95_gy"}, {"ctv_d98_gy", "d98_gy"}, {"ctv_dmean_gy", "dmean_gy"}, {"ctv_v100_pct", "v100_pct"}}) {
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("\"" + pair[1] + "\" *: *([0-9.]+)").matcher(mt.out());
            assertTrue(x.find(), pair[1] + " in " + mt.out());
            assertEquals(Double.parseDouble(x.group(1)), Double.parseDouble(row[header.indexOf(pair[0])]), 5e-4, pair[0]);
        }
    }

    /** Every option of cohort run is a study key (passed to the study) or one of the run's own settings: none is dropped. */
    @Test
    void everyOptionIsAStudyKeyOrARunSetting() {
        java.util.Set<String> settings = java.util.Set.of("manifest", "out", "jobs", "new-run", "study", "json", "debug", "threads", "device", "help", "version");
        picocli.CommandLine cl = new picocli.CommandLine(new CohortCommand.RunCommand());
        for (picocli.CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
            String name = o.longestName().substring(2);
            assertTrue(org.halo.cohort.Study.keyNames().contains(name) != settings.contains(name), "--" + name + " must be a study key or a run setting, not both");
        }
    }

    @Test
    void badInputIsOneLineNamingTheFileOrFlag() throws Exception {
        CliTest.Run missing = CliTest.run("cohort", "run", "--manifest", tmp.resolve("none.csv").toString(), "--out", tmp.resolve("o").toString(),
                "--platform", "frame");
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("halo: ") && missing.err().contains("none.csv"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertFalse(Files.exists(tmp.resolve("o")), "nothing written");

        Files.writeString(tmp.resolve("m.csv"), "patient_id,target\nP1,x.nii\n");
        CliTest.Run noPlatform = CliTest.run("cohort", "run", "--manifest", tmp.resolve("m.csv").toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, noPlatform.code());
        assertTrue(noPlatform.err().contains("platform"), noPlatform.err());

        CliTest.Run badRegex = CliTest.run("cohort", "run", "--manifest", tmp.resolve("m.csv").toString(), "--out", tmp.resolve("o").toString(),
                "--platform", "frame", "--targets", "gtv(");
        assertEquals(1, badRegex.code());
        assertTrue(badRegex.err().contains("--targets"), badRegex.err());

        Files.writeString(tmp.resolve("s.yaml"), "platform: frame\nmargin: 1\n");
        CliTest.Run badKey = CliTest.run("cohort", "run", "--manifest", tmp.resolve("m.csv").toString(), "--out", tmp.resolve("o").toString(), "--study",
                tmp.resolve("s.yaml").toString());
        assertEquals(1, badKey.code());
        assertTrue(badKey.err().contains("unknown study key 'margin'"), badKey.err());

        // A missing mask is a row of errors, not a stop; with nothing done the exit is 1.
        CliTest.Run failed = CliTest.run("cohort", "run", "--manifest", tmp.resolve("m.csv").toString(), "--out", tmp.resolve("o").toString(),
                "--platform", "frame");
        assertEquals(1, failed.code(), failed.err());
        assertTrue(failed.out().contains("0 targets done, 1 failed"), failed.out());
        assertTrue(Files.readString(tmp.resolve("o/errors.csv")).contains("x.nii"));
        // A cohort where nothing completed still has a report: its failures, no charts.
        CliTest.Run report = CliTest.run("cohort", "report", tmp.resolve("o").toString(), "--out", tmp.resolve("r.html").toString());
        assertEquals(0, report.code(), report.err());
        String page = Files.readString(tmp.resolve("r.html"));
        assertTrue(page.contains("No target completed") && page.contains("x.nii"), page);
    }
}
