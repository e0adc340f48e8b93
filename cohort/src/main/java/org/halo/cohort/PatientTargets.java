package org.halo.cohort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.io.ImageFiles;
import org.halo.io.dicom.ContourRasterizer;
import org.halo.io.dicom.DoseFiles;
import org.halo.io.dicom.RasterReference;
import org.halo.io.dicom.ReferenceGrid;
import org.halo.io.dicom.RtStructureSet;
import org.halo.metrics.DoseGrid;

/**
 * The targets of one manifest row, its files read once: in DICOM mode the structure set, the ROIs the study takes as
 * targets (and those it skips), each rasterised on the reference grid (a CT series, else the RTDOSE grid, else a 1 mm
 * grid) cropped around the ROI with room for the largest margin; in image mode the one target mask. The dose is read on
 * first use.
 */
public final class PatientTargets {
    /** Room around a ROI's contours, beyond the largest margin, kept when its grid is cropped from the reference. */
    private static final double ROOM_MM = 5;

    /** A target ready for the pipeline: its ROI name, CTV mask, the volume its contours enclose (cc, DICOM only). */
    public record Loaded(String name, Mask ctv, Double contourCc, Grid grid) {}

    private final Manifest.Entry entry;
    private final RtStructureSet structureSet;
    private final List<String> targets, skipped;
    private final Grid reference;
    private final String referenceKind;
    private DoseGrid dose;

    private PatientTargets(Manifest.Entry entry, RtStructureSet rs, List<String> targets, List<String> skipped, Grid reference, String referenceKind) {
        this.entry = entry;
        this.structureSet = rs;
        this.targets = targets;
        this.skipped = skipped;
        this.reference = reference;
        this.referenceKind = referenceKind;
    }

    /** Reads what the row needs before any target: the structure set and the reference grid's geometry (DICOM mode). */
    public static PatientTargets open(Manifest mode, Manifest.Entry e, Study study) {
        if (mode.mode() == Manifest.Mode.IMAGE) {
            if (!Files.isRegularFile(e.source())) throw HaloException.inFile(e.source(), "no such target mask");
            return new PatientTargets(e, null, List.of(e.targetName()), List.of(), null, "image");
        }
        RtStructureSet rs = RtStructureSet.read(e.source());
        List<String> t = new ArrayList<>(), s = new ArrayList<>();
        for (RtStructureSet.Roi r : rs.rois()) (study.isTarget(r.name()) && !r.contours().isEmpty() ? t : s).add(r.name());
        if (e.reference() == null) return new PatientTargets(e, rs, List.copyOf(t), List.copyOf(s), null, "1 mm grid (no reference in the manifest)");
        RasterReference ref = RasterReference.read(e.reference());
        String kind = ref.kind() == RasterReference.Kind.CT_SERIES ? "image series" : ref.kind().words();
        return new PatientTargets(e, rs, List.copyOf(t), List.copyOf(s), ref.grid(), kind);
    }

    public List<String> targetNames() {
        return targets;
    }

    public List<String> skippedNames() {
        return skipped;
    }

    /** What the targets were rasterised on: "image series", "RTDOSE grid", "1 mm grid ...", or "image" (image mode). */
    public String referenceKind() {
        return referenceKind;
    }

    /** One target, rasterised (DICOM) or read (image mode); {@code maxMarginMm} sizes the room around it. */
    public Loaded load(String name, double maxMarginMm) {
        if (structureSet == null) {
            Mask m;
            try {
                m = Mask.fromVolume(ImageFiles.read(entry.source()), null);
            } catch (HaloException ex) {
                throw ex;
            } catch (IllegalArgumentException ex) {
                throw HaloException.inFile(entry.source(), ex.getMessage(), ex);
            }
            if (m.isEmpty()) throw HaloException.inFile(entry.source(), "the target mask is empty");
            return new Loaded(name, m, null, m.grid());
        }
        RtStructureSet.Roi roi = structureSet.roi(name);
        double room = maxMarginMm + ROOM_MM;
        Grid g = reference != null ? GridCrop.around(reference, roi, room) : ReferenceGrid.around(roi, new double[] {1, 1, 1});
        if (reference == null) g = GridCrop.around(g, roi, room);
        ContourRasterizer.Result r = ContourRasterizer.rasterize(roi, g, false);
        if (r.mask().isEmpty()) throw new IllegalArgumentException("ROI '" + name + "' covers no voxel centre of its grid");
        return new Loaded(name, r.mask(), r.contourVolumeCc(), g);
    }

    /** The planned dose of the row (Gy), or null when the manifest links none. */
    public synchronized DoseGrid dose() {
        Path p = entry.dose();
        if (p == null) return null;
        if (dose == null) dose = DoseFiles.read(p);
        return dose;
    }
}
