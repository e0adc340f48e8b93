package org.halo.cohort;

import java.nio.file.Path;
import java.util.List;

/**
 * One structure set of a cohort and what it links to (docs/cohort.md, "The manifest"): the reference grid (a CT
 * series' folder, or the dose when there is no CT), the dose and plan, the plan's fractions, prescription (Gy) and
 * isocentre (mm, LPS), the ROI names, and the problems found linking them. Paths may be null where nothing links.
 */
public record ManifestRow(String patientId, Path rtstruct, Path reference, Path rtdose, Path rtplan, Integer fractions, Double rxGy,
                          double[] isocentreMm, List<String> rois, List<String> problems) {

    /** The CSV columns, in order. */
    public static final List<String> COLUMNS = List.of("patient_id", "rtstruct", "reference", "rtdose", "rtplan", "fractions", "rx_gy",
            "isocentre_mm", "rois", "problems");
}
