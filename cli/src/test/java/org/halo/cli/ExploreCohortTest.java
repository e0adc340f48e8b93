package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.halo.HaloException;
import org.halo.cohort.CohortStore;
import org.halo.cohort.FinishedCohort;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** halo explore --cohort: a finished cohort's targets, asked under its study, give the cohort's own rows. */
class ExploreCohortTest {
    @TempDir
    Path tmp;

    /** Two metastases in image mode, run with a small study; returns the results folder. */
    /** The volumes (cc) of the two masks {@link #finishedCohort} writes, as the test computes them from its own masks. */
    private final double[] writtenCc = new double[2];

    private Path finishedCohort(String... more) throws Exception {
        Grid g = new Grid(new int[] {36, 36, 24}, new double[] {1, 1, 1.5}, new double[] {-18, -18, -18}, Grid.identity());
        for (int i = 0; i < 2; i++) {
            Mask m = Mask.empty(g);
            Phantoms.addSphere(m, 18.4, 17.7, 18.2, 4 + 2 * i);
            writtenCc[i] = m.volumeCc();
            ImageFiles.write(m.toVolume(), tmp.resolve("met" + i + ".nii"));
        }
        Files.writeString(tmp.resolve("manifest.csv"), "patient_id,target,target_name\nP1,met0.nii,small\nP2,met1.nii,large\n");
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("cohort", "run", "--manifest", tmp.resolve("manifest.csv").toString(), "--out", out.toString(),
                "--platform", "mask-6dof-monitored", "--regimens", "srs:1,hsrt:3", "--scenarios", "200"));
        if (!List.of(more).contains("--margins")) args.addAll(List.of("--margins", "0,1"));
        args.addAll(List.of(more));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return out;
    }

    /** The cohort's rows of one target, as {@link ExploreTest#risks} words them. */
    private static List<String> cohortRows(Path out, String targetName) throws Exception {
        List<String> lines = Files.readAllLines(out.resolve("scenarios.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int name = header.indexOf("target_name"), regimen = header.indexOf("regimen"), margin = header.indexOf("margin_mm"), p = header.indexOf("p_miss_d95");
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f[name].equals(targetName)) rows.add(f[regimen] + " " + Double.parseDouble(f[margin]) + " " + Math.round(Double.parseDouble(f[p]) * 1e5));
        }
        return rows.stream().sorted().toList();
    }

    private static List<String> pageRows(String answer) {
        return ExploreTest.risks(answer, ExploreTest.PAGE_ROWS).stream().sorted().toList();
    }

    @Test
    void anyTargetOfTheCohortGivesItsRowsAndBadChoicesAreRefused() throws Exception {
        Path out = finishedCohort();
        FinishedCohort cohort = FinishedCohort.open(out);
        assertEquals(List.of(String.format(Locale.ROOT, "P1 / small (%.2f cc)", writtenCc[0]),
                String.format(Locale.ROOT, "P2 / large (%.2f cc)", writtenCc[1])), cohort.targets().stream().map(FinishedCohort.Target::label).toList(),
                "patient / ROI (the volume of the mask written)");
        try (ExploreServer server = new ExploreServer(new Exploration(cohort, new CpuBackend(2)), "127.0.0.1", 0, "cohort")) {
            URI base = server.uri();
            ExploreTest.Response targets = ExploreTest.get(base, "api/targets", "GET");
            assertTrue(targets.body().contains("P2 / large") && targets.body().replaceAll("\\s", "").contains("\"margins\":\"0,1\""), targets.body());
            for (int i = 0; i < 2; i++) {
                ExploreTest.Response answer = ExploreTest.get(base, "api/run?cohort-target=" + i, "GET");
                assertEquals(200, answer.statusCode(), answer.body());
                List<String> rows = cohortRows(out, i == 0 ? "small" : "large");
                assertEquals(4, rows.size());
                assertEquals(rows, pageRows(answer.body()), "target " + i + ": the cohort's rows");
                assertTrue(answer.body().contains("as the run asked it"), answer.body());
            }
            ExploreTest.Response changed = ExploreTest.get(base, "api/run?cohort-target=1&delineation-mm=1.5&scenarios=100", "GET");
            assertEquals(200, changed.statusCode(), changed.body());
            assertTrue(changed.body().contains("with delineation-mm: 1.5, scenarios: 100"), changed.body());
            String[][] refused = {{"api/run?cohort-target=2", "not one of the cohort's 2 targets"}, {"api/run?cohort-target=-1", "cohort-target"},
                {"api/run?cohort-target=0&margins=-1", "--margins"}, {"api/run?cohort-target=0&regimens=srs:zero", "srs:zero"}};
            for (String[] r : refused) {
                ExploreTest.Response resp = ExploreTest.get(base, r[0], "GET");
                assertEquals(400, resp.statusCode(), r[0] + ": " + resp.body());
                ExploreTest.assertOneLineMessage(resp.body(), r[1]);
            }
            assertTrue(ExploreTest.get(base, "", "GET").body().contains("const COHORT = true;"));
        }
        Mask one = cohort.open(cohort.targets().get(0)).target().ctv();
        try (ExploreServer server = new ExploreServer(new Exploration(one, new CpuBackend(1)), "127.0.0.1", 0, "one")) {
            ExploreTest.Response resp = ExploreTest.get(server.uri(), "api/run?cohort-target=0", "GET");
            assertEquals(400, resp.statusCode(), resp.body());
            ExploreTest.assertOneLineMessage(resp.body(), "only a cohort's page");
        }
    }

    /** A study with margin-resolution: each answer carries the run's margin for the target risk, as the cohort stored it. */
    @Test
    void theStudysMarginForTheTargetRiskComesWithTheAnswer() throws Exception {
        Path out = finishedCohort("--margins", "0,1,2", "--margin-resolution", "0.25");
        List<String> lines = Files.readAllLines(out.resolve("scenarios.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int name = header.indexOf("target_name"), regimen = header.indexOf("regimen"), found = header.indexOf("margin_for_target_risk_mm");
        String stored = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(f -> f[name].equals("large") && f[regimen].startsWith("srs:1"))
                .findFirst().orElseThrow()[found];
        assertFalse(stored.isEmpty(), "the study's margins bracket the margin for the target risk");
        try (ExploreServer server = new ExploreServer(new Exploration(FinishedCohort.open(out), new CpuBackend(2)), "127.0.0.1", 0, "cohort")) {
            String answer = ExploreTest.get(server.uri(), "api/run?cohort-target=1", "GET").body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"regimen\": \"srs:1[^\"]*\",.*?\"margin_for_target_risk_mm\": ([0-9.]+)",
                    java.util.regex.Pattern.DOTALL).matcher(answer);
            assertTrue(m.find(), answer);
            assertEquals(Double.parseDouble(stored), Double.parseDouble(m.group(1)), 0, answer);
        }
    }

    /** A folder whose run recorded no manifest (earlier releases) is refused in one line that says what to do. */
    @Test
    void aFolderWithoutItsManifestIsRefused() throws Exception {
        Path out = finishedCohort();
        try (CohortStore store = CohortStore.openExisting(out); Statement st = store.connection().createStatement()) {
            st.execute("UPDATE runs SET manifest = NULL");
        }
        HaloException e = assertThrows(HaloException.class, () -> FinishedCohort.open(out));
        assertTrue(e.getMessage().contains("did not record its manifest") && e.getMessage().contains(out.toString()), e.getMessage());
        assertThrows(HaloException.class, () -> FinishedCohort.open(tmp.resolve("nothing-here")));
    }

    /** In chromium: the page lists the targets, starts from the study's values, and choosing a target shows its rows. */
    @Test
    void thePageChoosesATarget() throws Exception {
        assumeTrue(ExploreTest.onPath("chromium") && ExploreTest.onPath("chromedriver"), "no chromium/chromedriver on the PATH: the browser check runs in CI");
        Path out = finishedCohort();
        WebDriver browser = ExploreTest.browser();
        try (ExploreServer server = new ExploreServer(new Exploration(FinishedCohort.open(out), new CpuBackend(2)), "127.0.0.1", 0, "cohort")) {
            browser.get(server.uri().toString());
            ExploreTest.waitFor(browser, "done", "P1 / small");
            assertEquals("0,1", browser.findElement(By.id("margins")).getAttribute("value"), "the study's margins");
            browser.findElement(By.id("cohort-target")).click();
            browser.findElement(By.cssSelector("#cohort-target option[value='1']")).click();
            String answer = ExploreTest.waitFor(browser, "done", "P2 / large");
            assertEquals(cohortRows(out, "large"), pageRows(answer), "the cohort's rows of the chosen target");
            ExploreTest.assertQuietConsoleAndSave(browser, "explore-cohort.png");
            assertFalse(browser.findElement(By.id("cohort-label")).getAttribute("hidden") != null, "the target list is shown");
        } finally {
            browser.quit();
        }
    }
}
