package org.halo.io.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.halo.HaloException;

/**
 * What Halo reads from an RTPLAN: the fractions planned, the beams and their distinct isocentres (mm, patient
 * coordinates, from each beam's first control point), and every dose reference with a prescription, with its structure
 * type, so that a plan's prescription is its site's (or volume's) dose, not a calculation point's.
 */
public record RtPlan(int fractions, int beams, List<Prescription> prescriptions, List<double[]> isocentresMm) {
    /** A dose reference of the plan: SITE, VOLUME, POINT or COORDINATES (as the plan says), its description and dose. */
    public record Prescription(String structureType, String description, double doseGy) {
        /**
         * A site or volume reference prescribes the target; a point (or coordinates) is where a dose was calculated.
         *
         * @return true for a site or volume reference
         */
        public boolean prescribesTarget() {
            return structureType == null || structureType.equals("SITE") || structureType.equals("VOLUME");
        }
    }

    /**
     * @param file an RTPLAN
     * @return the plan
     */
    public static RtPlan read(Path file) {
        return of(file, DicomReader.read(file).data());
    }

    /**
     * A plan from a data set already read from {@code file}.
     *
     * @param file the file, for messages
     * @param d its dataset
     * @return the plan
     */
    public static RtPlan of(Path file, DicomObject d) {
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
        List<double[]> isocentres = new ArrayList<>();
        for (DicomObject beam : d.sequence(Tag.BEAM_SEQUENCE)) {
            List<DicomObject> points = beam.sequence(Tag.CONTROL_POINT_SEQUENCE);
            if (points.isEmpty()) continue;
            double[] iso = points.get(0).doubles(Tag.ISOCENTER_POSITION);
            if (iso == null || iso.length != 3) continue;
            boolean known = false;
            for (double[] k : isocentres) known |= Math.abs(k[0] - iso[0]) < 1e-3 && Math.abs(k[1] - iso[1]) < 1e-3 && Math.abs(k[2] - iso[2]) < 1e-3;
            if (!known) isocentres.add(iso);
        }
        return new RtPlan(fractions, d.sequence(Tag.BEAM_SEQUENCE).size(), List.copyOf(rx), List.copyOf(isocentres));
    }

    /**
     * The reference that gives the target prescription: the first site or volume one, else the first; null if none.
     *
     * @return the prescription, or null
     */
    public Prescription targetPrescription() {
        for (Prescription p : prescriptions) if (p.prescribesTarget()) return p;
        return prescriptions.isEmpty() ? null : prescriptions.get(0);
    }

    /**
     * The target prescription (Gy), from {@link #targetPrescription()}; NaN if the plan has none.
     *
     * @return the dose (Gy), or NaN
     */
    public double targetPrescriptionGy() {
        Prescription p = targetPrescription();
        return p == null ? Double.NaN : p.doseGy();
    }
}
