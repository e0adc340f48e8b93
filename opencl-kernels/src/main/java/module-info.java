/** The OpenCL path of Halo's backends (JOCL): found by core through the service it provides. */
module org.halo.opencl {
    requires transitive org.halo.core;
    requires jocl; // no module name of its own: named after its jar

    exports org.halo.opencl;

    provides org.halo.compute.BackendProvider with org.halo.opencl.OpenClBackendProvider;
}
