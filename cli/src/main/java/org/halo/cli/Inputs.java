package org.halo.cli;

import java.nio.file.Path;
import org.halo.HaloException;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;

/** Reading structures from files, with errors that name the file. */
final class Inputs {
    private Inputs() {}

    /** A dose in Gy from an image file or an RTDOSE (wherever a dose is read), with errors that name the file. */
    static org.halo.metrics.DoseGrid dose(Path file) {
        Volume v;
        if (java.nio.file.Files.isRegularFile(file) && org.halo.io.dicom.DicomReader.looksLikeDicom(file)) {
            org.halo.io.dicom.RtDose rd = org.halo.io.dicom.RtDose.read(file);
            if (rd.units() != null && !rd.units().equalsIgnoreCase("GY")) {
                throw HaloException.inFile(file, "RTDOSE dose units are " + rd.units() + ", not Gy: Halo needs an absolute dose");
            }
            v = rd.dose();
        } else {
            v = ImageFiles.read(file);
        }
        try {
            return new org.halo.metrics.DoseGrid(v);
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
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
