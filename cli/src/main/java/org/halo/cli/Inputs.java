package org.halo.cli;

import java.nio.file.Path;
import org.halo.HaloException;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.halo.io.dicom.DoseFiles;
import org.halo.metrics.DoseGrid;

/** Reading structures from files, with errors that name the file. */
final class Inputs {
    private Inputs() {}

    /** A dose in Gy from an image file or an RTDOSE (wherever a dose is read), with errors that name the file. */
    static DoseGrid dose(Path file) {
        return DoseFiles.read(file);
    }

    static Mask mask(Path file, Double label) {
        Volume v = Prefetch.take(file);
        if (v == null) v = ImageFiles.read(file);
        try {
            return Mask.fromVolume(v, label);
        } catch (Mask.NotBinary e) {
            throw HaloException.inFile(file, "image is not binary (values 0, " + Format.num(e.values()[0]) + ", " + Format.num(e.values()[1])
                    + ", ...); choose a structure with --label N");
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
    }
}
