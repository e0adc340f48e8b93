package org.halo.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process stopped (SIGTERM, as Ctrl-C or a scheduler does) in the middle of a write leaves no hidden partial file. */
class InterruptedWriteTest {
    @TempDir
    Path tmp;

    /** The child: starts writing {@code args[0]}, says so, then waits to be stopped halfway. */
    public static void main(String[] args) {
        SafeFiles.write(Path.of(args[0]), out -> {
            out.write(new byte[1 << 20]);
            out.flush();
            System.out.println("WRITING");
            System.out.flush();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** This test's classes and everything the test JVM has, on the module path or the class path, as one class path. */
    static String childClassPath() throws Exception {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(Path.of(InterruptedWriteTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String v = System.getProperty(property);
            if (v != null && !v.isEmpty()) parts.add(v);
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    @Test
    void sigtermDuringAWriteRemovesThePartFile() throws Exception {
        Path target = tmp.resolve("ptv.nii");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", childClassPath(), InterruptedWriteTest.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            assertEquals("WRITING", r.readLine());
            try (Stream<Path> during = Files.list(tmp)) {
                assertTrue(during.anyMatch(f -> f.getFileName().toString().endsWith(".part")), "the write is under way");
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        try (Stream<Path> after = Files.list(tmp)) {
            List<Path> left = after.toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
        assertFalse(Files.exists(target));
    }
}
