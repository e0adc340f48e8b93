package org.halo.cohort;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.halo.HaloException;

/**
 * A finished cohort's results folder opened to look at its targets again ({@code halo explore --cohort}): the study of
 * its latest run, the manifest that run recorded, and the targets it finished, each loaded as the run loaded it (same
 * manifest row, reference grid and room for the largest margin), so that the run's comparison can be asked again.
 */
public final class FinishedCohort {
    /** A finished target, as the targets table names it. */
    public record Target(String patientId, String source, String name, double ctvCc) {
        /** {@return patient, ROI and volume, for a person choosing among targets} */
        public String label() {
            return String.format(Locale.ROOT, "%s / %s (%.2f cc)", patientId, name, ctvCc);
        }
    }

    /** A target as the run loaded it: its manifest row and its mask. */
    public record Opened(Manifest.Entry entry, PatientTargets.Loaded target) {}

    private final Path dir;
    private final Study study;
    private final Manifest manifest;
    private final List<Target> targets;

    private FinishedCohort(Path dir, Study study, Manifest manifest, List<Target> targets) {
        this.dir = dir;
        this.study = study;
        this.manifest = manifest;
        this.targets = targets;
    }

    /**
     * Reads the folder's latest run and its finished targets; the database is closed again before this returns.
     *
     * @param dir a folder {@code halo cohort run} wrote
     * @return the cohort
     */
    public static FinishedCohort open(Path dir) {
        try (CohortStore store = CohortStore.openExisting(dir)) {
            Connection db = store.connection();
            String json, manifestFile;
            try (Statement st = db.createStatement(); ResultSet r = st.executeQuery("SELECT study_json, manifest FROM runs ORDER BY run_id DESC LIMIT 1")) {
                if (!r.next()) throw HaloException.inFile(dir, "holds no run of a study");
                json = r.getString(1);
                manifestFile = r.getString(2);
            }
            if (manifestFile == null) {
                throw HaloException.inFile(dir, "its run did not record its manifest (an earlier release, or a Spark run): run the study again into a new folder to open its targets");
            }
            Study study = Study.fromJson(json);
            List<Target> targets = new ArrayList<>();
            try (PreparedStatement p = db.prepareStatement("SELECT patient_id, source, target_name, ctv_cc FROM targets WHERE study_hash = ? "
                    + "ORDER BY patient_id, source, target_name")) {
                p.setString(1, study.hash());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) targets.add(new Target(r.getString(1), r.getString(2), r.getString(3), r.getDouble(4)));
                }
            }
            if (targets.isEmpty()) throw HaloException.inFile(dir, "holds no finished target of its study");
            return new FinishedCohort(dir, study, Manifest.read(Path.of(manifestFile)), List.copyOf(targets));
        } catch (SQLException e) {
            throw HaloException.inFile(dir, "cannot read the results database: " + e.getMessage(), e);
        }
    }

    /** {@return the study of the folder's latest run} */
    public Study study() {
        return study;
    }

    /** {@return the finished targets, by patient, source and name} */
    public List<Target> targets() {
        return targets;
    }

    /** {@return the results folder} */
    public Path dir() {
        return dir;
    }

    /**
     * Loads a target as the run did.
     *
     * @param t one of {@link #targets()}
     * @return its manifest row and mask
     */
    public Opened open(Target t) {
        Manifest.Entry entry = null;
        for (Manifest.Entry e : manifest.entries()) {
            if (e.patientId().equals(t.patientId()) && e.source().toString().equals(t.source())) entry = e;
        }
        if (entry == null) throw HaloException.inFile(manifest.file(), "no longer lists " + t.source() + " of patient " + t.patientId());
        double[] margins = study.marginsMm();
        PatientTargets patient = PatientTargets.open(manifest, entry, study);
        return new Opened(entry, patient.load(t.name(), margins[margins.length - 1]));
    }
}
