package org.halo.cohort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.halo.io.dicom.DicomObject;
import org.halo.io.dicom.DicomReader;
import org.halo.io.dicom.RtPlan;
import org.halo.io.dicom.Tag;

/**
 * What the index needs of one DICOM file, read from its header only (no pixel data, no contours): identity, frame of
 * reference, and the references that link a structure set to its images, plan and dose.
 */
record DicomHeader(Path file, String modality, String patientId, String sopUid, String seriesUid, String frameOfReference,
                   List<String> referencedSeries, String referencedPlan, String referencedStructureSet, List<String> rois, RtPlan plan) {

    static DicomHeader read(Path file) {
        DicomObject d = DicomReader.readHeader(file).data();
        String modality = d.string(Tag.MODALITY);
        String frame = d.string(Tag.FRAME_OF_REFERENCE);
        List<String> series = new ArrayList<>(), rois = new ArrayList<>();
        String plan = null, structureSet = null;
        RtPlan rtPlan = null;
        if ("RTSTRUCT".equals(modality)) {
            for (DicomObject f : d.sequence(Tag.REFERENCED_FOR_SEQUENCE)) {
                if (frame == null) frame = f.string(Tag.FRAME_OF_REFERENCE);
                for (DicomObject study : f.sequence(Tag.RT_REFERENCED_STUDY_SEQUENCE)) {
                    for (DicomObject s : study.sequence(Tag.RT_REFERENCED_SERIES_SEQUENCE)) {
                        String uid = s.string(Tag.SERIES_UID);
                        if (uid != null) series.add(uid);
                    }
                }
            }
            for (DicomObject roi : d.sequence(Tag.ROI_SEQUENCE)) {
                String name = roi.string(Tag.ROI_NAME);
                rois.add(name == null ? "" : name);
                if (frame == null) frame = roi.string(Tag.ROI_REFERENCED_FOR);
            }
        } else if ("RTDOSE".equals(modality)) {
            plan = firstReference(d, Tag.REFERENCED_RT_PLAN_SEQUENCE);
        } else if ("RTPLAN".equals(modality)) {
            structureSet = firstReference(d, Tag.REFERENCED_STRUCTURE_SET_SEQUENCE);
            rtPlan = RtPlan.of(file, d);
        }
        return new DicomHeader(file, modality, d.string(Tag.PATIENT_ID), d.string(Tag.SOP_INSTANCE_UID), d.string(Tag.SERIES_UID), frame,
                List.copyOf(series), plan, structureSet, List.copyOf(rois), rtPlan);
    }

    private static String firstReference(DicomObject d, int sequence) {
        for (DicomObject item : d.sequence(sequence)) {
            String uid = item.string(Tag.REFERENCED_SOP_INSTANCE_UID);
            if (uid != null) return uid;
        }
        return null;
    }

    /** An image slice: a series Halo can use as the reference grid. */
    boolean isImage() {
        return "CT".equals(modality) || "MR".equals(modality) || "PT".equals(modality);
    }
}
