package org.halo.io.dicom;

import java.nio.file.Path;
import java.util.Arrays;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Volume;

/**
 * An RTDOSE as a float32 volume of dose (DoseGridScaling applied) on its grid: ImagePositionPatient,
 * ImageOrientationPatient, PixelSpacing and GridFrameOffsetVector, relative (first offset 0) or absolute (offsets are
 * positions along the normal, the first equal to the position's).
 */
public record RtDose(Volume dose, String units, String type, String summation, String frameOfReference, double scaling) {
    /**
     * Reads an RTDOSE, DoseGridScaling applied, refused naming the file when its geometry or scaling is missing.
     *
     * @param file the file
     * @return the dose
     */
    public static RtDose read(Path file) {
        return of(file, DicomReader.read(file));
    }

    /**
     * A dose from a data set already read from {@code file}.
     *
     * @param file the file, for messages
     * @param p its parsed dataset
     * @return the dose
     */
    public static RtDose of(Path file, DicomReader.Parsed p) {
        DicomObject d = p.data();
        String modality = d.string(Tag.MODALITY);
        if (modality != null && !modality.equals("RTDOSE")) throw HaloException.inFile(file, "is a " + modality + ", not an RTDOSE");
        int rows = d.requireInt(Tag.ROWS, "Rows"), cols = d.requireInt(Tag.COLUMNS, "Columns");
        int frames = (int) d.number(Tag.NUMBER_OF_FRAMES, 1);
        if (rows <= 0 || cols <= 0 || frames <= 0) throw HaloException.inFile(file, "image size " + rows + "×" + cols + "×" + frames + " is not valid");
        double[] ipp = d.requireDoubles(Tag.POSITION, "ImagePositionPatient", 3);
        double[] iop = d.requireDoubles(Tag.ORIENTATION, "ImageOrientationPatient", 6);
        double[] ps = d.requireDoubles(Tag.PIXEL_SPACING, "PixelSpacing", 2);
        // Stored values are integers; DoseGridScaling turns them into Gy. Without it no dose can be read faithfully.
        String scalingText = d.string(Tag.DOSE_SCALING);
        if (scalingText == null || scalingText.isEmpty()) throw HaloException.inFile(file, "DoseGridScaling (3004,000E) is missing: the stored values cannot be turned into Gy");
        double scaling;
        try {
            scaling = Double.parseDouble(scalingText.split("\\\\")[0].trim());
        } catch (NumberFormatException e) {
            scaling = Double.NaN;
        }
        if (!(scaling > 0) || Double.isInfinite(scaling)) {
            throw HaloException.inFile(file, "DoseGridScaling (3004,000E) is '" + scalingText + "': it must be a positive finite number");
        }
        double[] offsets = frames > 1 ? d.requireDoubles(Tag.FRAME_OFFSETS, "GridFrameOffsetVector", frames) : d.doubles(Tag.FRAME_OFFSETS);
        // A single frame has no spacing of its own: take the offsets' step when listed, else 1 mm.
        double sliceSpacing = offsets != null && offsets.length >= 2 && offsets[1] != offsets[0] ? Math.abs(offsets[1] - offsets[0]) : 1.0;
        double[] normal;
        try {
            normal = cross(iop);
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
        if (frames > 1) {
            double[] rel = Arrays.copyOf(offsets, frames);
            if (rel[0] != 0) {
                // Absolute form: offsets are positions along the normal; the first must be the frame's own position.
                double along = dot(ipp, normal);
                if (Math.abs(rel[0] - along) > 1e-3 * Math.max(1, Math.abs(along)) && Math.abs(rel[0] - ipp[2]) > 1e-3) {
                    throw HaloException.inFile(file, "GridFrameOffsetVector starts at " + rel[0] + " mm: neither 0 (relative) nor the first frame's position (absolute)");
                }
                double first = rel[0];
                for (int i = 0; i < frames; i++) rel[i] -= first;
            }
            sliceSpacing = rel[1] - rel[0];
            for (int i = 2; i < frames; i++) {
                double step = rel[i] - rel[i - 1];
                if (Math.abs(step - sliceSpacing) > 1e-3 * Math.max(1, Math.abs(sliceSpacing))) {
                    throw HaloException.inFile(file, "frames are not evenly spaced (offset " + i + " steps " + step + " mm, the first " + sliceSpacing + " mm)");
                }
            }
            if (sliceSpacing == 0) throw HaloException.inFile(file, "GridFrameOffsetVector repeats a position");
        }
        double[] dir = {iop[0], iop[3], normal[0], iop[1], iop[4], normal[1], iop[2], iop[5], normal[2]};
        if (sliceSpacing < 0) {
            sliceSpacing = -sliceSpacing;
            dir[2] = -dir[2]; dir[5] = -dir[5]; dir[8] = -dir[8];
        }
        // PixelSpacing is (between rows, between columns): the column index (x) steps by the second value.
        Grid grid;
        try {
            grid = new Grid(new int[] {cols, rows, frames}, new double[] {ps[1], ps[0], sliceSpacing}, ipp, dir);
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
        double[] raw = PixelData.read(d, p.transferSyntax(), rows, cols, frames);
        float[] dose = new float[raw.length];
        for (int i = 0; i < raw.length; i++) dose[i] = (float) (raw[i] * scaling);
        return new RtDose(Volume.ofFloats(grid, dose), d.string(Tag.DOSE_UNITS), d.string(Tag.DOSE_TYPE),
                d.string(Tag.DOSE_SUMMATION), d.string(Tag.FRAME_OF_REFERENCE), scaling);
    }

    /**
     * The slice normal of an ImageOrientationPatient (row cosines, then column cosines). Refuses a degenerate or sheared
     * orientation: rows and columns must be perpendicular (see {@link org.halo.image.Matrix3#ORTHOGONALITY_TOLERANCE}).
     */
    static double[] cross(double[] iop) {
        double[] n = {iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]};
        double len = Math.sqrt(dot(n, n));
        if (!(len > 1e-6)) throw new IllegalArgumentException("ImageOrientationPatient is degenerate");
        double[] rowCol = {iop[0], iop[3], n[0] / len, iop[1], iop[4], n[1] / len, iop[2], iop[5], n[2] / len};
        String shear = org.halo.image.Matrix3.orthogonalityProblem(rowCol);
        if (shear != null) {
            throw new IllegalArgumentException("ImageOrientationPatient " + java.util.Arrays.toString(iop)
                    + " is sheared (rows and columns not perpendicular), Halo needs perpendicular axes: " + shear);
        }
        for (int i = 0; i < 3; i++) n[i] /= len;
        return n;
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /**
     * Raw stored sum, for checks against other readers.
     *
     * @return the sum of the stored values, scaled
     */
    public double sumGy() {
        return dose.sum();
    }
}
