package org.halo.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one or more files so that either all appear complete or none appear: each is written to a temporary file
 * beside its target, and only when every one is complete are they renamed into place.
 */
final class AtomicOutput implements AutoCloseable {
    /**
     * Temporary files being written by any output in this JVM: removed on the way out when the process is stopped
     * (SIGTERM, Ctrl-C) halfway through a write, so that no hidden partial file is left beside the target.
     */
    private static final java.util.Set<Path> IN_PROGRESS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path temp : IN_PROGRESS) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort while the JVM exits
                }
            }
        }, "halo-remove-partial-outputs"));
    }

    private final Map<Path, Path> tempToTarget = new LinkedHashMap<>();
    private boolean committed;

    /**
     * Where the bytes for {@code target} go: the file a symbolic link points to (the link stays a link), or the target
     * itself. An existing target that is not a regular file (a folder, a device, a pipe) is refused.
     */
    static Path destination(Path target) throws IOException {
        Path t = target;
        for (int hops = 0; Files.isSymbolicLink(t); hops++) {
            if (hops > 40) throw new IOException(target + " is a loop of symbolic links");
            Path link = Files.readSymbolicLink(t);
            Path parent = t.toAbsolutePath().getParent();
            t = parent == null ? link : parent.resolve(link);
        }
        if (Files.exists(t) && !Files.isRegularFile(t)) throw new IOException(target + " exists and is not a regular file");
        return t;
    }

    /** A stream for {@code target}; its bytes land there on {@link #commit()}. */
    OutputStream open(Path target) throws IOException {
        target = destination(target);
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) throw new IOException("output folder " + dir + " does not exist");
        // A new file with the process's ordinary permissions (createTempFile would make it owner-only).
        for (int attempt = 0; ; attempt++) {
            Path temp = (dir != null ? dir : Path.of(".")).resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + attempt + ".part");
            try {
                OutputStream os = new SparseFileOutput(java.nio.channels.FileChannel.open(temp,
                        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE));
                tempToTarget.put(temp, target);
                IN_PROGRESS.add(temp);
                return os;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    /**
     * Writes an image as header + voxel bytes: into one file, or with the data in {@code detachedData}. With
     * {@code gzipData} the voxel bytes (only) are gzip-compressed; with {@code gzipFile} the whole single file is.
     */
    /** Streams the voxel bytes of an image. */
    interface Payload {
        void writeTo(OutputStream out) throws IOException;
    }

    static void writeImage(Path file, byte[] header, Payload data, Path detachedData, boolean gzipData, boolean gzipFile) throws IOException {
        try (AtomicOutput out = new AtomicOutput()) {
            if (detachedData != null) {
                try (OutputStream os = new java.io.BufferedOutputStream(out.open(detachedData), 1 << 16)) {
                    write(os, data, gzipData);
                }
                try (OutputStream os = out.open(file)) {
                    os.write(header);
                }
            } else {
                try (OutputStream os = gzipFile ? new FastGzip(out.open(file)) : new java.io.BufferedOutputStream(out.open(file), 1 << 16)) {
                    os.write(header);
                    write(os, data, gzipData);
                }
            }
            out.commit();
        }
    }

    private static void write(OutputStream os, Payload data, boolean gzip) throws IOException {
        if (!gzip) {
            data.writeTo(os);
            return;
        }
        FastGzip gz = new FastGzip(os);
        data.writeTo(gz);
        gz.finish();
    }

    /** gzip at the fastest level: masks compress well anyway, and writing must not dominate a margin operation. */
    static final class FastGzip extends java.util.zip.GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }

    void commit() throws IOException {
        List<Path> temps = new ArrayList<>(tempToTarget.keySet());
        for (Path temp : temps) {
            Path target = tempToTarget.get(temp);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
        IN_PROGRESS.removeAll(temps);
    }

    @Override
    public void close() {
        if (committed) return;
        for (Path temp : tempToTarget.keySet()) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // best effort: a stray .part file is harmless and named as temporary
            }
            IN_PROGRESS.remove(temp);
        }
    }
}
