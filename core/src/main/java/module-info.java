/** Halo's library: images and their geometry, file formats and DICOM RT, exact margins and distances, metrics, the guideline and the geographic-miss model. */
// The OpenCL module is built after this one, so it is not visible when a qualified export names it.
@SuppressWarnings("module")
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
    // What a device backend needs beyond the backend interface (moving masks to and from a device), for the OpenCL module only.
    exports org.halo.compute.device to org.halo.opencl;

    uses org.halo.compute.BackendProvider;
}
