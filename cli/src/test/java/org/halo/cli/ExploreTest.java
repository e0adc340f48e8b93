package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.halo.clinical.miss.DoseModel;
import org.halo.compute.CpuBackend;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.halo.io.dicom.DoseFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/** halo explore's server: what it refuses over HTTP, and the page in a real browser giving the answers halo compare gives. */
class ExploreTest {
    @TempDir
    Path tmp;

    private static Mask ctv() {
        Mask m = Mask.empty(Grid.of(40, 40, 20, 1.0, 1.0, 2.0));
        Phantoms.addSphere(m, 19.6, 20.3, 19.1, 6);
        return m;
    }

    record Response(int statusCode, String body) {}

    static Response get(URI base, String pathAndQuery, String method) throws Exception {
        HttpURLConnection c = (HttpURLConnection) base.resolve(pathAndQuery).toURL().openConnection();
        c.setRequestMethod(method);
        c.setReadTimeout(120_000);
        if (!method.equals("GET")) {
            c.setDoOutput(true);
            c.getOutputStream().write('x');
        }
        int code = c.getResponseCode();
        try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Response(code, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void refusesBadQuestionsWithOneLineMessages() throws Exception {
        try (ExploreServer server = new ExploreServer(new Exploration(ctv(), new CpuBackend(2)), "127.0.0.1", 0, "test")) {
            URI base = server.uri();
            String[][] refused = {
                    {"api/run?scenarios=-5", "400", "scenarios"},
                    {"api/run?delineation-mm=abc", "400", "delineation-mm"},
                    {"api/run?systematic-mm=NaN", "400", "systematic-mm"},
                    {"api/run?ctv=/etc/passwd", "400", "unknown input 'ctv'"},
                    {"api/run?seed=1&seed=2", "400", "given twice"},
                    {"api/run?regimens=srs:zero", "400", "srs:zero"},
                    {"api/run?seed=1.5", "400", "--seed: '1.5' is not a whole number"},
                    {"api/run?falloff=gauss", "400", "--falloff must be exp or erf"},
                    {"api/run?platform=couch", "400", "couch"},
                    {"api/run?target=lung", "400", "lung"},
                    {"api/run?margin-resolution=0.001", "400", "--margin-resolution must be 0"},
                    {"api/run?margin-resolution=2", "400", "--margin-resolution: 2 is outside"},
                    {"api/run?margins=" + "1,".repeat(1100), "413", "2000"},
                    {"nothing-here", "404", "no such page"}};
            for (String[] r : refused) {
                Response resp = get(base, r[0], "GET");
                assertEquals(Integer.parseInt(r[1]), resp.statusCode(), r[0] + ": " + resp.body());
                assertOneLineMessage(resp.body(), r[2]);
            }
            Response post = get(base, "api/run", "POST");
            assertEquals(405, post.statusCode());
            assertOneLineMessage(post.body(), "only GET");
            Response page = get(base, "", "GET");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<svg id=\"risk\""), "the page is served");
        }
    }

    static void assertOneLineMessage(String body, String expected) {
        assertTrue(body.replaceAll("\\s", "").startsWith("{\"error\""), body);
        assertTrue(body.contains(expected), "names the problem (" + expected + "): " + body);
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("\\n"), "no stack trace: " + body);
    }

    /**
     * While a question runs its finished rows are reported; a newer question stops it: the older request is answered
     * 409, the newer one with the answer.
     */
    @Test
    void progressIsReportedAndANewerQuestionSupersedesAnOlderOne() throws Exception {
        try (ExploreServer server = new ExploreServer(new Exploration(ctv(), new CpuBackend(1)), "127.0.0.1", 0, "test")) {
            URI base = server.uri();
            CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(base, "api/run?scenarios=20000&margins=0,1,2,3,4,5", "GET");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String progress = "";
            for (int i = 0; i < 600 && !progress.contains("/18] "); i++) {
                Thread.sleep(50);
                progress = get(base, "api/progress", "GET").body();
            }
            assertTrue(progress.matches("(?s).*\\[\\d+/18\\] [a-z]+:\\d@mask-6dof-monitored, margin [0-5] mm: .*"), "the finished rows are reported while it runs: " + progress);
            Response quick = get(base, "api/run?scenarios=100&margins=0,1", "GET");
            assertEquals(200, quick.statusCode(), quick.body());
            assertEquals(409, slow.get().statusCode(), slow.get().body());
        }
    }

    /**
     * A question that repeats rows of an earlier one recalls them rather than computing them again, and says how many;
     * every row is what a fresh page gives for the same question.
     */
    @Test
    void rowsAskedAgainAreRecalledAndEqualAFreshAnswer() throws Exception {
        String first = "api/run?scenarios=200&margins=0,1,2&regimens=srs:1,hsrt:3", sameRows = first + "&target-risk=0.03",
                oneRegimenChanged = "api/run?scenarios=200&margins=0,1,2&regimens=srs:1,hsrt:5";
        try (ExploreServer server = new ExploreServer(new Exploration(ctv(), new CpuBackend(2)), "127.0.0.1", 0, "test");
             ExploreServer fresh = new ExploreServer(new Exploration(ctv(), new CpuBackend(2)), "127.0.0.1", 0, "fresh")) {
            URI base = server.uri();
            String a = get(base, first, "GET").body();
            assertTrue(a.replaceAll("\\s", "").contains("\"rows_recalled\":0"), a);
            String b = get(base, sameRows, "GET").body();
            assertTrue(b.replaceAll("\\s", "").contains("\"rows_recalled\":6"), "only the target risk changed: every row recalled " + b);
            assertEquals(risks(a, PAGE_ROWS), risks(b, PAGE_ROWS));
            String c = get(base, oneRegimenChanged, "GET").body();
            assertTrue(c.replaceAll("\\s", "").contains("\"rows_recalled\":3"), "the SRS rows recalled, the HSRT rows computed: " + c);
            assertEquals(risks(get(fresh.uri(), oneRegimenChanged, "GET").body(), PAGE_ROWS), risks(c, PAGE_ROWS), "as a fresh page answers");
            String searched = "api/run?scenarios=200&margins=0,1,2,3,4&regimens=srs:1,hsrt:3&margin-resolution=0.25";
            get(base, searched, "GET");
            String again = get(base, searched, "GET").body();
            assertTrue(again.replaceAll("\\s", "").contains("\"rows_recalled\":10"), "rows, not the margin search's evaluations, are counted: " + again);
        }
    }

    /**
     * In chromium through WebDriver (where chromedriver is installed): the page is driven as a physicist would, typing
     * inputs, and the risks it shows are halo compare's for the same options; nothing is logged to the console.
     */
    @Test
    void thePageAnswersAsHaloCompareDoes() throws Exception {
        assumeTrue(onPath("chromium") && onPath("chromedriver"), "no chromium/chromedriver on the PATH (Debian chromium-driver): the browser check runs in CI");
        Path file = tmp.resolve("ctv.nii.gz");
        ImageFiles.write(ctv().toVolume(), file);
        CliTest.Run cli = CliTest.run("compare", "--ctv", file.toString(), "--platform", "mask-6dof-monitored", "--regimens", "srs:1,hsrt:3", "--margins",
                "0,1,2", "--scenarios", "200", "--seed", "20261126", "--delineation-mm", "1.5", "--json");
        assertEquals(0, cli.code(), cli.err());
        CliTest.Run cliFound = CliTest.run("compare", "--ctv", file.toString(), "--platform", "mask-6dof-monitored", "--regimens", "srs:1,hsrt:3", "--margins",
                "0,1,2,3,4", "--scenarios", "200", "--seed", "20261126", "--delineation-mm", "1.5", "--margin-resolution", "0.25", "--json");
        assertEquals(0, cliFound.code(), cliFound.err());
        assertFalse(criticalMargins(cliFound.out()).isEmpty() || criticalMargins(cliFound.out()).stream().allMatch(c -> c.endsWith(" null")), cliFound.out());
        WebDriver browser = browser();
        try (ExploreServer server = new ExploreServer(new Exploration(ctv(), new CpuBackend(2)), "127.0.0.1", 0, "test")) {
            browser.get(server.uri().toString());
            waitFor(browser, "done", "");
            type(browser, "scenarios", "200");
            type(browser, "seed", "20261126");
            type(browser, "margins", "0,1,2");
            type(browser, "regimens", "srs:1,hsrt:3");
            type(browser, "delineation-mm", "1.5");
            String answer = waitFor(browser, "done", "--delineation-mm 1.5");
            List<String> page = risks(answer, "\"regimen\":\"([^\"]+)\",\"margin_mm\":([0-9.]+),\"p_miss_d95\":([0-9.eE-]+)");
            List<String> compare = risks(cli.out(), "\"regimen\":\"([^\"]+)\",\"fractions\":\\d+,\"margin_mm\":([0-9.]+),\"p_miss_d95\":\\{\"value\":([0-9.eE-]+)");
            assertEquals(6, compare.size(), cli.out());
            assertEquals(compare, page, "the page's risks are halo compare's");
            assertFalse(browser.findElements(By.cssSelector("#risk path, #risk polyline, #risk circle")).isEmpty(), "the risk chart is drawn");
            assertTrue(browser.findElement(By.id("verdict")).getText().length() > 10, "a verdict is worded");
            type(browser, "margins", "0,1,2,3,4");
            type(browser, "margin-resolution", "0.25");
            String found = waitFor(browser, "done", "--margin-resolution 0.25");
            assertEquals(criticalMargins(cliFound.out()), criticalMargins(found), "the margins for the target risk are halo compare's");
            assertEquals(criticalMargins(found).stream().filter(c -> !c.endsWith(" null")).count(),
                    browser.findElements(By.cssSelector("#risk circle.critical")).size(), "each on the chart");
            assertTrue(browser.findElement(By.id("arms")).getText().contains("at the target risk itself"), browser.findElement(By.id("arms")).getText());
            assertQuietConsoleAndSave(browser, "explore.png");
        } finally {
            browser.quit();
        }
    }

    /** A plan for {@link #ctv()}: 30 Gy inside a sphere 0.8 mm wider than the CTV, falling off by half every 3 mm outside it. */
    private static DoseModel.Imported plan(Path file) {
        Grid g = ctv().grid();
        float[] gy = new float[(int) g.voxelCount()];
        for (int z = 0; z < g.size(2); z++) for (int y = 0; y < g.size(1); y++) for (int x = 0; x < g.size(0); x++) {
            double r = Math.sqrt(Math.pow(x * g.spacingMm(0) - 19.6, 2) + Math.pow(y * g.spacingMm(1) - 20.3, 2) + Math.pow(z * g.spacingMm(2) - 19.1, 2));
            gy[g.index(x, y, z)] = (float) (30 * Math.pow(2, -Math.max(0, r - 6.8) / 3));
        }
        ImageFiles.write(Volume.ofFloats(g, gy), file);
        return new DoseModel.Imported(DoseFiles.read(file), 30);
    }

    /** halo compare with the plan at margin 0: the numbers the plan's page must show. */
    private static List<String> planRisksByCompare(Path ctvFile, Path doseFile) {
        CliTest.Run cli = CliTest.run("compare", "--ctv", ctvFile.toString(), "--dose", doseFile.toString(), "--rx-gy", "30", "--margins", "0",
                "--platform", "mask-6dof-monitored", "--regimens", "srs:1,hsrt:5", "--scenarios", "200", "--seed", "7", "--json");
        assertEquals(0, cli.code(), cli.err());
        List<String> compare = risks(cli.out(), "\"regimen\":\"([^\"]+)\",\"fractions\":\\d+,\"margin_mm\":([0-9.]+),\"p_miss_d95\":\\{\"value\":([0-9.eE-]+)");
        assertEquals(2, compare.size(), cli.out());
        return compare;
    }

    /** Each regimen's margin for the target risk, as compare --json and the page's answer give it ("null" where none is found). */
    static List<String> criticalMargins(String json) {
        String flat = json.replaceAll("\\s", "");
        int from = flat.indexOf("\"regimens\":["), to = flat.indexOf("\"verdict\"", from);
        List<String> out = new ArrayList<>();
        if (from < 0 || to < 0) return out;
        Matcher m = Pattern.compile("\"regimen\":\"([^\"]+)\"[^\\[\\]{}]*?\"margin_for_target_risk_mm\":([0-9.]+|null)").matcher(flat.substring(from, to));
        while (m.find()) out.add(m.group(1) + " " + m.group(2));
        return out;
    }

    static final String PAGE_ROWS = "\"regimen\":\"([^\"]+)\",\"margin_mm\":([0-9.]+),\"p_miss_d95\":([0-9.eE-]+)";

    /** With a plan each regimen has one risk, halo compare's with the same dose at margin 0; margins and fall-off are refused. */
    @Test
    void aPlanHasOneRiskPerRegimenAsHaloCompareGives() throws Exception {
        Path ctvFile = tmp.resolve("ctv.nii.gz"), doseFile = tmp.resolve("dose.nii.gz");
        ImageFiles.write(ctv().toVolume(), ctvFile);
        DoseModel.Imported plan = plan(doseFile);
        List<String> compare = planRisksByCompare(ctvFile, doseFile);
        try (ExploreServer server = new ExploreServer(new Exploration(ctv(), plan, new CpuBackend(2)), "127.0.0.1", 0, "test")) {
            URI base = server.uri();
            for (String fixed : Exploration.NOT_WITH_A_PLAN) {
                Response r = get(base, "api/run?" + fixed + "=1", "GET");
                assertEquals(400, r.statusCode(), fixed + ": " + r.body());
                assertOneLineMessage(r.body(), "--" + fixed + ": the plan's dose is fixed");
            }
            Response answer = get(base, "api/run?platform=mask-6dof-monitored&regimens=srs:1,hsrt:5&scenarios=200&seed=7", "GET");
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().replaceAll("\\s", "").contains("\"plan\":true") && answer.body().contains("--dose DOSE --rx-gy 30 --margins 0"), answer.body());
            assertEquals(compare, risks(answer.body(), PAGE_ROWS), "one risk per regimen, halo compare's");
            assertTrue(answer.body().matches("(?s).*\"verdict\": *\"The plan (meets|misses) the target risk.*"), answer.body());
            assertTrue(get(base, "", "GET").body().contains("const PLAN = true;"), "the page is told it shows a plan");
        }
    }

    /** The plan's page in chromium: no margin or fall-off inputs, one bar per regimen, halo compare's risks, a clean console. */
    @Test
    void thePlanPageShowsEachRegimensRisk() throws Exception {
        assumeTrue(onPath("chromium") && onPath("chromedriver"), "no chromium/chromedriver on the PATH (Debian chromium-driver): the browser check runs in CI");
        Path ctvFile = tmp.resolve("ctv.nii.gz"), doseFile = tmp.resolve("dose.nii.gz");
        ImageFiles.write(ctv().toVolume(), ctvFile);
        DoseModel.Imported plan = plan(doseFile);
        List<String> compare = planRisksByCompare(ctvFile, doseFile);
        WebDriver browser = browser();
        try (ExploreServer server = new ExploreServer(new Exploration(ctv(), plan, new CpuBackend(2)), "127.0.0.1", 0, "plan")) {
            browser.get(server.uri().toString());
            waitFor(browser, "done", "");
            for (String hidden : List.of("margins", "falloff", "g50-mm", "penumbra-mm")) assertFalse(browser.findElement(By.id(hidden)).isDisplayed(), hidden);
            type(browser, "scenarios", "200");
            type(browser, "seed", "7");
            type(browser, "regimens", "srs:1,hsrt:5");
            String answer = waitFor(browser, "done", "--regimens srs:1,hsrt:5");
            assertEquals(compare, risks(answer, PAGE_ROWS), "the page's risks are halo compare's");
            assertEquals(2, browser.findElements(By.cssSelector("#risk rect")).size(), "one bar per regimen");
            assertTrue(browser.findElement(By.id("arms")).getText().contains("meets the target"), browser.findElement(By.id("arms")).getText());
            assertTrue(browser.findElement(By.id("verdict")).getText().startsWith("The plan "), browser.findElement(By.id("verdict")).getText());
            assertQuietConsoleAndSave(browser, "explore-plan.png");
        } finally {
            browser.quit();
        }
    }

    /** Nothing at warning level or above on the browser's console; the page saved as a screenshot under target/explore/. */
    static void assertQuietConsoleAndSave(WebDriver browser, String name) throws Exception {
        List<LogEntry> warnings = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertTrue(warnings.isEmpty(), "console: " + warnings);
        Path png = Path.of("target", "explore", name);
        Files.createDirectories(png.getParent());
        Files.write(png, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Regimen, margin and risk (rounded to halo compare's five decimals) of each row, in order. */
    static List<String> risks(String json, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(json.replaceAll("\\s", ""));
        while (m.find()) {
            out.add(m.group(1) + " " + Double.parseDouble(m.group(2)) + " " + Math.round(Double.parseDouble(m.group(3)) * 1e5));
        }
        return out;
    }

    private static void type(WebDriver browser, String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    /** Waits until the page's status reads {@code status} with an answer containing {@code inAnswer}; returns that answer. */
    static String waitFor(WebDriver browser, String status, String inAnswer) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < until) {
            String s = browser.findElement(By.id("status")).getText();
            String answer = (String) ((JavascriptExecutor) browser).executeScript("return document.getElementById('answer').textContent");
            if (s.equals(status) && answer.contains(inAnswer)) return answer;
            assertFalse(s.equals("refused"), browser.findElement(By.id("error")).getText());
            Thread.sleep(100);
        }
        throw new AssertionError("the page did not reach '" + status + "' with " + inAnswer + "; it shows " + browser.findElement(By.id("status")).getText());
    }

    static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(firstOnPath("chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1800");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(firstOnPath("chromedriver"))).build();
        return new ChromeDriver(service, options);
    }

    static boolean onPath(String exe) {
        return firstOnPath(exe) != null;
    }

    private static String firstOnPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) return Path.of(dir, exe).toString();
        }
        return null;
    }
}
