/** Cohort work on Halo's library: DICOM discovery into a manifest, the margin study over it, results in DuckDB. */
module org.halo.cohort {
    requires transitive org.halo.core;
    requires transitive java.sql;
    requires duckdb.jdbc;

    exports org.halo.cohort;
}
