package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** halo guideline, miss and compare end to end: answers, JSON keys, exit codes, reproducibility. */
class ClinicalCliTest {
    @TempDir
    Path tmp;

    private Path ctvFile() {
        Mask m = Mask.empty(Grid.of(30, 30, 30, 1, 1, 1));
        Phantoms.addSphere(m, 15.2, 14.9, 15.1, 6);
        Path f = tmp.resolve("ctv.nii.gz");
        ImageFiles.write(m.toVolume(), f);
        return f;
    }

    @Test
    void guidelineAnswersFirstThenGivesEvidenceAndJsonKeys() {
        CliTest.Run r = CliTest.run("guideline", "--intent", "hsrt", "--fractions", "3", "--target", "cavity", "--immobilisation", "mask",
                "--igrt", "6dof", "--monitoring", "continuous");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().skip(1).findFirst().orElse("").contains("CTV→PTV 1 mm"), r.out());
        assertTrue(r.out().contains("total   2 mm"), r.out());
        assertTrue(r.out().contains("Minniti G"), r.out());
        CliTest.Run j = CliTest.run("guideline", "--intent", "srs", "--immobilisation", "frame", "--igrt", "none", "--json");
        assertEquals(0, j.code(), j.err());
        for (String key : new String[] {"\"gtv_to_ctv_mm\"", "\"ctv_to_ptv_mm\"", "\"total_mm\"", "\"warnings\"", "\"rules\"", "\"citations\"", "\"default\""}) {
            assertTrue(j.out().contains(key), key + " in " + j.out());
        }
    }

    @Test
    void aMarginPerAscoIsRefusedWithTheReason() {
        CliTest.Run r = CliTest.run("guideline", "--intent", "srs", "--immobilisation", "mask", "--igrt", "6dof", "--per", "ASCO");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no supporting guideline source"), r.err());
        assertTrue(r.out().isEmpty());
    }

    @Test
    void badGuidelineInputIsOneLineAndExitsNonZero() {
        CliTest.Run r = CliTest.run("guideline", "--intent", "hsrt", "--fractions", "10", "--immobilisation", "mask", "--igrt", "6dof");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("conventional radiotherapy"), r.err());
        CliTest.Run bad = CliTest.run("guideline", "--intent", "srs", "--immobilisation", "helmet", "--igrt", "6dof");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("is not one of"), bad.err());
    }

    @Test
    void missEchoesParametersAndIsReproducible() {
        Path ctv = ctvFile();
        String[] args = {"miss", "--ctv", ctv.toString(), "--margin-mm", "1", "--fractions", "3", "--platform", "mask-6dof", "--scenarios", "500",
            "--seed", "9", "--rotation-deg", "0.5", "--json"};
        CliTest.Run a = CliTest.run(args), b = CliTest.run(args);
        assertEquals(0, a.code(), a.err());
        String stable = a.out().replaceAll("\"elapsed_ms\" *: *[0-9.]+", "");
        assertEquals(stable, b.out().replaceAll("\"elapsed_ms\" *: *[0-9.]+", ""), "same seed, same numbers");
        for (String key : new String[] {"\"p_miss_d95\"", "\"p_miss_d98_90\"", "\"p_full_coverage\"", "\"p_any_geometric_miss\"", "\"ptv_cc\"",
            "\"ptv_to_ctv_ratio\"", "\"recipes\"", "\"van_herk_mm\"", "\"se\"", "\"parameters\"", "\"rotation_deg\": 0.5"}) {
            assertTrue(a.out().contains(key), key + " in " + a.out());
        }
    }

    @Test
    void missWithoutAPlatformUsesOnlyTheGivenErrors() {
        Path ctv = ctvFile();
        CliTest.Run r = CliTest.run("miss", "--ctv", ctv.toString(), "--margin-mm", "0", "--fractions", "1", "--scenarios", "200", "--sharp-edge");
        assertEquals(0, r.code(), r.err());
        // No error at all: every scenario covers the CTV with a zero margin.
        assertTrue(r.out().contains("P(full coverage)      = 100.00 %"), r.out());
    }

    @Test
    void missRefusesAMissingCtvWithOneLine() {
        CliTest.Run r = CliTest.run("miss", "--ctv", tmp.resolve("nope.nii").toString(), "--margin-mm", "1", "--fractions", "1", "--platform", "frame");
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("nope.nii"), r.err());
    }

    @Test
    void compareGivesAVerdictCsvAndPlot() throws Exception {
        Path ctv = ctvFile();
        Path csv = tmp.resolve("c.csv"), png = tmp.resolve("c.png");
        CliTest.Run r = CliTest.run("compare", "--ctv", ctv.toString(), "--margins", "0,1,2", "--regimens", "srs:1@frame,hsrt:5@mask-6dof",
                "--scenarios", "300", "--csv", csv.toString(), "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("verdict: SRS (srs:1@frame)"), r.out());
        assertTrue(r.out().contains("guideline CTV→PTV"), r.out());
        assertEquals(1 + 6, Files.readAllLines(csv).size());
        assertTrue(Files.size(png) > 1000);
        assertTrue(r.err().contains("[6/6]"), "progress on stderr: " + r.err());
        CliTest.Run bad = CliTest.run("compare", "--ctv", ctv.toString(), "--regimens", "srs:3@frame");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("SRS is one fraction"), bad.err());
        assertFalse(Files.exists(tmp.resolve("none.csv")));
    }

    /**
     * --dvh-bands and --plot: the CTV's DVH over the scenarios as CSV, JSON arrays and a picture; ordered bands around
     * the nominal DVH, one block of dose levels per regimen and margin in compare.
     */
    @Test
    void dvhBandsAreWrittenAsCsvJsonAndAPlot() throws Exception {
        Path ctv = ctvFile(), csv = tmp.resolve("bands.csv"), png = tmp.resolve("bands.png");
        CliTest.Run r = CliTest.run("miss", "--ctv", ctv.toString(), "--margin-mm", "0", "--fractions", "1", "--platform", "mask-6dof", "--scenarios", "300",
                "--dvh-bands", csv.toString(), "--plot", png.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(png) > 1000);
        java.util.List<String> lines = Files.readAllLines(csv);
        assertEquals("regimen,fractions,margin_mm,dose_pct_rx,nominal_volume_pct,p5_volume_pct,p25_volume_pct,p50_volume_pct,p75_volume_pct,p95_volume_pct",
                lines.get(0));
        assertEquals(1 + 200, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            for (int i = 5; i < 9; i++) assertTrue(Double.parseDouble(f[i]) <= Double.parseDouble(f[i + 1]) + 1e-9, "ordered bands: " + line);
        }
        String[] v95 = lines.get(1 + 95).split(",");
        assertEquals("95", v95[3]);
        assertTrue(Double.parseDouble(v95[5]) < Double.parseDouble(v95[4]), "with no margin the 5th percentile's V95 falls below the nominal: " + lines.get(96));
        assertTrue(r.out().contains("\"dvh_bands\"") && r.out().contains("\"p95_volume_pct\""), r.out());

        Path both = tmp.resolve("compare-bands.csv"), comparePng = tmp.resolve("compare-bands.png");
        CliTest.Run c = CliTest.run("compare", "--ctv", ctv.toString(), "--margins", "0,1", "--regimens", "srs:1@mask-6dof,hsrt:5@mask-6dof", "--scenarios",
                "200", "--dvh-bands", both.toString(), "--plot", comparePng.toString());
        assertEquals(0, c.code(), c.err());
        assertEquals(1 + 4 * 200, Files.readAllLines(both).size(), "two regimens × two margins × 200 dose levels");
        assertTrue(javax.imageio.ImageIO.read(comparePng.toFile()).getHeight() > 600, "the risk chart with each regimen's DVH bands below it");
    }

    /** --coverage-map: probabilities 0-1 on the CTV's grid, float32, where in the CTV they are highest in the JSON. */
    @Test
    void missWritesACoverageMapOnTheCtvsGrid() throws Exception {
        Path ctv = ctvFile(), map = tmp.resolve("coverage.nii.gz"), png = tmp.resolve("with-slices.png");
        CliTest.Run r = CliTest.run("miss", "--ctv", ctv.toString(), "--margin-mm", "0.5", "--fractions", "1", "--platform", "mask-6dof", "--scenarios",
                "300", "--coverage-map", map.toString(), "--plot", png.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(png.toFile());
        assertTrue(picture.getHeight() > 600, "the DVH bands with the map's three slices below: " + picture.getHeight() + " px high");
        org.halo.image.Volume v = org.halo.io.ImageFiles.read(map);
        assertEquals(org.halo.image.VoxelType.FLOAT32, v.voxelType());
        assertTrue(v.grid().sameGeometry(org.halo.io.ImageFiles.read(ctv).grid(), 1e-6), "on the CTV's grid");
        assertTrue(v.range()[0] >= 0 && v.range()[1] <= 1 && v.range()[1] > 0, java.util.Arrays.toString(v.range()));
        assertTrue(r.out().contains("\"coverage_map\"") && r.out().contains("\"max_probability_in_ctv\""), r.out());
        CliTest.Run high = CliTest.run("miss", "--ctv", ctv.toString(), "--margin-mm", "0.5", "--fractions", "1", "--platform", "mask-6dof", "--scenarios",
                "100", "--min-dose-pct", "120", "--coverage-map", tmp.resolve("no.nii.gz").toString());
        assertEquals(1, high.code());
        assertTrue(high.err().contains("coverage map") && high.err().contains("100"), high.err());
        assertFalse(Files.exists(tmp.resolve("no.nii.gz")));
    }

    /** compare honours --min-dose-pct: every row reports P(CTV minimum dose ≥ x % Rx) at the level asked, lower for a higher level. */
    @Test
    void compareUsesTheMinimumDoseLevel() throws Exception {
        Path ctv = ctvFile();
        double[] p = new double[2];
        String[] levels = {"80", "99"};
        for (int i = 0; i < 2; i++) {
            CliTest.Run r = CliTest.run("compare", "--ctv", ctv.toString(), "--margins", "1", "--regimens", "srs:1@mask-6dof", "--scenarios", "200",
                    "--min-dose-pct", levels[i], "--json");
            assertEquals(0, r.code(), r.err());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"p_min_dose_at_least\": \\{\\s*\"value\": ([0-9.]+),.*?\"level_pct_rx\": ([0-9.]+)",
                    java.util.regex.Pattern.DOTALL).matcher(r.out());
            assertTrue(m.find(), r.out());
            assertEquals(Double.parseDouble(levels[i]), Double.parseDouble(m.group(2)), r.out());
            p[i] = Double.parseDouble(m.group(1));
        }
        assertTrue(p[0] > p[1], "P(min ≥ 80 % Rx) " + p[0] + " must exceed P(min ≥ 99 % Rx) " + p[1]);
    }

    /**
     * compare --margin-resolution: each regimen's margin for the target risk between the listed margins, with its
     * interval, in JSON and in words (by default, to 0.05 mm); the listed rows are those without it (0); a resolution
     * finer than the library's is one line.
     */
    @Test
    void compareFindsTheMarginForTheTargetRiskBetweenTheListedMargins() throws Exception {
        Path ctv = ctvFile();
        String[] base = {"compare", "--ctv", ctv.toString(), "--margins", "0,1,2,3", "--regimens", "srs:1@mask-6dof", "--scenarios", "400", "--json"};
        CliTest.Run plain = CliTest.run(concat(base, "--margin-resolution", "0"));
        CliTest.Run found = CliTest.run(concat(base, "--margin-resolution", "0.1"));
        assertEquals(0, found.code(), found.err());
        assertFalse(plain.out().contains("margin_for_target_risk_mm"), "not with 0");
        CliTest.Run byDefault = CliTest.run(base);
        assertTrue(byDefault.out().contains("\"margin_resolution_mm\": 0.05") && byDefault.out().contains("margin_for_target_risk_mm"), byDefault.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"smallest_margin_meeting_target_mm\": ([0-9.]+),\\s*\"margin_for_target_risk_mm\": ([0-9.]+),"
                + "\\s*\"margin_for_target_risk_low_mm\": ([0-9.]+),\\s*\"margin_for_target_risk_high_mm\": ([0-9.]+)").matcher(found.out());
        assertTrue(m.find(), found.out());
        double listed = Double.parseDouble(m.group(1)), margin = Double.parseDouble(m.group(2)), low = Double.parseDouble(m.group(3)),
                high = Double.parseDouble(m.group(4));
        assertTrue(low <= margin && margin <= high && margin <= listed && margin > listed - 1, found.out());
        assertTrue(found.err().contains("[finding the margin for the target risk]"), "progress: " + found.err());
        assertEquals(rows(plain.out()), rows(found.out()), "the listed rows are unchanged");
        Path png = tmp.resolve("critical.png");
        CliTest.Run words = CliTest.run(concat(java.util.Arrays.copyOf(base, base.length - 1), "--margin-resolution", "0.1", "--plot", png.toString()));
        assertTrue(words.out().contains("margin for the target risk ") && words.out().contains("95 % interval") && words.out().contains("found to 0.1 mm"),
                words.out());
        assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() == 900, "the chart, the margin marked on it");
        CliTest.Run fine = CliTest.run(concat(base, "--margin-resolution", "0.001"));
        assertEquals(1, fine.code());
        assertEquals(1, fine.err().strip().lines().count(), fine.err());
        assertTrue(fine.err().contains("--margin-resolution"), fine.err());
    }

    /** The margin for the target risk in words: found, beyond the listed margins, or at most the smallest listed one. */
    @Test
    void theMarginForTheTargetRiskIsWordedForEachCase() {
        assertEquals("margin for the target risk 0.81 mm (95 % interval 0.75–0.84 mm; found to 0.05 mm)",
                CompareCommand.criticalMarginText(new org.halo.clinical.miss.CriticalMargin(0.8125, 0.75, 0.84375, 0.05, 8, 0)));
        assertEquals("margin for the target risk 0.81 mm (95 % interval ≤ 0.50–beyond the listed margins; found to 0.05 mm)",
                CompareCommand.criticalMarginText(new org.halo.clinical.miss.CriticalMargin(0.8125, 0.5, null, 0.05, 8, 0.5)));
        assertEquals("margin for the target risk beyond the listed margins (95 % interval from 1.94 mm)",
                CompareCommand.criticalMarginText(new org.halo.clinical.miss.CriticalMargin(null, 1.9375, null, 0.05, 4, 0)));
        assertTrue(CompareCommand.criticalMarginText(new org.halo.clinical.miss.CriticalMargin(0.5, 0.5, 0.5, 0.05, 0, 0.5))
                .startsWith("margin for the target risk ≤ 0.50 mm (the smallest listed margin meets it already"));
    }

    /** The JSON's rows without their timings. */
    private static String rows(String json) {
        return json.substring(json.indexOf("\"rows\"")).split("\"regimens\"")[0].replaceAll("\"elapsed_ms\": [0-9.]+", "");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
