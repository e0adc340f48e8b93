package org.halo.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import org.halo.compute.Backend;
import org.halo.compute.Backends;
import org.halo.geometry.Margin;
import org.halo.geometry.MarginExpander;
import org.halo.image.Mask;
import org.halo.io.dicom.ContourTracer;
import org.halo.io.dicom.CtSeries;
import org.halo.io.dicom.RasterReference;
import org.halo.io.dicom.RoiOnReference;
import org.halo.io.dicom.RtStructureSetWriter;

/**
 * Halo as a library, on a planning system's files: one ROI of a structure set placed on its CT (the frame of reference
 * checked), grown by 2 mm, and written back as a new structure set holding every old ROI and the PTV. The build compiles
 * and runs this (StructureSetExampleTest); docs/library.md walks through it.
 */
public final class StructureSetExample {
    public static void run(Path structureSet, String roi, Path ctFolder, Path out, PrintStream print) {
        try (Backend backend = Backends.select("auto", null, note -> { }).backend()) {
            CtSeries ct = CtSeries.read(ctFolder);
            RoiOnReference ctv = RoiOnReference.read(structureSet, roi, RasterReference.of(ct, ctFolder), false, false);
            Mask ptv = new MarginExpander(backend).expand(ctv.raster().mask(), new Margin.Uniform(2.0)).mask();
            RtStructureSetWriter.Structure added = new RtStructureSetWriter.Structure("PTV_2mm", RtStructureSetWriter.DEFAULT_COLOUR, "PTV", ptv);
            RtStructureSetWriter.Written w = RtStructureSetWriter.withAdded(structureSet, ct, added, false, ContourTracer.Holes.KEYHOLE, out);
            print.printf("ROI '%s' %.2f cc → PTV_2mm %.2f cc; %s holds %s%n", ctv.roi().name(), ctv.raster().mask().volumeCc(), ptv.volumeCc(), out,
                    w.names());
        }
    }
}
