package org.halo.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.halo.HaloException;

/** Whole-file writes that leave either the complete new file or nothing (temporary file, then rename). */
public final class SafeFiles {
    private SafeFiles() {}

    /** What to write into a file. */
    public interface Content {
        /**
         * @param out where the bytes go
         * @throws IOException when writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes several files so that they appear together or not at all: each into a temporary file beside it, then all
     * renamed once every one is complete.
     *
     * @param files each file with its content
     */
    public static void writeAll(java.util.Map<Path, Content> files) {
        Path current = null;
        try (AtomicOutput out = new AtomicOutput()) {
            for (java.util.Map.Entry<Path, Content> f : files.entrySet()) {
                current = f.getKey();
                try (OutputStream os = new java.io.BufferedOutputStream(out.open(f.getKey()), 1 << 16)) {
                    f.getValue().writeTo(os);
                }
            }
            current = null;
            out.commit();
        } catch (IOException e) {
            Path named = current != null ? current : files.keySet().iterator().next();
            throw HaloException.inFile(named, "cannot write: " + e.getMessage(), e);
        }
    }

    /**
     * Writes one file atomically: a temporary file beside it, renamed when complete.
     *
     * @param file where it goes
     * @param content what it holds
     */
    public static void write(Path file, Content content) {
        try (AtomicOutput out = new AtomicOutput()) {
            try (OutputStream os = new java.io.BufferedOutputStream(out.open(file), 1 << 16)) {
                content.writeTo(os);
            }
            out.commit();
        } catch (IOException e) {
            throw HaloException.inFile(file, "cannot write: " + e.getMessage(), e);
        }
    }
}
