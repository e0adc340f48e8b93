package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.halo.cohort.SyntheticCohort;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of the README as a newcomer types them: {@code halo} as a child process started in a working directory
 * other than the data's, every path relative. In-process tests with absolute temporary paths cannot see a path resolved
 * against the wrong folder.
 */
class WorkingDirectoryTest {
    @TempDir
    Path tmp;

    record Child(int code, String out, String err) {}

    /** {@code halo ARGS} in a fresh JVM whose working directory is {@code cwd}. */
    static Child halo(Path cwd, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp", classPath(),
                HaloCommand.class.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(cwd);
        Path out = Files.createTempFile(cwd.getParent(), "out", ".txt"), err = Files.createTempFile(cwd.getParent(), "err", ".txt");
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "halo " + String.join(" ", args) + " did not finish");
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String classPath() throws Exception {
        List<String> parts = new ArrayList<>();
        parts.add(Path.of(HaloCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isEmpty()) parts.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, parts);
    }

    @Test
    void cohortDemoInARelativeFolderCompletesAndItsRerunLineWorksFromElsewhere() throws Exception {
        Path home = tmp.resolve("home");
        Child demo = halo(home, "cohort", "demo", "demo-out", "--patients", "2", "--scenarios", "100", "--device", "cpu");
        assertEquals(0, demo.code(), demo.out() + demo.err());
        assertTrue(demo.out().matches("(?s).*2\\. ran the study .*: [1-9][0-9]* targets done, 0 failed.*"), demo.out());
        assertTrue(Files.isRegularFile(home.resolve("demo-out/report.html")));
        String manifest = Files.readString(home.resolve("demo-out/manifest.csv"));
        assertTrue(manifest.lines().skip(1).allMatch(l -> l.contains(",dicom/SYN")), "paths relative to the manifest's folder:\n" + manifest);

        // The same study from another working directory, through a relative path: every target already done.
        Child rerun = halo(tmp.resolve("elsewhere"), "cohort", "run", "--manifest", "../home/demo-out/manifest.csv", "--out", "../home/demo-out/results",
                "--platform", "mask-6dof-monitored", "--scenarios", "100", "--device", "cpu");
        assertEquals(0, rerun.code(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("0 targets done, 0 failed"), rerun.out());
    }

    @Test
    void indexRunExportAndReportTakeRelativePathsFromAnyFolder() throws Exception {
        SyntheticCohort.write(tmp.resolve("data/dicom"), 2, 7L, 1);
        Path work = tmp.resolve("work");
        Files.createDirectories(work.resolve("study"));
        Child index = halo(work, "cohort", "index", "../data/dicom", "--out", "study/manifest.csv");
        assertEquals(0, index.code(), index.err());
        assertTrue(Files.readString(work.resolve("study/manifest.csv")).contains(",../../data/dicom/"), Files.readString(work.resolve("study/manifest.csv")));

        Child run = halo(work, "cohort", "run", "--manifest", "study/manifest.csv", "--out", "study/results", "--platform", "frame", "--regimens", "srs:1",
                "--margins", "0,1", "--scenarios", "100", "--device", "cpu");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("2 targets done, 0 failed"), run.out());

        Child export = halo(work, "cohort", "export", "study/results");
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.readAllLines(work.resolve("study/results/targets.csv")).size() == 3);

        Child report = halo(tmp.resolve("data"), "cohort", "report", "../work/study/results", "--out", "report.html");
        assertEquals(0, report.code(), report.err());
        assertTrue(Files.readString(tmp.resolve("data/report.html")).contains("<svg"));

        // Any of its targets on the explore page, from another folder through a relative path.
        String first = exploreAnnouncement(tmp.resolve("data"), "explore", "--cohort", "../work/study/results", "--port", "0", "--device", "cpu");
        assertTrue(first.startsWith("halo explore: cohort ../work/study/results (2 targets) at http://127.0.0.1:"), first);
        String json = exploreAnnouncement(tmp.resolve("data"), "explore", "--cohort", "../work/study/results", "--port", "0", "--json");
        assertTrue(json.startsWith("{") && json.endsWith("}") && json.contains("\"url\": \"http://127.0.0.1:"), "--json: one object naming the address: " + json);

        // A study folder moved beside the data's keeps working: the manifest's paths are relative to itself.
        Files.createDirectories(tmp.resolve("team"));
        Files.move(work.resolve("study"), tmp.resolve("team/study"));
        Child moved = halo(work, "cohort", "run", "--manifest", "../team/study/manifest.csv", "--out", "fresh", "--platform", "frame", "--regimens",
                "srs:1", "--margins", "1", "--scenarios", "100", "--device", "cpu");
        assertEquals(0, moved.code(), moved.out() + moved.err());
        assertTrue(moved.out().contains("2 targets done, 0 failed"), moved.out());
    }

    @Test
    void imageModeAndAFailedRunFromAnotherFolder() throws Exception {
        Grid g = new Grid(new int[] {30, 30, 20}, new double[] {1, 1, 1.5}, new double[] {-15, -15, -15}, Grid.identity());
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 15.2, 14.6, 15.1, 4);
        Files.createDirectories(tmp.resolve("data/masks"));
        ImageFiles.write(m.toVolume(), tmp.resolve("data/masks/met.nii"));
        Files.writeString(tmp.resolve("data/study.csv"), "patient_id,target\nP1,masks/met.nii\n");
        Files.writeString(tmp.resolve("data/broken.csv"), "patient_id,target\nP1,masks/none.nii\nP2,masks/gone.nii\n");
        Path work = tmp.resolve("work");
        Child ok = halo(work, "cohort", "run", "--manifest", "../data/study.csv", "--out", "out", "--platform", "frame", "--regimens", "srs:1",
                "--margins", "1", "--scenarios", "100", "--device", "cpu");
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("1 targets done, 0 failed"), ok.out());

        // Every row fails: exit 1, and the progress line counts the failed rows as the summary does.
        Child failed = halo(work, "cohort", "run", "--manifest", "../data/broken.csv", "--out", "broken", "--platform", "frame", "--regimens", "srs:1",
                "--margins", "1", "--scenarios", "100", "--device", "cpu");
        assertEquals(1, failed.code(), failed.out() + failed.err());
        assertTrue(failed.out().contains("0 targets done, 2 failed"), failed.out());
        String last = failed.err().lines().filter(l -> l.startsWith("cohort run: ")).reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("2/2 rows, 0 targets done, 2 failed"), failed.err());
        assertTrue(Files.readString(work.resolve("broken/errors.csv")).contains("none.nii"));
    }

    @Test
    void theReadmeDemoWritesItsFilesRelativeToTheWorkingDirectory() throws Exception {
        Path work = tmp.resolve("work");
        Child demo = halo(work, "demo", "--out-dir", "demo-files", "--scenarios", "100", "--device", "cpu");
        assertEquals(0, demo.code(), demo.out() + demo.err());
        assertTrue(demo.out().contains("Halo demo"), demo.out());
        try (var files = Files.list(work.resolve("demo-files"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".nii") || f.getFileName().toString().endsWith(".nii.gz")));
        }
    }

    /**
     * Starts halo explore in {@code cwd}, reads what it announces (the line, or with --json the object, naming its
     * address), asks it for its targets, and stops it.
     */
    private static String exploreAnnouncement(Path cwd, String... args) throws Exception {
        Files.createDirectories(cwd);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp", classPath(),
                HaloCommand.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = String.valueOf(out.readLine());
            for (String line = first; first.startsWith("{") && line != null && !line.equals("}"); ) { // --json: the whole object
                line = out.readLine();
                first += "\n" + line;
            }
            Matcher at = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(first);
            if (at.find()) {
                try (InputStream in = URI.create(at.group() + "api/targets").toURL().openStream()) {
                    String targets = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(targets.contains("\"targets\""), targets);
                }
            }
            return first;
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "halo explore stops when told");
        }
    }

    /** halo explore from another folder through a relative path: it names its address, answers there, and a taken port is one line. */
    @Test
    void exploreServesTheRelativeCtvAndATakenPortIsOneLine() throws Exception {
        Grid g = Grid.of(40, 40, 20, 1.0, 1.0, 2.0);
        Mask m = Mask.empty(g);
        Phantoms.addSphere(m, 20.4, 19.7, 20.2, 6);
        Files.createDirectories(tmp.resolve("data"));
        ImageFiles.write(m.toVolume(), tmp.resolve("data/ctv.nii.gz"));
        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-cp", classPath(),
                HaloCommand.class.getName(), "explore", "--ctv", "../data/ctv.nii.gz", "--port", "0", "--device", "cpu"));
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("halo explore: ctv.nii.gz") && first.contains("cc)"), String.valueOf(first));
            Matcher at = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(first);
            assertTrue(at.find(), first);
            URI api = URI.create(at.group() + "api/run?scenarios=100&margins=0,1&regimens=srs:1");
            try (InputStream in = api.toURL().openStream()) {
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.contains("\"p_miss_d95\"") && answer.contains("halo compare --ctv CTV"), answer);
            }
            Child taken = halo(work, "explore", "--ctv", "../data/ctv.nii.gz", "--port", at.group(1), "--device", "cpu");
            assertEquals(HaloCommand.BAD_INPUT, taken.code(), taken.err());
            assertTrue(taken.err().startsWith("halo: ") && taken.err().contains("--port " + at.group(1)) && taken.err().lines().count() == 1, taken.err());
            Child noDose = halo(work, "explore", "--ctv", "../data/ctv.nii.gz", "--dose", "../data/rd.dcm", "--rx-gy", "30", "--port", "0");
            assertEquals(HaloCommand.BAD_INPUT, noDose.code(), noDose.err());
            assertTrue(noDose.err().contains("rd.dcm") && noDose.err().lines().count() == 1, "one line naming the missing plan: " + noDose.err());
        } finally {
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "halo explore stops when told");
        }
    }

    /** The README's halo compare line with --margin-resolution, from another folder: a relative CTV in, a relative CSV out, the margin in words. */
    @Test
    void compareFindsTheMarginForTheTargetRiskFromAnotherFolder() throws Exception {
        Mask m = Mask.empty(Grid.of(40, 40, 20, 1.0, 1.0, 2.0));
        Phantoms.addSphere(m, 20.4, 19.7, 20.2, 6);
        Files.createDirectories(tmp.resolve("data"));
        ImageFiles.write(m.toVolume(), tmp.resolve("data/ctv.nii.gz"));
        Path work = tmp.resolve("work");
        Child c = halo(work, "compare", "--ctv", "../data/ctv.nii.gz", "--platform", "mask-6dof-monitored", "--margin-resolution", "0.1", "--margins",
                "0,1,2,3", "--regimens", "srs:1", "--scenarios", "200", "--csv", "rows.csv", "--device", "cpu");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("margin for the target risk ") && c.out().contains("found to 0.1 mm"), c.out());
        assertEquals(1 + 4, Files.readAllLines(work.resolve("rows.csv")).size(), "the listed rows, written where the newcomer stands");
    }
}
