package org.halo.io.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.imglib2.img.array.ArrayImgs;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Volume;

/**
 * A CT (or any single-frame image) series from a folder: slices sorted by position along the slice normal, spacing
 * from those positions (never from SliceThickness), values rescaled to HU. Slices that disagree in orientation, size,
 * pixel spacing or spacing along the normal are refused with the slice named.
 */
public record CtSeries(Volume image, String frameOfReference, String seriesUid, int slices, List<String> sliceUids, String sopClassUid,
                       Map<Integer, String[]> identity) {
    /** The patient and study elements a derived object (a structure set) carries over: tag → {VR, value}. */
    static final int[][] IDENTITY = {{0x00080020}, {0x00080030}, {0x00080050}, {0x00080090}, {0x00100010}, {0x00100020}, {0x00100030}, {0x00100040},
        {0x0020000D}, {0x00200010}};

    private record Slice(Path file, DicomObject data, String ts, double along) {}

    /**
     * Reads a CT series (one per folder) into Hounsfield units on its grid, its slices checked for one geometry.
     *
     * @param folder the folder of the series (or one image file)
     * @return the series
     */
    public static CtSeries read(Path folder) {
        List<Path> files;
        if (Files.isRegularFile(folder)) {
            files = List.of(folder);
        } else {
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(Files::isRegularFile).filter(DicomReader::looksLikeDicom).sorted().toList();
            } catch (IOException e) {
                throw HaloException.inFile(folder, "cannot list folder: " + e.getMessage());
            }
        }
        List<Slice> slices = new ArrayList<>();
        String series = null;
        for (Path f : files) {
            DicomReader.Parsed p = DicomReader.read(f);
            DicomObject d = p.data();
            if (!d.has(Tag.PIXEL_DATA) || !d.has(Tag.POSITION)) continue; // RT objects beside the images
            String modality = d.string(Tag.MODALITY);
            if ("RTDOSE".equals(modality)) continue;
            String uid = d.string(Tag.SERIES_UID);
            if (series == null) series = uid;
            else if (uid != null && !uid.equals(series)) {
                throw HaloException.inFile(folder, "holds more than one image series (" + series + " and " + uid + " in " + f.getFileName() + ")");
            }
            double[] iop = d.requireDoubles(Tag.ORIENTATION, "ImageOrientationPatient", 6);
            double[] n;
            try {
                n = RtDose.cross(iop);
            } catch (IllegalArgumentException e) {
                throw HaloException.inFile(f, e.getMessage());
            }
            double[] ipp = d.requireDoubles(Tag.POSITION, "ImagePositionPatient", 3);
            slices.add(new Slice(f, d, p.transferSyntax(), RtDose.dot(ipp, n)));
        }
        if (slices.isEmpty()) throw HaloException.inFile(folder, "no DICOM image slices found");
        slices.sort(Comparator.comparingDouble(Slice::along));
        Slice first = slices.get(0);
        DicomObject d0 = first.data();
        int rows = d0.requireInt(Tag.ROWS, "Rows"), cols = d0.requireInt(Tag.COLUMNS, "Columns");
        double[] iop = d0.requireDoubles(Tag.ORIENTATION, "ImageOrientationPatient", 6);
        double[] ps = d0.requireDoubles(Tag.PIXEL_SPACING, "PixelSpacing", 2);
        double spacing = slices.size() > 1 ? slices.get(1).along() - first.along() : d0.number(Tag.SLICE_THICKNESS, 1.0);
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            DicomObject d = s.data();
            String name = s.file().getFileName().toString();
            if (d.requireInt(Tag.ROWS, "Rows") != rows || d.requireInt(Tag.COLUMNS, "Columns") != cols) {
                throw HaloException.inFile(folder, "slice " + name + " is " + d.requireInt(Tag.ROWS, "Rows") + "×" + d.requireInt(Tag.COLUMNS, "Columns")
                        + ", the series " + rows + "×" + cols);
            }
            double[] o = d.requireDoubles(Tag.ORIENTATION, "ImageOrientationPatient", 6);
            for (int k = 0; k < 6; k++) {
                if (Math.abs(o[k] - iop[k]) > 1e-4) throw HaloException.inFile(folder, "slice " + name + " is oriented differently from the others");
            }
            double[] p = d.requireDoubles(Tag.PIXEL_SPACING, "PixelSpacing", 2);
            if (Math.abs(p[0] - ps[0]) > 1e-4 || Math.abs(p[1] - ps[1]) > 1e-4) throw HaloException.inFile(folder, "slice " + name + " has a different pixel spacing");
            if (i > 0) {
                double step = s.along() - slices.get(i - 1).along();
                if (step < 1e-4) throw HaloException.inFile(folder, "slices " + slices.get(i - 1).file().getFileName() + " and " + name + " lie at the same position");
                if (Math.abs(step - spacing) > Math.max(0.01, 0.01 * spacing)) {
                    throw HaloException.inFile(folder, "slice " + name + " lies " + String.format(java.util.Locale.ROOT, "%.3f", step)
                            + " mm from the previous one, the series is spaced " + String.format(java.util.Locale.ROOT, "%.3f", spacing) + " mm (missing or extra slice?)");
                }
            }
        }
        double[] normal = RtDose.cross(iop);
        double[] dir = {iop[0], iop[3], normal[0], iop[1], iop[4], normal[1], iop[2], iop[5], normal[2]};
        Grid grid;
        try {
            grid = new Grid(new int[] {cols, rows, slices.size()}, new double[] {ps[1], ps[0], spacing},
                    first.data().requireDoubles(Tag.POSITION, "ImagePositionPatient", 3), dir);
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(slices.size() == 1 ? first.file() : folder, e.getMessage());
        }
        int perSlice = rows * cols;
        float[] hu = new float[perSlice * slices.size()];
        boolean integral = true;
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            double slope = s.data().number(Tag.RESCALE_SLOPE, 1.0), intercept = s.data().number(Tag.RESCALE_INTERCEPT, 0.0);
            double[] raw = PixelData.read(s.data(), s.ts(), rows, cols, 1);
            for (int k = 0; k < perSlice; k++) {
                double v = raw[k] * slope + intercept;
                hu[i * perSlice + k] = (float) v;
                if (v != Math.rint(v) || v < Short.MIN_VALUE || v > Short.MAX_VALUE) integral = false;
            }
        }
        Volume image;
        if (integral) {
            short[] s = new short[hu.length];
            for (int k = 0; k < s.length; k++) s[k] = (short) hu[k];
            image = new Volume(grid, ArrayImgs.shorts(s, cols, rows, slices.size()));
        } else {
            image = Volume.ofFloats(grid, hu);
        }
        List<String> uids = new ArrayList<>();
        for (Slice s : slices) uids.add(s.data().string(Tag.SOP_INSTANCE_UID));
        Map<Integer, String[]> identity = new LinkedHashMap<>();
        for (int[] t : IDENTITY) {
            DicomObject.Element e = d0.element(t[0]);
            if (e != null && e.value() != null) identity.put(t[0], new String[] {e.vr(), d0.string(t[0])});
        }
        return new CtSeries(image, d0.string(Tag.FRAME_OF_REFERENCE), series, slices.size(), java.util.Collections.unmodifiableList(uids), d0.string(Tag.SOP_CLASS_UID),
                java.util.Collections.unmodifiableMap(identity));
    }
}
