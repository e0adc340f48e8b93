package org.halo.io.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.halo.HaloException;

/**
 * What Halo reads from an RTPLAN: the fractions planned, the beams, and every dose reference with a prescription, with
 * its structure type, so that a plan's prescription is its site's (or volume's) dose, not a calculation point's.
 */
public record RtPlan(int fractions, int beams, List<Prescription> prescriptions) {
    /** A dose reference of the plan: SITE, VOLUME, POINT or COORDINATES (as the plan says), its description and dose. */
    public record Prescription(String structureType, String description, double doseGy) {
        /** A site or volume reference prescribes the target; a point (or coordinates) is where a dose was calculated. */
        public boolean prescribesTarget() {
            return structureType == null || structureType.equals("SITE") || structureType.equals("VOLUME");
        }
    }

    public static RtPlan read(Path file) {
        DicomObject d = DicomReader.read(file).data();
        String modality = d.string(Tag.MODALITY);
        if (modality != null && !modality.equals("RTPLAN")) throw HaloException.inFile(file, "is a " + modality + ", not an RTPLAN");
        List<DicomObject> groups = d.sequence(Tag.FRACTION_GROUP_SEQUENCE);
        int fractions = groups.isEmpty() ? 0 : (int) groups.get(0).number(Tag.FRACTIONS_PLANNED, 0);
        List<Prescription> rx = new ArrayList<>();
        for (DicomObject ref : d.sequence(Tag.DOSE_REFERENCE_SEQUENCE)) {
            if (!ref.has(Tag.TARGET_PRESCRIPTION_DOSE)) continue;
            rx.add(new Prescription(ref.string(Tag.DOSE_REFERENCE_STRUCTURE_TYPE), ref.string(Tag.DOSE_REFERENCE_DESCRIPTION),
                    ref.number(Tag.TARGET_PRESCRIPTION_DOSE, Double.NaN)));
        }
        return new RtPlan(fractions, d.sequence(Tag.BEAM_SEQUENCE).size(), List.copyOf(rx));
    }

    /** The reference that gives the target prescription: the first site or volume one, else the first; null if none. */
    public Prescription targetPrescription() {
        for (Prescription p : prescriptions) if (p.prescribesTarget()) return p;
        return prescriptions.isEmpty() ? null : prescriptions.get(0);
    }

    /** The target prescription (Gy), from {@link #targetPrescription()}; NaN if the plan has none. */
    public double targetPrescriptionGy() {
        Prescription p = targetPrescription();
        return p == null ? Double.NaN : p.doseGy();
    }
}
