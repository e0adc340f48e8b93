package org.halo.cli;

import java.nio.file.Path;
import org.halo.HaloException;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;

/** Reading structures from files, with errors that name the file. */
final class Inputs {
    private Inputs() {}

    static Mask mask(Path file, Double label) {
        Volume v = Prefetch.take(file);
        if (v == null) v = ImageFiles.read(file);
        try {
            return Mask.fromVolume(v, label);
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
    }
}
