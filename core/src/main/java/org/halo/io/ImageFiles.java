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

    public static ImageFormat formatOf(Path file) {
        for (ImageFormat f : FORMATS) if (f.handles(file)) return f;
        throw HaloException.inFile(file, "unknown image format (expected .nii, .nii.gz, .nrrd, .nhdr, .mha or .mhd)");
    }

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
