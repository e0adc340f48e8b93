package org.halo.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test class's {@code main} in a child JVM with this JVM's classes. A child killed by a signal (a native
 * driver's crash) is retried up to a number of attempts, each crash reported on stderr with the child's output; a
 * child that ends with a failure fails the test with its output. Exit code 3 means "no device": the test is skipped.
 */
final class ChildJvm {
    private ChildJvm() {}

    static void runMain(Class<?> main, int attempts) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int attempt = 1; ; attempt++) {
            Process p = new ProcessBuilder(java, "-Xmx2g", "-cp", classPath(main), main.getName()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " child timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            int code = p.exitValue();
            assumeTrue(code != 3, "no OpenCL device with double precision");
            if (code > 128 && attempt < attempts) {
                System.err.println(main.getSimpleName() + ": the child JVM died by signal " + (code - 128) + " (attempt " + attempt + " of " + attempts
                        + "); its output:\n" + tail(text));
                continue;
            }
            assertEquals(0, code, main.getSimpleName() + " child exited " + code + ":\n" + tail(text));
            return;
        }
    }

    private static String tail(String text) {
        return text.length() <= 8000 ? text : "…" + text.substring(text.length() - 8000);
    }

    private static String classPath(Class<?> main) throws Exception {
        List<String> parts = new ArrayList<>();
        parts.add(Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String v = System.getProperty(property);
            if (v != null && !v.isEmpty()) parts.add(v);
        }
        return String.join(File.pathSeparator, parts);
    }
}
