package org.halo.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.halo.HaloException;
import org.halo.image.Volume;

/** Reads and writes volumes, choosing the format from the file name. */
public final class ImageFiles {
    private static final List<ImageFormat> FORMATS = List.of(new NiftiFormat(), new NrrdFormat(), new MetaImageFormat());

    private ImageFiles() {}

    /**
     * @param file a file name
     * @return the format its name says (.nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd)
     */
    public static ImageFormat formatOf(Path file) {
        for (ImageFormat f : FORMATS) if (f.handles(file)) return f;
        throw HaloException.inFile(file, "unknown image format (expected .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)");
    }

    /**
     * Reads an image, its format from its name; bad files are refused naming the file.
     *
     * @param file the image
     * @return the volume
     */
    public static Volume read(Path file) {
        ImageFormat format = formatOf(file);
        if (!Files.exists(file)) throw HaloException.inFile(file, "no such file");
        if (!Files.isRegularFile(file)) throw HaloException.inFile(file, "is not a regular file (a folder, pipe or device); Halo reads image files");
        try {
            return format.read(file);
        } catch (HaloException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw HaloException.inFile(file, "missing file " + e.getFile(), e);
        } catch (IOException | IllegalArgumentException e) {
            // Bad bytes or an impossible geometry; any other exception is a bug in a reader and is not dressed up as bad input.
            throw HaloException.inFile(file, "cannot read " + format.name() + ": " + describe(e), e);
        }
    }

    /**
     * Writes an image atomically, its format from its name.
     *
     * @param volume the volume
     * @param file where it goes
     */
    public static void write(Volume volume, Path file) {
        ImageFormat format = formatOf(file);
        try {
            format.write(volume, file);
        } catch (HaloException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw HaloException.inFile(file, "cannot write " + format.name() + ": " + describe(e), e);
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
