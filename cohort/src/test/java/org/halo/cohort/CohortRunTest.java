package org.halo.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.halo.HaloException;
import org.halo.clinical.miss.ComparisonRow;
import org.halo.clinical.miss.CriticalMargin;
import org.halo.clinical.miss.MarginComparison;
import org.halo.clinical.miss.MissSimulation;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * halo cohort run's library on a synthetic DICOM cohort: identical tables whatever the jobs or an interruption (a child
 * JVM killed with SIGKILL), a corrupt patient isolated, a different study refused, image mode equal to the margin
 * comparison of the target's own seed.
 */
class CohortRunTest {
    @TempDir
    static Path shared;

    static Path manifest;
    static Path reference;

    /** A small study: two margins, SRS against one HSRT regimen, the fewest scenarios. */
    static Study study(String... more) {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("platform", "mask-6dof-monitored");
        k.put("margins", "0,1");
        k.put("regimens", "srs:1,hsrt:3");
        k.put("scenarios", "100");
        for (int i = 0; i + 1 < more.length; i += 2) k.put(more[i], more[i + 1]);
        return Study.of(k);
    }

    static CohortRun.Summary run(Path manifestFile, Study s, Path out, int jobs, boolean newRun) {
        return new CohortRun(Manifest.read(manifestFile), s, new CohortRun.Settings(jobs, newRun, new CpuBackend(2), "cpu", "test")).run(out, null);
    }

    @BeforeAll
    static void cohort() {
        SyntheticCohort.write(shared.resolve("dicom"), 3, 7L, 2);
        DicomIndex.Result index = DicomIndex.index(List.of(shared.resolve("dicom")), null);
        manifest = shared.resolve("manifest.csv");
        ManifestCsv.write(index.rows(), manifest);
        reference = shared.resolve("jobs1");
        CohortRun.Summary s = run(manifest, study(), reference, 1, false);
        assertEquals(0, s.targetsFailed() + s.rowsFailed(), s.failures().toString());
        assertTrue(s.targetsDone() >= 3, "targets " + s.targetsDone());
    }

    /** Every row of the three tables, sorted, as text: what "the same results" means here. */
    static Map<String, List<String>> tables(Path dir) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (CohortStore store = CohortStore.open(dir, List.of()); Statement st = store.connection().createStatement()) {
            for (String t : CohortStore.EXPORTED) {
                List<String> rows = new ArrayList<>();
                try (ResultSet r = st.executeQuery("SELECT * FROM " + t)) {
                    ResultSetMetaData md = r.getMetaData();
                    while (r.next()) {
                        StringBuilder sb = new StringBuilder();
                        for (int c = 1; c <= md.getColumnCount(); c++) sb.append(md.getColumnName(c)).append('=').append(r.getString(c)).append('|');
                        rows.add(sb.toString());
                    }
                }
                rows.sort(null);
                out.put(t, rows);
            }
        }
        return out;
    }

    @Test
    void twoJobsGiveTheTablesOfOneValueForValue() throws Exception {
        Path two = shared.resolve("jobs2");
        run(manifest, study(), two, 2, false);
        assertEquals(tables(reference), tables(two));
        for (String t : CohortStore.EXPORTED) {
            assertTrue(Files.size(two.resolve(t + ".parquet")) > 0);
            assertEquals(Files.readString(reference.resolve(t + ".csv")), Files.readString(two.resolve(t + ".csv")), t + ".csv");
        }
    }

    @Test
    void theTablesHoldWhatTheyPromise() throws Exception {
        Map<String, List<String>> t = tables(reference);
        long targets = t.get("targets").size();
        // Every target: one scenarios row per regimen × margin; the skipped brainstem named; the dose read.
        assertEquals(targets * 2 * 2, t.get("scenarios").size());
        for (String row : t.get("targets")) {
            assertTrue(row.contains("rois_skipped=BrainStem|"), row);
            assertTrue(row.contains("reference=image series|"), row);
            assertFalse(row.contains("ctv_d95_gy=null"), row);
            assertFalse(row.contains("ctv_v100_pct=null"), row);
        }
        assertTrue(t.get("errors").isEmpty(), t.get("errors").toString());
    }

    @Test
    void aRerunSkipsFinishedTargetsAndAnotherStudyIsRefusedUnlessNew() throws Exception {
        Path dir = shared.resolve("rerun");
        CohortRun.Summary first = run(manifest, study(), dir, 1, false);
        CohortRun.Summary again = run(manifest, study(), dir, 2, false);
        assertEquals(0, again.targetsDone());
        assertEquals(first.targetsDone(), again.targetsSkipped());
        assertEquals(tables(reference), tables(dir));
        HaloException e = assertThrows(HaloException.class, () -> run(manifest, study("margins", "0,2"), dir, 1, false));
        assertTrue(e.getMessage().contains("different study"), e.getMessage());
        CohortRun.Summary replaced = run(manifest, study("margins", "0,2"), dir, 1, true);
        assertEquals(first.targetsDone(), replaced.targetsDone());
    }

    @Test
    void aCorruptStructureSetIsOneErrorRowAndTheOthersComplete() throws Exception {
        Path m = shared.resolve("corrupt.csv");
        List<String> lines = Files.readAllLines(manifest);
        Path broken = shared.resolve("broken-rs.dcm");
        Files.write(broken, new byte[] {'D', 'I', 'C', 'M', 1, 2, 3});
        String second = lines.get(2);
        String rs = second.split(",")[1];
        lines.set(2, second.replace(rs, broken.toString()));
        lines.add("NODOSE," + lines.get(1).split(",")[1] + ",,,,,,,GTV_1,"); // no reference, dose or plan: a 1 mm grid
        Files.write(m, lines);
        Path dir = shared.resolve("corrupt");
        CohortRun.Summary s = run(m, study(), dir, 2, false);
        assertEquals(1, s.rowsFailed());
        assertTrue(s.targetsDone() >= 2);
        Map<String, List<String>> t = tables(dir);
        assertEquals(1, t.get("errors").size());
        String err = t.get("errors").get(0);
        assertTrue(err.contains("stage=read|") && err.contains("target_name=null|") && err.contains(broken.toString()), err);
        assertTrue(t.get("targets").stream().anyMatch(r -> r.startsWith("patient_id=NODOSE|") && r.contains("reference=1 mm grid")
                && r.contains("ctv_d95_gy=null|")), t.get("targets").toString());
    }

    @Test
    void imageModeEqualsTheMarginComparisonWithTheTargetsOwnSeed() throws Exception {
        Grid g = new Grid(new int[] {40, 40, 30}, new double[] {1, 1, 1.5}, new double[] {-20, -20, -22}, Grid.identity());
        Mask a = Mask.empty(g);
        Phantoms.addSphere(a, 20.3, 19.6, 22.2, 6); // mm from the origin: about the patient origin, off the lattice
        Path mask = shared.resolve("img/lesion.nii");
        Files.createDirectories(mask.getParent());
        ImageFiles.write(a.toVolume(), mask);
        Path m = shared.resolve("img/manifest.csv");
        Files.writeString(m, "patient_id,target,target_name,isocentre_mm,site\nP9,lesion.nii,met 1,10;0;0,\"frontal, left\"\n", StandardCharsets.UTF_8);
        Path dir = shared.resolve("img/out");
        Study s = study("margin-resolution", "0.1", "margins", "0,1,2,3");
        run(m, s, dir, 1, false);
        long seed = TargetSeed.of(s.seed(), "P9", "met 1");
        double[] centre = MissSimulation.centroidMm(a);
        double distance = Math.sqrt((centre[0] - 10) * (centre[0] - 10) + centre[1] * centre[1] + centre[2] * centre[2]);
        TargetAnalysis ta = new TargetAnalysis(s, new CpuBackend(2));
        MarginComparison.Result direct = new MarginComparison(new MissSimulation(new CpuBackend(2))).run(new MarginComparison.Request(a, s.marginsMm(),
                ta.arms(a.volumeCc(), distance), s.dose(), s.scenarios(), seed, new double[] {10, 0, 0}, s.metric(), s.targetRisk(), s.targetModel(),
                MissSimulation.DEFAULT_MIN_DOSE_PCT, s.estimator(), s.precision(), s.marginResolutionMm()), null);
        try (CohortStore store = CohortStore.open(dir, List.of()); Statement st = store.connection().createStatement()) {
            try (ResultSet r = st.executeQuery("SELECT target_seed, site, contour_cc, distance_to_isocentre_mm FROM targets")) {
                assertTrue(r.next());
                assertEquals(seed, r.getLong(1));
                assertEquals("frontal, left", r.getString(2));
                assertNull(r.getObject(3));
                assertEquals(distance, r.getDouble(4), 1e-12);
                assertEquals(10.0, distance, 0.6);
            }
            for (MarginComparison.Row row : direct.rows()) {
                ComparisonRow c = ComparisonRow.of(row);
                try (ResultSet r = st.executeQuery("SELECT p_miss_d95, p_miss_d95_se, p_full_coverage, ptv_cc FROM scenarios WHERE regimen = '" + c.regimen()
                        + "' AND margin_mm = " + c.marginMm())) {
                    assertTrue(r.next(), c.regimen() + " " + c.marginMm());
                    assertEquals(c.pMissD95(), r.getDouble(1));
                    assertEquals(c.pMissD95Se(), r.getDouble(2));
                    assertEquals(c.pFullCoverage(), r.getDouble(3));
                    assertEquals(c.ptvCc(), r.getDouble(4));
                }
            }
            for (MarginComparison.ArmSummary arm : direct.arms()) {
                CriticalMargin c = arm.criticalMargin();
                assertTrue(c.marginMm() != null && c.evaluations() > 0, "the study's margins bracket a margin for the target risk: " + c);
                try (ResultSet r = st.executeQuery("SELECT DISTINCT margin_for_target_risk_mm, margin_for_target_risk_low_mm, margin_for_target_risk_high_mm "
                        + "FROM scenarios WHERE regimen = '" + arm.arm().label() + "'")) {
                    assertTrue(r.next(), arm.arm().label());
                    assertEquals(c.marginMm(), r.getObject(1));
                    assertEquals(c.lowMm(), r.getObject(2));
                    assertEquals(c.highMm(), r.getObject(3));
                    assertFalse(r.next(), "one value per regimen");
                }
            }
            Path html = shared.resolve("img/report.html");
            CohortReport.write(store, html);
            String page = Files.readString(html);
            CriticalMargin srs = direct.arms().get(0).criticalMargin();
            assertTrue(page.contains("Margin for the target risk between the listed margins") && page.contains(String.format(java.util.Locale.ROOT,
                    "<td>%s</td><td>1</td><td>%.2f</td>", direct.arms().get(0).arm().label(), srs.marginMm())), "one target: its margin is the median");
            javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile()); // still well-formed
        }
    }

    @Test
    void theReportIsOneWellFormedPageThatAHeadlessBrowserRendersWithoutErrors() throws Exception {
        Path html = shared.resolve("report.html");
        CohortReport.Summary s;
        try (CohortStore store = CohortStore.open(reference, List.of())) {
            s = CohortReport.write(store, html);
        }
        assertEquals(3, s.patients());
        String page = Files.readString(html);
        assertFalse(page.contains("http://") && page.replace("http://www.w3.org/", "").contains("http://"), "no network resources");
        assertFalse(page.contains("<script src") || page.contains("<link") || page.contains("<img"), "self-contained: inline CSS, SVG and script only");
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Document doc = f.newDocumentBuilder().parse(html.toFile());
        int charts = s.regimens() + 3;
        assertEquals(charts, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength(), "a margin chart per regimen, the band chart, 2 scatters");
        assertTrue(page.contains("95 % interval") || page.contains("No target has both"), "the HSRT share");
        org.w3c.dom.Element table = null;
        org.w3c.dom.NodeList tables = doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "table");
        for (int i = 0; i < tables.getLength(); i++) if ("targets".equals(((org.w3c.dom.Element) tables.item(i)).getAttribute("id"))) table = (org.w3c.dom.Element) tables.item(i);
        assertNotNull(table, "a table of the targets");
        int targets;
        try (CohortStore store = CohortStore.openExisting(reference)) {
            targets = store.counts().get("targets").intValue();
        }
        assertEquals(targets, table.getElementsByTagName("tbody").item(0).getChildNodes().getLength(), "one row per target");
        org.w3c.dom.NodeList circles = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "circle");
        assertTrue(circles.getLength() > 0);
        for (int i = 0; i < circles.getLength(); i++) {
            double cy = Double.parseDouble(((org.w3c.dom.Element) circles.item(i)).getAttribute("cy"));
            assertTrue(cy > 14.5, "a point at the top edge (cy " + cy + ") would look clipped: the axis must reach past it");
        }
        String logAxis = page.substring(page.indexOf("<title>target volume (cc, log scale)</title>"));
        logAxis = logAxis.substring(0, logAxis.indexOf("</svg>"));
        java.util.regex.Matcher tick = java.util.regex.Pattern.compile("class=\"c\">([0-9.]+)</text>").matcher(logAxis);
        int ticks = 0;
        for (; tick.find(); ticks++) {
            double v = Double.parseDouble(tick.group(1)), mantissa = v / Math.pow(10, Math.floor(Math.log10(v)));
            assertTrue(Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9, "a round log-axis tick: " + tick.group(1));
        }
        assertTrue(ticks >= 2, "the log axis has ticks");

        String chromium = java.util.stream.Stream.of("chromium", "chromium-browser", "google-chrome").filter(CohortRunTest::onPath).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null, "no chromium on the PATH: the browser check runs where it is installed (CI)");
        Path shots = Path.of("target", "cohort-report");
        Files.createDirectories(shots);
        Files.copy(html, shots.resolve("report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Process p = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--window-size=1150,1700", "--screenshot=" + shots.resolve("report.png").toAbsolutePath(), html.toUri().toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), log);
        List<String> console = log.lines().filter(l -> l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Refused to")).toList();
        assertTrue(console.isEmpty(), "console messages: " + console);
        assertTrue(Files.size(shots.resolve("report.png")) > 20_000, "a screenshot of the page (" + shots.resolve("report.png").toAbsolutePath() + ")");
        Process dom = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--dump-dom", html.toUri().toString()).start();
        String rendered = new String(dom.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dom.waitFor(120, TimeUnit.SECONDS));
        assertEquals(charts, rendered.split("<svg", -1).length - 1, "the browser's DOM holds the charts");
        sortsTheTargetsTableInABrowser(chromium, html);
    }

    /** In chromium through WebDriver (where chromedriver is installed): a click on a heading sorts the targets, numbers as numbers. */
    private static void sortsTheTargetsTableInABrowser(String chromium, Path html) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(onPath("chromedriver"), "no chromedriver on the PATH (Debian chromium-driver): the sorting check runs in CI");
        org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
        options.setBinary(Path.of(firstOnPath(chromium)).toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1150,1700");
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(firstOnPath("chromedriver")).toFile()).build();
        org.openqa.selenium.WebDriver browser = new org.openqa.selenium.chrome.ChromeDriver(service, options);
        try {
            browser.get(html.toUri().toString());
            List<org.openqa.selenium.WebElement> headings = browser.findElements(org.openqa.selenium.By.cssSelector("#targets th"));
            headings.get(2).click(); // volume (cc)
            List<Double> up = column(browser, 3);
            List<Double> sorted = new ArrayList<>(up);
            sorted.sort(null);
            assertEquals(sorted, up, "ascending by volume, as numbers");
            headings.get(2).click();
            List<Double> down = column(browser, 3);
            sorted.sort(java.util.Collections.reverseOrder());
            assertEquals(sorted, down, "a second click reverses");
            var severe = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
            assertTrue(severe.isEmpty(), "console: " + severe);
        } finally {
            browser.quit();
        }
    }

    private static List<Double> column(org.openqa.selenium.WebDriver browser, int col) {
        return browser.findElements(org.openqa.selenium.By.cssSelector("#targets tbody tr td:nth-child(" + col + ")")).stream()
                .map(e -> Double.parseDouble(e.getText())).toList();
    }

    private static String firstOnPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) return Path.of(dir, exe).toString();
        }
        throw new IllegalStateException(exe + " is not on the PATH");
    }

    static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }

    /** The child JVM of the kill test: runs the study with two jobs, pausing after each stored target so it can be killed. */
    public static void main(String[] args) {
        new CohortRun(Manifest.read(Path.of(args[0])), study(), new CohortRun.Settings(2, false, new CpuBackend(1), "cpu", "test"))
                .run(Path.of(args[1]), (rowsDone, rows, done, failed, last) -> {
                    System.out.println("DONE " + done);
                    System.out.flush();
                    try {
                        Thread.sleep(400);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    /** This test's classes and everything the test JVM has, on the module path or the class path, as one class path. */
    /** coverage-maps: one map per target and regimen with an adequate margin, named by patient, target and regimen; --new-run deletes them. */
    @Test
    void coverageMapsAreWrittenPerTargetAndRegimenAndGoWithANewRun() throws Exception {
        Path dir = shared.resolve("maps-run");
        Files.createDirectories(dir);
        Grid g = new Grid(new int[] {30, 30, 20}, new double[] {1, 1, 1.5}, new double[] {-15, -15, -15}, Grid.identity());
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 15.2, 14.6, 10.1, 5);
        ImageFiles.write(m.toVolume(), dir.resolve("met.nii"));
        Files.writeString(dir.resolve("manifest.csv"), "patient_id,target,target_name\nP 1,met.nii,met/1\n");
        CohortRun.Summary s = run(dir.resolve("manifest.csv"), study("coverage-maps", "true", "margins", "0,1,2,3"), dir.resolve("out"), 1, false);
        assertEquals(1, s.targetsDone());
        List<String> maps;
        try (var files = Files.list(dir.resolve("out/maps"))) {
            maps = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("P_1_met_1_hsrt_3_mask-6dof-monitored.nii.gz", "P_1_met_1_srs_1_mask-6dof-monitored.nii.gz"), maps);
        org.halo.image.Volume map = ImageFiles.read(dir.resolve("out/maps").resolve(maps.get(0)));
        assertTrue(map.grid().sameGeometry(g, 1e-6), "on the target's grid");
        assertTrue(map.range()[0] >= 0 && map.range()[1] <= 1);
        run(dir.resolve("manifest.csv"), study("margins", "0,2"), dir.resolve("out"), 1, true);
        try (var files = Files.list(dir.resolve("out/maps"))) {
            assertEquals(0, files.count(), "a new run of another study deletes the earlier maps");
        }
    }

    static String childClassPath() throws Exception {
        List<String> parts = new ArrayList<>();
        parts.add(Path.of(CohortRunTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String v = System.getProperty(property);
            if (v != null && !v.isEmpty()) parts.add(v);
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    @Test
    void aRunKilledWithSigkillContinuesToTheTablesOfAnUninterruptedRun() throws Exception {
        Path dir = shared.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", childClassPath(), CohortRunTest.class.getName(),
                manifest.toString(), dir.toString()).redirectErrorStream(true).start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            do {
                line = r.readLine();
                assertNotNull(line, "the child ended before storing a target");
            } while (!line.startsWith("DONE 1"));
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, a transaction may be open
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, p.exitValue());
        CohortRun.Summary resumed = run(manifest, study(), dir, 1, false);
        assertTrue(resumed.targetsSkipped() >= 1, "skipped " + resumed.targetsSkipped());
        assertTrue(resumed.targetsDone() >= 1, "the killed run left work to do");
        assertEquals(tables(reference), tables(dir));
    }
}
