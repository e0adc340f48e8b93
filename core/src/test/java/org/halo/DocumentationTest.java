package org.halo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK's javadoc with every doclint check (missing comments, parameters and return values included) over core's
 * exported packages finds nothing: every public type and member says what it is, in well-formed HTML.
 */
class DocumentationTest {
    @TempDir
    Path out;

    @Test
    void javadocWithDoclintAllHasNoWarnings() throws IOException, InterruptedException {
        Path javadoc = Path.of(System.getProperty("java.home"), "bin", "javadoc");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(javadoc), "no javadoc beside this JVM (a JRE, not a JDK)");
        List<String> modulePath = new ArrayList<>();
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                // The library's own classes come from the sources; the tests' libraries are not its dependencies.
                if (entry.isEmpty() || entry.endsWith("classes") || entry.contains("junit") || entry.contains("opentest4j") || entry.contains("apiguardian")) continue;
                if (Files.exists(Path.of(entry))) modulePath.add(entry);
            }
        }
        Process p = new ProcessBuilder(javadoc.toString(), "-Xdoclint:all", "-Xmaxwarns", "10000", "-quiet", "-d", out.toString(), "--module-path",
                String.join(File.pathSeparator, modulePath), "-sourcepath", "src/main/java", "--module", "org.halo.core").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "javadoc did not finish");
        int code = p.exitValue();
        assertEquals(0, code, "javadoc failed: " + text);
        assertTrue(!text.contains("warning") && !text.contains("error"), text);
        assertTrue(Files.exists(out.resolve("org.halo.core/org/halo/image/Grid.html")), "the pages were written");
    }
}
