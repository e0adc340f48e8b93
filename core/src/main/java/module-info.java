/** Halo's library: images and their geometry, file formats and DICOM RT, exact margins and distances, metrics, the guideline and the geographic-miss model. */
module org.halo.core {
    requires transitive net.imglib2;
    requires commons.math3; // no module name of its own: named after its jar
    requires org.apache.commons.rng.api;
    requires org.apache.commons.rng.core;
    requires org.apache.commons.rng.sampling;

    exports org.halo;
    exports org.halo.image;
    exports org.halo.io;
    exports org.halo.io.dicom;
    exports org.halo.geometry;
    exports org.halo.metrics;
    exports org.halo.clinical.guideline;
    exports org.halo.clinical.miss;
    exports org.halo.compute;

    uses org.halo.compute.BackendProvider;
}
