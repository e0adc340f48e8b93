package org.halo.io;

import java.nio.file.Path;
import java.nio.file.Paths;

/** The real test files copied into the project's {@code testdata/} (sources and licences in its NOTICE.md). */
final class SharedData {
    private SharedData() {}

    /** The project's {@code testdata/}; tests run in a module's folder, one level below it. */
    static Path dir() {
        return Paths.get("..", "testdata").toAbsolutePath().normalize();
    }

    static Path formats(String relative) {
        return dir().resolve("formats").resolve(relative);
    }
}
