package org.halo.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.halo.HaloException;

/** Whole-file writes that leave either the complete new file or nothing (temporary file, then rename). */
public final class SafeFiles {
    private SafeFiles() {}

    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

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
