package org.halo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Phantoms;
import org.halo.io.dicom.CtSeries;
import org.halo.io.dicom.RtStructureSet;
import org.halo.io.dicom.RtStructureSetWriter;
import org.halo.io.dicom.SyntheticDicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The structure-set example runs in the build on a synthetic CT and CTV: the new structure set holds the CTV and the PTV. */
class StructureSetExampleTest {
    @TempDir
    Path tmp;

    @Test
    void theExampleAddsAPtvToTheStructureSet() {
        Path ctFolder = SyntheticDicom.writeCt(tmp.resolve("ct"), SyntheticDicom.Identity.of("EXAMPLE"), Grid.of(40, 40, 24, 0.9, 0.9, 1.5));
        CtSeries ct = CtSeries.read(ctFolder);
        Mask ctv = Mask.empty(ct.image().grid());
        Phantoms.addSphere(ctv, 20.2, 19.6, 12.3, 5);
        Path rs = tmp.resolve("RS.dcm"), out = tmp.resolve("RS_ptv.dcm");
        RtStructureSetWriter.write(rs, ct, List.of(new RtStructureSetWriter.Structure("CTV", new int[] {0, 0, 255}, "CTV", ctv)), "example");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        StructureSetExample.run(rs, "CTV", ctFolder, out, new PrintStream(text, true, StandardCharsets.UTF_8));
        RtStructureSet back = RtStructureSet.read(out);
        assertEquals(List.of("CTV", "PTV_2mm"), back.rois().stream().map(RtStructureSet.Roi::name).toList());
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("→ PTV_2mm"), text.toString(StandardCharsets.UTF_8));
    }
}
