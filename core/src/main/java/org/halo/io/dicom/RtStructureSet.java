package org.halo.io.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halo.HaloException;

/** The ROIs of an RTSTRUCT with their contours in patient coordinates (mm, LPS). */
public record RtStructureSet(Path file, String frameOfReference, List<Roi> rois) {
    /** One contour: its geometric type and points as x, y, z triples in mm. */
    /** Contour coordinates beyond this (mm from the frame's origin) are corrupt data, not anatomy. */
    static final double MAX_COORDINATE_MM = 1e5;

    /**
     * One contour: its geometric type (CLOSED_PLANAR, POINT, ...) and points.
     *
     * @param type the Contour Geometric Type
     * @param pointsMm x, y, z per point (mm, LPS)
     */
    public record Contour(String type, double[] pointsMm) {
        /** {@return the number of points} */
        public int pointCount() {
            return pointsMm.length / 3;
        }
    }

    /**
     * One ROI.
     *
     * @param number its ROI Number
     * @param name its name
     * @param interpretedType its RT ROI Interpreted Type, or null
     * @param frameOfReference its Referenced Frame of Reference UID, or null
     * @param contours its contours
     */
    public record Roi(int number, String name, String interpretedType, String frameOfReference, List<Contour> contours) {}

    /**
     * @param file an RTSTRUCT
     * @return the structure set
     */
    public static RtStructureSet read(Path file) {
        return of(file, DicomReader.read(file).data());
    }

    /**
     * A structure set from a data set already read from {@code file}.
     *
     * @param file the file, for messages
     * @param d its dataset
     * @return the structure set
     */
    public static RtStructureSet of(Path file, DicomObject d) {
        String modality = d.string(Tag.MODALITY);
        if (modality != null && !modality.equals("RTSTRUCT")) throw HaloException.inFile(file, "is a " + modality + ", not an RTSTRUCT");
        if (!d.has(Tag.ROI_SEQUENCE)) throw d.missing(Tag.ROI_SEQUENCE, "StructureSetROISequence");
        String setFor = null;
        for (DicomObject f : d.sequence(Tag.REFERENCED_FOR_SEQUENCE)) {
            if (setFor == null) setFor = f.string(Tag.FRAME_OF_REFERENCE);
        }
        Map<Integer, String[]> meta = new LinkedHashMap<>();
        for (DicomObject r : d.sequence(Tag.ROI_SEQUENCE)) {
            int n = r.requireInt(Tag.ROI_NUMBER, "ROINumber");
            meta.put(n, new String[] {r.string(Tag.ROI_NAME) == null ? "ROI " + n : r.string(Tag.ROI_NAME), r.string(Tag.ROI_REFERENCED_FOR)});
        }
        Map<Integer, String> types = new LinkedHashMap<>();
        for (DicomObject o : d.sequence(Tag.OBSERVATIONS_SEQUENCE)) {
            if (o.has(Tag.REFERENCED_ROI_NUMBER)) types.put(o.requireInt(Tag.REFERENCED_ROI_NUMBER, "ReferencedROINumber"), o.string(Tag.ROI_INTERPRETED_TYPE));
        }
        Map<Integer, List<Contour>> contours = new LinkedHashMap<>();
        for (DicomObject rc : d.sequence(Tag.ROI_CONTOUR_SEQUENCE)) {
            int n = rc.requireInt(Tag.REFERENCED_ROI_NUMBER, "ReferencedROINumber");
            List<Contour> list = contours.computeIfAbsent(n, k -> new ArrayList<>());
            for (DicomObject c : rc.sequence(Tag.CONTOUR_SEQUENCE)) {
                double[] pts = c.doubles(Tag.CONTOUR_DATA);
                if (pts == null) throw c.missing(Tag.CONTOUR_DATA, "ContourData");
                if (pts.length % 3 != 0) {
                    throw HaloException.inFile(file, "ROI " + n + " has ContourData with " + pts.length + " numbers, not x,y,z triples");
                }
                double[] declared = c.doubles(Tag.CONTOUR_POINT_COUNT);
                if (declared != null && declared.length > 0 && (int) declared[0] != pts.length / 3) {
                    throw HaloException.inFile(file, "ROI " + n + " declares " + (int) declared[0] + " contour points but holds " + pts.length / 3);
                }
                for (double v : pts) {
                    if (!(Math.abs(v) <= MAX_COORDINATE_MM)) {
                        throw HaloException.inFile(file, "ROI " + n + " has a contour point at " + v + " mm, beyond any patient (|coordinate| > "
                                + (long) MAX_COORDINATE_MM + " mm)");
                    }
                }
                list.add(new Contour(c.string(Tag.CONTOUR_TYPE) == null ? "CLOSED_PLANAR" : c.string(Tag.CONTOUR_TYPE), pts));
            }
        }
        List<Roi> rois = new ArrayList<>();
        for (Map.Entry<Integer, String[]> e : meta.entrySet()) {
            String roiFor = e.getValue()[1] != null ? e.getValue()[1] : setFor;
            rois.add(new Roi(e.getKey(), e.getValue()[0], types.get(e.getKey()), roiFor, List.copyOf(contours.getOrDefault(e.getKey(), List.of()))));
        }
        return new RtStructureSet(file, setFor, List.copyOf(rois));
    }

    /**
     * The ROI with this name (case-insensitive) or number.
     *
     * @param nameOrNumber the ROI's name (case-insensitive) or number
     * @return the ROI
     */
    public Roi roi(String nameOrNumber) {
        List<Roi> named = new ArrayList<>();
        for (Roi r : rois) if (r.name().equalsIgnoreCase(nameOrNumber.trim())) named.add(r);
        if (named.size() > 1) {
            List<String> numbers = new ArrayList<>();
            for (Roi r : named) numbers.add(Integer.toString(r.number()));
            throw HaloException.inFile(file, named.size() + " ROIs are named '" + nameOrNumber.trim() + "' (numbers " + String.join(", ", numbers)
                    + "); choose one by its number");
        }
        if (named.size() == 1) return named.get(0);
        for (Roi r : rois) if (Integer.toString(r.number()).equals(nameOrNumber.trim())) return r;
        List<String> names = new ArrayList<>();
        for (Roi r : rois) names.add(r.number() + " '" + r.name() + "'");
        throw HaloException.inFile(file, "no ROI named '" + nameOrNumber + "'; it holds " + String.join(", ", names));
    }
}
