package org.halo;

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
 * The library speaks in data: no message in core names a command-line option (only the CLI knows flag names; it words
 * core's typed exceptions itself).
 */
class LibraryBoundaryTest {
    private static final Pattern OPTION_IN_LITERAL = Pattern.compile("\"[^\"\\n]*?(?<![\\w-])--[a-z][a-z0-9-]*[^\"\\n]*\"");

    @Test
    void noCoreMessageNamesACommandLineOption() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) continue;
                    Matcher m = OPTION_IN_LITERAL.matcher(line);
                    if (m.find()) found.add(f + ":" + (i + 1) + ": " + m.group());
                }
            }
        }
        assertTrue(found.isEmpty(), "core messages naming options:\n" + String.join("\n", found));
    }
}
