package org.halo.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peer tools some tests compare against, when the machine has them. */
public final class ExternalTools {
    private ExternalTools() {}

    public static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }
}
