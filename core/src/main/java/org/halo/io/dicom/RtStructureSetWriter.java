package org.halo.io.dicom;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.halo.HaloException;
import org.halo.image.Mask;
import org.halo.image.Volume;

/**
 * Writes an RT Structure Set (docs/dicom.md, "Writing structure sets") for masks on a CT series' grid: the CT's patient
 * and study identity, new UIDs, the referenced frame of reference, study and series with every slice, one ROI per mask
 * traced by {@link ContourTracer}, each contour referencing its CT slice, and RT ROI Observations with the type. Holes
 * are joined to the outline around them by zero-width cuts unless asked otherwise ({@link ContourTracer.Holes}).
 */
public final class RtStructureSetWriter {
    /** The SOP Class UID of an RT Structure Set. */
    public static final String RT_STRUCTURE_SET_STORAGE = "1.2.840.10008.5.1.4.1.1.481.3";
    /** Red: a new structure's colour unless told otherwise. */
    public static final int[] DEFAULT_COLOUR = {255, 0, 0};
    private static final String STUDY_COMPONENT_MANAGEMENT = "1.2.840.10008.3.1.2.3.1";

    private RtStructureSetWriter() {}

    /**
     * One structure to write: its name, display colour (0–255 each) and RT ROI Interpreted Type, its mask, and where
     * it has one its sub-voxel fraction map on the same grid (traced at 0.5 instead of the mask's voxel centres).
     */
    public record Structure(String name, int[] colour, String type, Mask mask, Volume fractions) {
        /**
         * A structure traced at its voxel centres.
         *
         * @param name the ROI name (64 characters at most)
         * @param colour display colour, 0–255 each
         * @param type the RT ROI Interpreted Type
         * @param mask the structure on the CT grid
         */
        public Structure(String name, int[] colour, String type, Mask mask) {
            this(name, colour, type, mask, null);
        }

        /**
         * Checks the name, the colour and that a fraction map lies on the mask's grid.
         *
         * @param name the ROI name (64 characters at most)
         * @param colour display colour, 0–255 each
         * @param type the RT ROI Interpreted Type
         * @param mask the structure on the CT grid
         * @param fractions its fraction map on the same grid, or null
         */
        public Structure {
            if (fractions != null && !fractions.grid().sameGeometry(mask.grid(), 1e-6)) throw new IllegalArgumentException("the fraction map is not on the mask's grid");
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a structure needs a name");
            if (name.length() > 64) throw new IllegalArgumentException("ROI name '" + name + "' is longer than 64 characters");
            if (colour.length != 3) throw new IllegalArgumentException("a colour is three values 0-255");
            for (int c : colour) if (c < 0 || c > 255) throw new IllegalArgumentException("colour values are 0-255, got " + c);
        }
    }

    /**
     * A ROI of an existing structure set, carried into a new one unchanged: name, colour, type and contours (mm). Its
     * contours reference the CT slice they lie on.
     */
    public record KeptRoi(String name, int[] colour, String type, List<RtStructureSet.Contour> contours) {}

    /**
     * The ROIs of an existing structure set to carry over, checked against the CT (same frame of reference). With
     * {@code replacing}, ROIs named like one of {@code newNames} are left out; without it such a clash is an error.
     *
     * @param existing the structure set
     * @param ct the CT the new one references
     * @param newNames the names of the ROIs to be added
     * @param replacing leave out old ROIs of those names instead of refusing them
     * @return the ROIs to keep
     */
    public static List<KeptRoi> kept(Path existing, CtSeries ct, List<String> newNames, boolean replacing) {
        DicomObject d = DicomReader.read(existing).data();
        RtStructureSet rs = RtStructureSet.of(existing, d);
        String mismatch = FramesOfReference.mismatch(rs.frameOfReference(), ct.frameOfReference());
        if (mismatch != null) throw HaloException.inFile(existing, mismatch);
        java.util.Map<Integer, int[]> colours = new java.util.HashMap<>();
        for (DicomObject c : d.sequence(Tag.ROI_CONTOUR_SEQUENCE)) {
            double[] rgb = c.doubles(0x3006002A);
            if (rgb != null && rgb.length == 3) colours.put((int) c.number(Tag.REFERENCED_ROI_NUMBER, -1), new int[] {(int) rgb[0], (int) rgb[1], (int) rgb[2]});
        }
        List<KeptRoi> out = new ArrayList<>();
        for (RtStructureSet.Roi roi : rs.rois()) {
            boolean clash = newNames.stream().anyMatch(n -> n.equalsIgnoreCase(roi.name()));
            if (clash && !replacing) throw HaloException.inFile(existing, "already holds a ROI named '" + roi.name() + "' (replace it, or choose another name)");
            if (clash) continue;
            out.add(new KeptRoi(roi.name(), colours.getOrDefault(roi.number(), new int[] {255, 255, 0}),
                    roi.interpretedType() == null ? "" : roi.interpretedType(), roi.contours()));
        }
        return out;
    }

    /**
     * A new structure set holding every ROI of {@code existing} (unchanged) and {@code added} after them, written to
     * {@code out}, which must be another file: the existing structure set is never overwritten. A ROI of the same name
     * is replaced when {@code replacing}, else refused.
     *
     * @param existing the structure set to extend
     * @param ct its CT series
     * @param added the new ROI
     * @param replacing replace an old ROI of the same name
     * @param holes how the new ROI's holes are written
     * @param out the new structure set's file
     * @return what was written
     */
    public static Written withAdded(Path existing, CtSeries ct, Structure added, boolean replacing, ContourTracer.Holes holes, Path out) {
        if (existing.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw HaloException.inFile(out, "is the structure set being extended: write the result to another file");
        }
        List<KeptRoi> kept = kept(existing, ct, List.of(added.name()), replacing);
        return write(out, ct, kept, List.of(added), "Halo", 0, holes);
    }

    /** What was written, per ROI: its name and how many contours and points. */
    public record Written(String sopInstanceUid, List<String> names, List<Integer> contours, List<Integer> points) {}

    /**
     * A structure set of these structures only, holes as keyholes.
     *
     * @param out the file
     * @param ct the CT series the structures lie on
     * @param structures the structures
     * @param label the Structure Set Label
     * @return what was written
     */
    public static Written write(Path out, CtSeries ct, List<Structure> structures, String label) {
        return write(out, ct, List.of(), structures, label);
    }

    /**
     * A structure set holding the kept ROIs (first, unchanged) and the new structures.
     *
     * @param out the file
     * @param ct the CT series the structures lie on
     * @param kept ROIs carried over unchanged
     * @param structures the new structures
     * @param label the Structure Set Label
     * @return what was written
     */
    public static Written write(Path out, CtSeries ct, List<KeptRoi> kept, List<Structure> structures, String label) {
        return write(out, ct, kept, structures, label, 0);
    }

    /**
     * The same, the new contours simplified so that no outline moves more than {@code simplifyMm} (0: not at all); holes as keyholes.
     *
     * @param out the file
     * @param ct the CT series the structures lie on
     * @param kept ROIs carried over unchanged
     * @param structures the new structures
     * @param label the Structure Set Label
     * @param simplifyMm how far simplification may move an outline (mm; 0: not at all)
     * @return what was written
     */
    public static Written write(Path out, CtSeries ct, List<KeptRoi> kept, List<Structure> structures, String label, double simplifyMm) {
        return write(out, ct, kept, structures, label, simplifyMm, ContourTracer.Holes.KEYHOLE);
    }

    /**
     * The same, with the new structures' holes written as asked.
     *
     * @param out the file
     * @param ct the CT series the structures lie on
     * @param kept ROIs carried over unchanged
     * @param structures the new structures
     * @param label the Structure Set Label
     * @param simplifyMm how far simplification may move an outline (mm; 0: not at all)
     * @param holes how holes are written
     * @return what was written
     */
    public static Written write(Path out, CtSeries ct, List<KeptRoi> kept, List<Structure> structures, String label, double simplifyMm,
                                ContourTracer.Holes holes) {
        for (Structure s : structures) {
            if (!s.mask().grid().sameGeometry(ct.image().grid(), 1e-3)) {
                throw HaloException.inFile(out, "structure '" + s.name() + "' is not on the CT grid (" + s.mask().grid() + " vs " + ct.image().grid() + ")");
            }
        }
        if (ct.sliceUids().stream().anyMatch(u -> u == null)) throw HaloException.inFile(out, "a CT slice has no SOP Instance UID");
        String sop = DicomWriter.newUid(), seriesUid = DicomWriter.newUid();
        LocalDateTime now = LocalDateTime.now();
        DicomDataset d = new DicomDataset().text(0x00080016, "UI", RT_STRUCTURE_SET_STORAGE).text(0x00080018, "UI", sop).text(0x00080060, "CS", "RTSTRUCT")
                .text(0x00080070, "LO", "Halo").text(0x0008103E, "LO", "Halo structure set").text(0x0020000E, "UI", seriesUid)
                .text(0x00200011, "IS", "1").text(0x00081070, "PN", "").text(0x00200052, "UI", ct.frameOfReference()).text(0x00201040, "LO", "").text(0x00080012, "DA", now.format(DateTimeFormatter.BASIC_ISO_DATE))
                .text(0x00080013, "TM", now.format(DateTimeFormatter.ofPattern("HHmmss")));
        for (var e : ct.identity().entrySet()) d.text(e.getKey(), e.getValue()[0], e.getValue()[1]);
        if (!ct.identity().containsKey(0x0020000D)) d.text(0x0020000D, "UI", DicomWriter.newUid());
        for (int t : new int[] {0x00080020, 0x00080030, 0x00080050, 0x00080090, 0x00100010, 0x00100020, 0x00100030, 0x00100040, 0x00200010}) {
            if (!ct.identity().containsKey(t)) d.text(t, vrOf(t), ""); // type 2: present, may be empty
        }
        String studyUid = ct.identity().containsKey(0x0020000D) ? ct.identity().get(0x0020000D)[1] : null;
        d.text(0x30060002, "SH", label.length() > 16 ? label.substring(0, 16) : label).text(0x30060008, "DA", now.format(DateTimeFormatter.BASIC_ISO_DATE))
                .text(0x30060009, "TM", now.format(DateTimeFormatter.ofPattern("HHmmss")));
        List<DicomDataset> images = new ArrayList<>();
        for (String uid : ct.sliceUids()) images.add(new DicomDataset().text(0x00081150, "UI", ct.sopClassUid()).text(0x00081155, "UI", uid));
        DicomDataset series = new DicomDataset().text(0x0020000E, "UI", ct.seriesUid()).sequence(0x30060016, images);
        DicomDataset study = new DicomDataset().text(0x00081150, "UI", STUDY_COMPONENT_MANAGEMENT)
                .text(0x00081155, "UI", studyUid == null ? DicomWriter.newUid() : studyUid).sequence(0x30060014, List.of(series));
        d.sequence(0x30060010, List.of(new DicomDataset().text(0x00200052, "UI", ct.frameOfReference()).sequence(0x30060012, List.of(study))));
        List<DicomDataset> rois = new ArrayList<>(), contours = new ArrayList<>(), observations = new ArrayList<>();
        List<Integer> contourCounts = new ArrayList<>(), pointCounts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int r = 0; r < kept.size(); r++) {
            KeptRoi k = kept.get(r);
            int number = r + 1;
            List<DicomDataset> items = new ArrayList<>();
            int points = 0;
            for (RtStructureSet.Contour c : k.contours()) {
                DicomDataset item = new DicomDataset().text(0x30060042, "CS", c.type()).integers(0x30060046, c.pointCount()).decimals(0x30060050, c.pointsMm());
                String slice = sliceOf(ct, c.pointsMm());
                if (slice != null) item.sequence(0x30060016, List.of(new DicomDataset().text(0x00081150, "UI", ct.sopClassUid()).text(0x00081155, "UI", slice)));
                items.add(item);
                points += c.pointCount();
            }
            add(rois, contours, observations, ct, number, k.name(), k.colour(), k.type().isEmpty() ? "ORGAN" : k.type(), items);
            names.add(k.name());
            contourCounts.add(items.size());
            pointCounts.add(points);
        }
        for (int r = 0; r < structures.size(); r++) {
            Structure s = structures.get(r);
            int number = kept.size() + r + 1;
            List<DicomDataset> items = new ArrayList<>();
            int points = 0;
            List<ContourTracer.Polygon> polygons = s.fractions() == null ? ContourTracer.trace(s.mask(), holes, simplifyMm)
                    : ContourTracer.trace(s.fractions().grid(), s.fractions().values()::at, 0.5, holes, simplifyMm);
            for (ContourTracer.Polygon p : polygons) {
                DicomDataset image = new DicomDataset().text(0x00081150, "UI", ct.sopClassUid()).text(0x00081155, "UI", ct.sliceUids().get(p.slice()));
                DicomDataset c = new DicomDataset().sequence(0x30060016, List.of(image)).text(0x30060042, "CS", "CLOSED_PLANAR")
                        .integers(0x30060046, p.points());
                try {
                    c.decimals(0x30060050, p.pointsMm());
                } catch (IllegalArgumentException e) {
                    throw HaloException.inFile(out, "structure '" + s.name() + "': a contour of " + p.points() + " points on slice " + p.slice()
                            + " is too long for explicit VR little endian");
                }
                items.add(c);
                points += p.points();
            }
            add(rois, contours, observations, ct, number, s.name(), s.colour(), s.type(), items);
            names.add(s.name());
            contourCounts.add(items.size());
            pointCounts.add(points);
        }
        d.sequence(0x30060020, rois).sequence(0x30060039, contours).sequence(0x30060080, observations);
        DicomWriter.write(out, RT_STRUCTURE_SET_STORAGE, sop, d);
        return new Written(sop, List.copyOf(names), contourCounts, pointCounts);
    }

    private static void add(List<DicomDataset> rois, List<DicomDataset> contours, List<DicomDataset> observations, CtSeries ct, int number, String name,
                            int[] colour, String type, List<DicomDataset> items) {
        rois.add(new DicomDataset().integers(0x30060022, number).text(0x30060024, "UI", ct.frameOfReference()).text(0x30060026, "LO", name)
                .text(0x30060036, "CS", "MANUAL"));
        contours.add(new DicomDataset().integers(0x30060084, number).integers(0x3006002A, colour).sequence(0x30060040, items));
        observations.add(new DicomDataset().integers(0x30060082, number).integers(0x30060084, number).text(0x300600A4, "CS", type)
                .text(0x300600A6, "PN", ""));
    }

    /** The SOP Instance UID of the CT slice a planar contour lies on (within a tenth of a slice), or null. */
    private static String sliceOf(CtSeries ct, double[] pointsMm) {
        if (pointsMm.length < 3) return null;
        double[] idx = ct.image().grid().patientMmToIndex(pointsMm[0], pointsMm[1], pointsMm[2]);
        long k = Math.round(idx[2]);
        if (Math.abs(idx[2] - k) > 0.1 || k < 0 || k >= ct.sliceUids().size()) return null;
        return ct.sliceUids().get((int) k);
    }

    private static String vrOf(int tag) {
        return switch (tag) {
            case 0x00080020, 0x00100030 -> "DA";
            case 0x00080030 -> "TM";
            case 0x00080090, 0x00100010 -> "PN";
            case 0x00100040 -> "CS";
            case 0x00100020 -> "LO";
            default -> "SH";
        };
    }
}
