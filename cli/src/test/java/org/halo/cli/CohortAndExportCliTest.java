package org.halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.io.ImageFiles;
import org.halo.io.dicom.CtSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `halo cohort index` and `halo dicom export` end to end on the project's test files. */
class CohortAndExportCliTest {
    @TempDir
    Path tmp;

    @Test
    void indexWritesOneRowPerStructureSet() throws Exception {
        Path csv = tmp.resolve("manifest.csv");
        CliTest.Run r = CliTest.run("cohort", "index", HostileInputTest.testdata("dicom").toString(), "--out", csv.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 structure set(s) of 3 patient(s)"), r.out());
        assertEquals(4, Files.readAllLines(csv).size());
        assertTrue(Files.readString(csv).contains("BODY;Areola;Borders;Breast;Heart"), "ROI names of the dicompyler plan");
    }

    @Test
    void exportWritesAStructureSetThatReadsBackAndRefusesAMaskOffTheGrid() throws Exception {
        Path ctDir = HostileInputTest.testdata("dicom/ct-series-5");
        Grid g = CtSeries.read(ctDir).image().grid();
        Mask m = Mask.empty(g);
        for (int k = 1; k < 4; k++) for (int j = 4; j < 11; j++) for (int i = 5; i < 12; i++) m.voxels()[g.index(i, j, k)] = 1;
        Path mask = tmp.resolve("ptv.nii.gz"), rs = tmp.resolve("RS.dcm"), back = tmp.resolve("back.nii.gz");
        ImageFiles.write(m.toVolume(), mask);
        CliTest.Run r = CliTest.run("dicom", "export", "--reference", ctDir.toString(), "--structure", mask + ":PTV_2mm:0,200,255:PTV", "--out", rs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("'PTV_2mm'"), r.out());
        CliTest.Run c = CliTest.run("dicom", "convert", "--rtstruct", rs.toString(), "--roi", "PTV_2mm", "--reference", ctDir.toString(), "--out", back.toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(java.util.Arrays.equals(m.voxels(), Mask.fromVolume(ImageFiles.read(back), null).voxels()), "voxel for voxel");

        Mask off = Mask.empty(Grid.of(10, 10, 5, 1, 1, 1));
        off.voxels()[5] = 1;
        Path offFile = tmp.resolve("off.nii.gz"), rs2 = tmp.resolve("RS2.dcm");
        ImageFiles.write(off.toVolume(), offFile);
        CliTest.Run bad = CliTest.run("dicom", "export", "--reference", ctDir.toString(), "--structure", offFile + ":X", "--out", rs2.toString());
        assertEquals(1, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("off.nii.gz") && bad.err().contains("not on the CT grid"), bad.err());
        assertFalse(Files.exists(rs2), "nothing written");
    }

    /** A ring's hole as a keyhole (the default: one contour per slice) or as a separate contour; both read back voxel for voxel. */
    @Test
    void exportWritesHolesAsKeyholesOrSeparately() throws Exception {
        Path ctDir = HostileInputTest.testdata("dicom/ct-series-5");
        Grid g = CtSeries.read(ctDir).image().grid();
        Mask m = Mask.empty(g);
        for (int k = 1; k < 4; k++) for (int j = 3; j < 13; j++) for (int i = 3; i < 13; i++) if (i < 6 || i > 9 || j < 6 || j > 9) m.voxels()[g.index(i, j, k)] = 1;
        Path mask = tmp.resolve("ring.nii.gz");
        ImageFiles.write(m.toVolume(), mask);
        int[] contours = new int[2];
        String[] forms = {"keyhole", "separate"};
        for (int f = 0; f < 2; f++) {
            Path rs = tmp.resolve("RS-" + forms[f] + ".dcm"), back = tmp.resolve("back-" + forms[f] + ".nii.gz");
            String[] args = f == 0 ? new String[] {"dicom", "export", "--reference", ctDir.toString(), "--structure", mask + ":RING", "--out", rs.toString()}
                    : new String[] {"dicom", "export", "--reference", ctDir.toString(), "--structure", mask + ":RING", "--holes", "separate", "--out", rs.toString()};
            CliTest.Run r = CliTest.run(args);
            assertEquals(0, r.code(), r.err());
            contours[f] = org.halo.io.dicom.RtStructureSet.read(rs).rois().get(0).contours().size();
            CliTest.Run c = CliTest.run("dicom", "convert", "--rtstruct", rs.toString(), "--roi", "RING", "--reference", ctDir.toString(), "--out", back.toString());
            assertEquals(0, c.code(), c.err());
            assertTrue(java.util.Arrays.equals(m.voxels(), Mask.fromVolume(ImageFiles.read(back), null).voxels()), forms[f] + ": voxel for voxel");
        }
        assertEquals(3, contours[0], "one keyhole contour per slice");
        assertEquals(6, contours[1], "outer and hole contours per slice");
        CliTest.Run bad = CliTest.run("dicom", "export", "--reference", ctDir.toString(), "--structure", mask + ":RING", "--holes", "even-odd", "--out",
                tmp.resolve("RS-bad.dcm").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--holes must be keyhole or separate"), bad.err());
        assertFalse(Files.exists(tmp.resolve("RS-bad.dcm")));
    }

    @Test
    void expandReadsARoiAndWritesTheStructureSetWithThePtvAdded() throws Exception {
        Path ctDir = HostileInputTest.testdata("dicom/ct-series-5");
        Grid g = CtSeries.read(ctDir).image().grid();
        Mask ctv = Mask.empty(g);
        for (int k = 1; k < 4; k++) for (int j = 5; j < 10; j++) for (int i = 6; i < 11; i++) ctv.voxels()[g.index(i, j, k)] = 1;
        Path mask = tmp.resolve("ctv.nii.gz"), rs = tmp.resolve("RS_ctv.dcm"), withPtv = tmp.resolve("RS_ptv.dcm"), ptvBack = tmp.resolve("ptv.nii.gz");
        ImageFiles.write(ctv.toVolume(), mask);
        assertEquals(0, CliTest.run("dicom", "export", "--reference", ctDir.toString(), "--structure", mask + ":CTV:0,0,255:CTV", "--out", rs.toString()).code());
        CliTest.Run r = CliTest.run("expand", "--in", rs.toString(), "--roi", "CTV", "--reference", ctDir.toString(), "--margin-mm", "1", "--out",
                withPtv.toString(), "--name", "PTV_1mm");
        assertEquals(0, r.code(), r.err());
        CliTest.Run back = CliTest.run("dicom", "convert", "--rtstruct", withPtv.toString(), "--roi", "PTV_1mm", "--reference", ctDir.toString(), "--out",
                ptvBack.toString());
        assertEquals(0, back.code(), back.err());
        Mask expected = new org.halo.geometry.MarginExpander(new org.halo.compute.CpuBackend(1)).expand(ctv, new org.halo.geometry.Margin.Uniform(1)).mask();
        assertTrue(java.util.Arrays.equals(expected.voxels(), Mask.fromVolume(ImageFiles.read(ptvBack), null).voxels()), "the PTV as halo expand makes it");
        CliTest.Run again = CliTest.run("expand", "--in", withPtv.toString(), "--roi", "CTV", "--reference", ctDir.toString(), "--margin-mm", "1", "--out",
                tmp.resolve("x.dcm").toString(), "--name", "ptv_1MM");
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already holds a ROI named 'PTV_1mm'"), again.err());
    }

    @Test
    void aLabelMapGivesOneRoiPerLabel() throws Exception {
        Path ctDir = HostileInputTest.testdata("dicom/ct-series-5");
        Grid g = CtSeries.read(ctDir).image().grid();
        float[] v = new float[g.voxelCount()];
        for (int k = 0; k < 5; k++) for (int j = 0; j < 16; j++) for (int i = 0; i < 16; i++) {
            double r = (i - 8) * (i - 8) + (j - 8) * (j - 8);
            v[g.index(i, j, k)] = r < 9 ? 1 : r < 30 ? 2 : 0;
        }
        Path labels = tmp.resolve("labels.nii.gz"), rs = tmp.resolve("RS_labels.dcm");
        ImageFiles.write(org.halo.image.Volume.ofFloats(g, v), labels);
        CliTest.Run r = CliTest.run("dicom", "export", "--reference", ctDir.toString(), "--labels", labels.toString(), "--names", "1=GTV,2=RING", "--out",
                rs.toString());
        assertEquals(0, r.code(), r.err());
        for (int label = 1; label <= 2; label++) {
            Path back = tmp.resolve("back" + label + ".nii.gz");
            assertEquals(0, CliTest.run("dicom", "convert", "--rtstruct", rs.toString(), "--roi", label == 1 ? "GTV" : "RING", "--reference", ctDir.toString(),
                    "--out", back.toString()).code());
            byte[] got = Mask.fromVolume(ImageFiles.read(back), null).voxels();
            for (int i = 0; i < v.length; i++) assertEquals(v[i] == label ? 1 : 0, got[i], "label " + label + " voxel " + i);
        }
    }
}
