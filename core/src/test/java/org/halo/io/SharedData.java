package org.halo.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The read-only test files in ../shared/data. */
final class SharedData {
    private SharedData() {}

    static Path dir() {
        String p = System.getProperty("halo.shared.dir");
        Path base = p != null ? Paths.get(p) : Paths.get("..", "..", "shared");
        if (!Files.isDirectory(base)) base = Paths.get("..", "shared");
        return base.toAbsolutePath().normalize();
    }

    static Path formats(String relative) {
        return dir().resolve("data").resolve("formats").resolve(relative);
    }
}
