package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command layer only parses, calls the library and words the result, read from its sources: short methods, no
 * import it does not use, no engine internals, and imports instead of fully qualified names. Workflows belong in the
 * library, where the cohort module and the tests can call them too.
 */
class CommandSourcesTest {
    static final Path SOURCES = Path.of("src/main/java/org/halo/cli");
    static final int MAX_METHOD_LINES = 40;
    /** Types of the Monte Carlo and DICOM engines that a command has no reason to touch: it calls their entry points instead. */
    static final List<String> ENGINE_INTERNALS = List.of("org.halo.clinical.miss.JavaMissEvaluator", "org.halo.clinical.miss.MissEvaluator",
            "org.halo.clinical.miss.ScenarioSampler", "org.halo.clinical.miss.Scenarios", "org.halo.clinical.miss.ScenarioOutcomes",
            "org.halo.clinical.miss.SmoothTarget", "org.halo.clinical.miss.EvaluationPoints", "org.halo.geometry.ImpliedSurface",
            "org.halo.geometry.SurfaceDistance", "org.halo.io.dicom.DicomReader", "org.halo.io.dicom.DicomObject", "org.halo.io.dicom.Tag",
            "org.halo.io.dicom.ReferenceGrid", "org.halo.compute.device.");

    static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.list(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** The line without string and character literals and without a trailing line comment. */
    static String code(String line) {
        String s = line.replaceAll("\"([^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'([^'\\\\]|\\\\.)'", "''");
        int c = s.indexOf("//");
        return c < 0 ? s : s.substring(0, c);
    }

    /** The file's lines as code: literals and line comments blanked, lines inside block and Javadoc comments empty. */
    static List<String> codeLines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        boolean inComment = false;
        for (String line : Files.readAllLines(file)) {
            String c = code(line), t = c.trim();
            if (inComment || t.startsWith("/*") || t.startsWith("*")) {
                inComment = !c.contains("*/") && (inComment || c.contains("/*"));
                out.add("");
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** Every method longer than the limit, as "File.method (N lines)". */
    static List<String> longMethods(Path file) throws IOException {
        Pattern header = Pattern.compile("\\s*(?:(?:public|private|protected|static|final|synchronized|abstract|default)\\s+)*[\\w<>\\[\\], .?]+\\s+(\\w+)\\s*\\([^;]*");
        Pattern control = Pattern.compile("\\s*(if|for|while|switch|catch|else|try|do|return|new|synchronized)\\b.*");
        List<String> lines = codeLines(file);
        List<String> out = new ArrayList<>();
        List<int[]> open = new ArrayList<>(); // {start line, depth at start}
        List<String> names = new ArrayList<>();
        int depth = 0, pending = -1;
        for (int n = 0; n < lines.size(); n++) {
            String c = lines.get(n);
            Matcher m = header.matcher(c);
            if (pending < 0 && m.matches() && !control.matcher(c).matches() && !c.split("\\(")[0].contains("=") && opensBody(lines, n)) {
                pending = n;
                names.add(m.group(1));
            }
            if (pending >= 0 && c.strip().endsWith("{")) {
                open.add(new int[] {pending, depth});
                pending = -1;
            }
            depth += count(c, '{') - count(c, '}');
            while (!open.isEmpty() && depth <= open.get(open.size() - 1)[1]) {
                int start = open.remove(open.size() - 1)[0];
                String name = names.remove(names.size() - 1);
                int length = n - start + 1;
                if (length > MAX_METHOD_LINES) out.add(file.getFileName() + "." + name + " (" + length + " lines)");
            }
        }
        return out;
    }

    /** True when the declaration starting on line n (its parameters may run over several lines) opens a body. */
    private static boolean opensBody(List<String> lines, int n) {
        for (int k = n; k < lines.size() && k < n + 10; k++) {
            String c = code(lines.get(k)).strip();
            if (c.contains(";")) return false;
            if (c.endsWith("{")) return true;
        }
        return false;
    }

    private static int count(String s, char ch) {
        return (int) s.chars().filter(x -> x == ch).count();
    }

    @Test
    void noMethodIsLongerThanFortyLines() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : sources()) found.addAll(longMethods(f));
        assertTrue(found.isEmpty(), "methods over " + MAX_METHOD_LINES + " lines in cli/: " + found);
    }

    @Test
    void theScannerFindsALongMethod() throws IOException {
        Path f = Files.createTempFile("Long", ".java");
        StringBuilder sb = new StringBuilder("class Long {\n    int call(String a,\n             int b) {\n");
        for (int i = 0; i < 45; i++) sb.append("        a.length();\n");
        sb.append("        return 0;\n    }\n\n    void shortOne() {\n        if (true) {\n        }\n    }\n}\n");
        Files.writeString(f, sb);
        assertTrue(longMethods(f).equals(List.of(f.getFileName() + ".call (49 lines)")), longMethods(f).toString());
        Files.delete(f);
    }

    @Test
    void importsAreUsedAndNoneIsAnEngineInternal() throws IOException {
        List<String> found = new ArrayList<>();
        Pattern imp = Pattern.compile("import (?:static )?([\\w.]+)\\.(\\w+);");
        for (Path f : sources()) {
            List<String> lines = Files.readAllLines(f);
            String body = String.join("\n", lines.stream().filter(l -> !l.startsWith("import ")).toList());
            for (String l : lines) {
                Matcher m = imp.matcher(l);
                if (!m.matches()) continue;
                String full = m.group(1) + "." + m.group(2);
                if (!Pattern.compile("\\b" + m.group(2) + "\\b").matcher(body).find()) found.add(f.getFileName() + ": unused " + full);
                for (String internal : ENGINE_INTERNALS) if (full.equals(internal) || full.startsWith(internal.endsWith(".") ? internal : internal + ".")) {
                    found.add(f.getFileName() + ": imports the engine's " + full);
                }
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
    }

    @Test
    void namesAreImportedNotWrittenOut() throws IOException {
        List<String> found = new ArrayList<>();
        Pattern qualified = Pattern.compile("(?<![\\w.])(?:org\\.halo|java\\.util|java\\.nio|picocli)(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*");
        for (Path f : sources()) {
            List<String> lines = codeLines(f);
            for (int n = 0; n < lines.size(); n++) {
                String c = lines.get(n), t = c.trim();
                if (t.startsWith("import ") || t.startsWith("package ")) continue;
                Matcher m = qualified.matcher(c);
                if (m.find()) found.add(f.getFileName() + ":" + (n + 1) + ": " + m.group());
            }
        }
        assertTrue(found.isEmpty(), "fully qualified names where an import would do:\n" + String.join("\n", found));
    }
}
