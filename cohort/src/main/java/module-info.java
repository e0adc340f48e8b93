/** Cohort work on Halo's library: DICOM discovery into a manifest. */
module org.halo.cohort {
    requires transitive org.halo.core;

    exports org.halo.cohort;
}
