/** The halo command: picocli over the library, parsing flags and wording results. */
module org.halo.cli {
    requires org.halo.core;
    requires org.halo.opencl;
    requires org.halo.cohort;
    requires info.picocli;
    requires org.jfree.jfreechart;
    requires java.desktop;
    requires jdk.httpserver;

    opens org.halo.cli to info.picocli;
}
