package org.halo.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;

/**
 * Reads a command's {@code --in} image on a second core while the JVM and picocli are still starting, for the commands
 * whose first work is reading it. On a clinical grid the read (52 MB, most of it the operating system handing the
 * process fresh memory) takes about as long as the start-up it now overlaps. A failed read is dropped: the command then
 * reads the file itself and reports the problem as usual.
 */
final class Prefetch {
    private static final Set<String> READING_IN_FIRST = Set.of("expand", "shrink", "ring", "distance");
    private static Path path;
    private static CompletableFuture<Volume> pending;

    private Prefetch() {}

    static synchronized void start(String[] args) {
        pending = null;
        if (args.length < 3 || !READING_IN_FIRST.contains(args[0])) return;
        String in = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--in") && i + 1 < args.length) in = args[i + 1];
            else if (args[i].startsWith("--in=")) in = args[i].substring("--in=".length());
        }
        if (in == null) return;
        Path p;
        try {
            p = Path.of(in).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return;
        }
        if (!Files.isRegularFile(p)) return;
        path = p;
        pending = CompletableFuture.supplyAsync(() -> ImageFiles.read(p), task -> {
            Thread t = new Thread(task, "halo-prefetch");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The image of {@code file} if it was read ahead, else null (not prefetched, another file, or the read failed). */
    static synchronized Volume take(Path file) {
        CompletableFuture<Volume> f = pending;
        pending = null;
        if (f == null || !file.toAbsolutePath().normalize().equals(path)) return null;
        try {
            return f.join();
        } catch (CompletionException | CancellationException e) {
            return null;
        }
    }
}
