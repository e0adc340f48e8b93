package org.halo.io.dicom;

import java.nio.file.Files;
import java.nio.file.Path;
import org.halo.image.Grid;
import org.halo.io.ImageFiles;

/**
 * The grid a structure set's ROIs are rasterised on, with the frame of reference it lies in (null where its file states
 * none) and what it was read from. One choice for every caller: a folder is a CT series, a DICOM file an RTDOSE (its dose
 * grid) or an image, any other file an image whose grid is taken; or a grid laid around the ROI at a chosen spacing.
 */
public record RasterReference(Grid grid, String frameOfReference, Kind kind, Path source) {
    /** What the grid came from. */
    public enum Kind {
        /** A CT series' folder. */
        CT_SERIES("CT series"),
        /** An RTDOSE's dose grid. */
        RTDOSE("RTDOSE grid"),
        /** A DICOM image file. */
        DICOM_IMAGE("DICOM image"),
        /** An image file (NIfTI, NRRD, MetaImage). */
        IMAGE_FILE("grid of image file"),
        /** A grid laid around the ROI. */
        AROUND_ROI("grid around the ROI");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /**
         * The kind in words, for messages and tables.
         *
         * @return the words
         */
        public String words() {
            return words;
        }
    }

    /**
     * The reference a path names: a CT folder, an RTDOSE, a DICOM image, or an image file.
     *
     * @param path a folder or a file
     * @return the reference
     */
    public static RasterReference read(Path path) {
        if (Files.isDirectory(path)) return of(CtSeries.read(path), path);
        if (DicomReader.looksLikeDicom(path)) {
            if ("RTDOSE".equals(DicomReader.readHeader(path).data().string(Tag.MODALITY))) {
                RtDose dose = RtDose.read(path);
                return new RasterReference(dose.dose().grid(), dose.frameOfReference(), Kind.RTDOSE, path);
            }
            CtSeries image = CtSeries.read(path);
            return new RasterReference(image.image().grid(), image.frameOfReference(), Kind.DICOM_IMAGE, path);
        }
        return new RasterReference(ImageFiles.read(path).grid(), null, Kind.IMAGE_FILE, path);
    }

    /**
     * A CT series already read from {@code folder}.
     *
     * @param ct the series
     * @param folder where it was read from
     * @return the reference
     */
    public static RasterReference of(CtSeries ct, Path folder) {
        return new RasterReference(ct.image().grid(), ct.frameOfReference(), Kind.CT_SERIES, folder);
    }

    /**
     * A grid around the ROI's contours at this spacing (mm), in the ROI's own frame of reference.
     *
     * @param roi the ROI
     * @param spacingMm the grid's spacing (mm)
     * @return the reference
     */
    public static RasterReference around(RtStructureSet.Roi roi, double[] spacingMm) {
        return new RasterReference(ReferenceGrid.around(roi, spacingMm), roi.frameOfReference(), Kind.AROUND_ROI, null);
    }

    /**
     * The reference in words: its kind and file.
     *
     * @return the words
     */
    public String describe() {
        return source == null ? kind.words() : kind.words() + " " + source;
    }

    /**
     * Why a structure in {@code structureFrame} cannot be placed on this grid — the two frames of reference differ — or
     * null when they agree or either is unknown.
     *
     * @param structureFrame the structure's Frame of Reference UID, or null
     * @return the problem in words, or null
     */
    public String frameMismatch(String structureFrame) {
        return FramesOfReference.mismatch(structureFrame, frameOfReference);
    }
}
