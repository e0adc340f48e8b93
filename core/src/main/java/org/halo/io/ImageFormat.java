package org.halo.io;

import java.io.IOException;
import java.nio.file.Path;
import org.halo.image.Volume;

/** One file format: recognises its file names, reads a volume, writes one. */
public interface ImageFormat {
    /**
     * Human name, e.g. "NIfTI".
     *
     * @return the name
     */
    String name();

    /**
     * True when the file name (extension) belongs to this format.
     *
     * @param file a file name
     * @return true when this format reads and writes it
     */
    boolean handles(Path file);

    /**
     * Reads a volume; bad content raises {@link org.halo.HaloException} naming the file and the problem.
     *
     * @param file the file
     * @return the volume
     * @throws IOException when reading fails
     */
    Volume read(Path file) throws IOException;

    /**
     * Writes a volume; nothing is left at {@code file} (or beside it) if writing fails.
     *
     * @param volume the volume
     * @param file where it goes
     * @throws IOException when writing fails
     */
    void write(Volume volume, Path file) throws IOException;
}
