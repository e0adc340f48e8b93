package org.halo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core's packages depend one way, read from the sources (imports and fully qualified names alike, comments and strings
 * left out): each package uses only the packages below it in {@link #LAYERS}. A back-edge makes two packages one and
 * hides a cycle from anyone who reads the imports.
 */
class PackageLayeringTest {
    /** From the bottom up. */
    static final List<String> LAYERS = List.of("org.halo", "org.halo.image", "org.halo.compute", "org.halo.compute.device", "org.halo.geometry",
            "org.halo.metrics", "org.halo.io", "org.halo.io.dicom", "org.halo.clinical.guideline", "org.halo.clinical.miss");

    /** The packages each package of the source tree refers to. */
    static Map<String, Set<String>> uses(Path root) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        Pattern pkg = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
        Pattern ref = Pattern.compile("(?<![\\w.])(org\\.halo(?:\\.[a-z]\\w*)*)\\.[A-Z]");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).toList()) {
                String text = withoutCommentsAndStrings(Files.readString(f));
                Matcher p = pkg.matcher(text);
                if (!p.find()) continue;
                Set<String> used = uses.computeIfAbsent(p.group(1), k -> new TreeSet<>());
                Matcher m = ref.matcher(text.substring(p.end()));
                while (m.find()) if (!m.group(1).equals(p.group(1))) used.add(m.group(1));
            }
        }
        return uses;
    }

    static String withoutCommentsAndStrings(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ").replaceAll("\"([^\"\\\\\\n]|\\\\.)*\"", "\"\"");
    }

    static List<String> violations(Map<String, Set<String>> uses) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : uses.entrySet()) {
            int from = LAYERS.indexOf(e.getKey());
            if (from < 0) {
                out.add(e.getKey() + " is in no layer");
                continue;
            }
            for (String to : e.getValue()) {
                int at = LAYERS.indexOf(to);
                if (at < 0 || at >= from) out.add(e.getKey() + " -> " + to);
            }
        }
        return out;
    }

    @Test
    void corePackagesDependOneWay() throws IOException {
        Map<String, Set<String>> uses = uses(Path.of("src/main/java"));
        assertEquals(new TreeSet<>(LAYERS), uses.keySet(), "every package has its layer");
        List<String> wrong = violations(uses);
        assertTrue(wrong.isEmpty(), "back-edges between core's packages: " + wrong);
    }

    @Test
    void aBackEdgeIsFound() {
        Map<String, Set<String>> uses = Map.of("org.halo.geometry", Set.of("org.halo.image", "org.halo.metrics"), "org.halo.metrics", Set.of("org.halo.geometry"));
        assertEquals(List.of("org.halo.geometry -> org.halo.metrics"), violations(new TreeMap<>(uses)));
        assertEquals("int x = 1;  ", withoutCommentsAndStrings("int x = 1; // org.halo.metrics.Structure"));
    }
}
