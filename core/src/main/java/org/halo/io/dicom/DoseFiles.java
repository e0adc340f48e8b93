package org.halo.io.dicom;

import java.nio.file.Files;
import java.nio.file.Path;
import org.halo.HaloException;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;
import org.halo.metrics.DoseGrid;

/** A dose grid in Gy from an image file (NIfTI, NRRD, MetaImage) or a DICOM RTDOSE, with errors that name the file. */
public final class DoseFiles {
    private DoseFiles() {}

    /**
     * @param file an image file or an RTDOSE
     * @return the dose (Gy)
     */
    public static DoseGrid read(Path file) {
        Volume v;
        if (Files.isRegularFile(file) && DicomReader.looksLikeDicom(file)) {
            RtDose rd = RtDose.read(file);
            if (rd.units() != null && !rd.units().equalsIgnoreCase("GY")) {
                throw HaloException.inFile(file, "RTDOSE dose units are " + rd.units() + ", not Gy: Halo needs an absolute dose");
            }
            v = rd.dose();
        } else {
            v = ImageFiles.read(file);
        }
        try {
            return new DoseGrid(v);
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
    }
}
