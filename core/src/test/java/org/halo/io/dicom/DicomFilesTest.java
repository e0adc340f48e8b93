package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;
import org.halo.HaloException;
import org.halo.image.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real files in testdata/dicom (see testdata/NOTICE.md), read with the values pydicom 2.3 gives for them. */
class DicomFilesTest {
    @TempDir
    Path tmp;

    static Path dicom(String relative) {
        return Paths.get("..", "testdata", "dicom").resolve(relative).toAbsolutePath().normalize();
    }

    static double at(Volume v, int i, int j, int k) {
        RandomAccess<? extends RealType<?>> ra = v.image().randomAccess();
        ra.setPosition(new long[] {i, j, k});
        return ra.get().getRealDouble();
    }

    @Test
    void rtDoseGeometryScalingAndValues() {
        RtDose d = RtDose.read(dicom("pydicom/rtdose.dcm"));
        var g = d.dose().grid();
        assertArrayEquals(new int[] {10, 10, 15}, g.size());
        assertArrayEquals(new double[] {10, 10, 5}, g.spacingMm(), 1e-12);
        assertArrayEquals(new double[] {189.43125, 199.43125, -761.87}, g.originMm(), 1e-9);
        assertTrue(g.isAxisAligned());
        assertEquals(1e-6, d.scaling());
        assertEquals("RELATIVE", d.units());
        assertEquals("PHYSICAL", d.type());
        assertEquals("BEAM", d.summation());
        assertEquals(1519910000 * 1e-6, d.dose().sum(), 1e-3);
        assertArrayEquals(new double[] {0.795, 1.254}, d.dose().range(), 1e-6);
        // pydicom pixel_array[frame 3, row 2, column 1] = 1139000 and [0, 0, 0] = 1249000.
        assertEquals(1.139, at(d.dose(), 1, 2, 3), 1e-6);
        assertEquals(1.249, at(d.dose(), 0, 0, 0), 1e-6);
    }

    @Test
    void bigEndianAndRleDosesEqualThePlainOne() {
        Volume plain = RtDose.read(dicom("pydicom/rtdose.dcm")).dose();
        for (String f : new String[] {"pydicom/rtdose_expb.dcm", "pydicom/rtdose_rle.dcm"}) {
            Volume other = RtDose.read(dicom(f)).dose();
            assertEquals(plain.grid(), other.grid(), f);
            for (int i = 0; i < plain.valueCount(); i++) assertEquals(plain.values().at(i), other.values().at(i), f + " voxel " + i);
        }
        RtDose one = RtDose.read(dicom("pydicom/rtdose_1frame.dcm"));
        assertArrayEquals(new int[] {10, 10, 1}, one.dose().grid().size());
        assertEquals(101378000 * 1e-6, one.dose().sum(), 1e-4);
    }

    @Test
    void structureSetWithoutPreambleOrMetaHeader() {
        RtStructureSet rs = RtStructureSet.read(dicom("pydicom/rtstruct.dcm"));
        assertEquals(3, rs.rois().size());
        RtStructureSet.Roi patient = rs.roi("patient");
        assertEquals(1, patient.number());
        assertEquals("EXTERNAL", patient.interpretedType());
        assertEquals("1.2.826.0.1.3680043.8.498.2010020400001.2", patient.frameOfReference());
        assertEquals(3, patient.contours().size());
        int[] points = {5, 6, 6};
        double[] z = {-200, -190, -180};
        for (int c = 0; c < 3; c++) {
            assertEquals(points[c], patient.contours().get(c).pointCount());
            assertEquals(z[c], patient.contours().get(c).pointsMm()[2]);
        }
        double[] xs = patient.contours().get(0).pointsMm();
        assertEquals(-200.0, xs[0]);
        assertEquals(150.0, xs[1]);
        for (String iso : new String[] {"Isocenter 1", "Isocenter 2"}) {
            RtStructureSet.Roi r = rs.roi(iso);
            assertEquals("ISOCENTER", r.interpretedType());
            assertEquals("POINT", r.contours().get(0).type());
            assertArrayEquals(new double[] {0, 0, 0}, r.contours().get(0).pointsMm(), 0.0);
        }
        assertEquals("Isocenter 2", rs.roi("3").name());
        HaloException e = assertThrows(HaloException.class, () -> rs.roi("PTV"));
        assertTrue(e.getMessage().contains("'patient'"), e.getMessage());
    }

    @Test
    void patientRoiRasterisesToItsContourVolume() {
        RtStructureSet.Roi patient = RtStructureSet.read(dicom("pydicom/rtstruct.dcm")).roi("patient");
        var grid = ReferenceGrid.around(patient, new double[] {2, 2, 10});
        ContourRasterizer.Result binary = ContourRasterizer.rasterize(patient, grid, false);
        // Three planes of a 400 × 300 mm rectangle, 10 mm apart: 3 × 120 000 mm² × 10 mm = 3600 cc.
        assertEquals(3600.0, binary.contourVolumeCc(), 1e-6);
        assertEquals(3600.0, binary.mask().volumeCc(), 1e-6);
        ContourRasterizer.Result frac = ContourRasterizer.rasterize(patient, grid, true);
        assertEquals(3600.0, frac.fraction().sum() * grid.voxelVolumeMm3() / 1000.0, 1e-3);
    }

    @Test
    void ctSeriesSortsByPositionAndUsesPositionsForSpacing() {
        CtSeries ct = CtSeries.read(dicom("ct-series-5"));
        var g = ct.image().grid();
        assertArrayEquals(new int[] {16, 16, 5}, g.size());
        assertArrayEquals(new double[] {0.488281, 0.488281, 2.5}, g.spacingMm(), 1e-6);
        assertEquals(-1.2375, g.originMm()[2], 1e-6);
        // Raw sums from pydicom, slice by slice from the lowest: files 3353, 3023, 2693, 2392, 2062; HU = raw − 1024.
        long[] raw = {244550, 252443, 251180, 213780, 171447};
        for (int k = 0; k < 5; k++) {
            double s = 0;
            for (int j = 0; j < 16; j++) for (int i = 0; i < 16; i++) s += at(ct.image(), i, j, k);
            assertEquals(raw[k] - 1024.0 * 256, s, 1e-6, "slice " + k);
        }
    }

    @Test
    void inconsistentSeriesNamesTheSlice() throws IOException {
        for (String f : new String[] {"2062", "2392", "3023", "3353"}) Files.copy(dicom("ct-series-5/" + f), tmp.resolve(f));
        HaloException e = assertThrows(HaloException.class, () -> CtSeries.read(tmp));
        assertTrue(e.getMessage().contains("2392") && e.getMessage().contains("5.000 mm"), e.getMessage());
    }

    @Test
    void singleCtImage() {
        CtSeries ct = CtSeries.read(dicom("pydicom/CT_small.dcm"));
        assertArrayEquals(new int[] {128, 128, 1}, ct.image().grid().size());
        assertEquals(0.661468, ct.image().grid().spacingMm(0), 1e-9);
        assertEquals(14826310 - 1024.0 * 128 * 128, ct.image().sum(), 1e-3);
        assertEquals(185 - 1024, at(ct.image(), 20, 10, 0));
    }

    @Test
    void unsupportedTransferSyntaxIsNamed() throws IOException {
        byte[] b = Files.readAllBytes(dicom("pydicom/CT_small.dcm"));
        String s = new String(b, StandardCharsets.ISO_8859_1);
        int at = s.indexOf("1.2.840.10008.1.2.1\0");
        assertTrue(at > 0);
        byte[] jpeg = "1.2.840.10008.1.2.99".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(jpeg, 0, b, at, jpeg.length);
        Path f = tmp.resolve("jpeg.dcm");
        Files.write(f, b);
        HaloException e = assertThrows(HaloException.class, () -> DicomReader.read(f));
        assertTrue(e.getMessage().contains("unsupported transfer syntax 1.2.840.10008.1.2.99") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void deflatedTransferSyntaxReadsTheSameImage() throws IOException {
        byte[] b = Files.readAllBytes(dicom("pydicom/CT_small.dcm"));
        // Walk the explicit-VR meta group to find where the data set starts.
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int pos = 132;
        while (bb.getShort(pos) == 0x0002) {
            String vr = new String(b, pos + 4, 2, StandardCharsets.US_ASCII);
            boolean longVr = vr.equals("OB") || vr.equals("UN") || vr.equals("SQ") || vr.equals("UT");
            pos += longVr ? 12 + bb.getInt(pos + 8) : 8 + (bb.getShort(pos + 6) & 0xFFFF);
        }
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        java.util.zip.Deflater def = new java.util.zip.Deflater(6, true);
        try (java.util.zip.DeflaterOutputStream z = new java.util.zip.DeflaterOutputStream(deflated, def)) {
            z.write(b, pos, b.length - pos);
        }
        byte[] uid = "1.2.840.10008.1.2.1.99".getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer meta = java.nio.ByteBuffer.allocate(132 + 12 + 8 + uid.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        meta.position(128);
        meta.put("DICM".getBytes(StandardCharsets.US_ASCII));
        meta.putShort((short) 2).putShort((short) 0).put("UL".getBytes(StandardCharsets.US_ASCII)).putShort((short) 4).putInt(8 + uid.length);
        meta.putShort((short) 2).putShort((short) 0x10).put("UI".getBytes(StandardCharsets.US_ASCII)).putShort((short) uid.length).put(uid);
        Path f = tmp.resolve("deflated.dcm");
        Files.write(f, concat(meta.array(), deflated.toByteArray()));
        CtSeries plain = CtSeries.read(dicom("pydicom/CT_small.dcm")), viaDeflate = CtSeries.read(f);
        assertEquals(plain.image().grid(), viaDeflate.image().grid());
        assertEquals(plain.image().sum(), viaDeflate.image().sum());
        assertEquals(DicomReader.DEFLATED_LE, DicomReader.read(f).transferSyntax());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void rtPlanParses() {
        DicomObject plan = DicomReader.read(dicom("pydicom/rtplan.dcm")).data();
        assertEquals(30, plan.sequence(Tag.FRACTION_GROUP_SEQUENCE).get(0).requireInt(Tag.FRACTIONS_PLANNED, "fractions"));
        assertEquals(1, plan.sequence(Tag.BEAM_SEQUENCE).size());
        // The second dose reference (TARGET, "PTV") carries the prescription.
        assertEquals(30.826203, plan.sequence(Tag.DOSE_REFERENCE_SEQUENCE).get(1).number(Tag.TARGET_PRESCRIPTION_DOSE, 0), 1e-6);
    }
    /** Plans: fractions, prescriptions with their type (site before calculation point), beam isocentres; one read per file. */
    @Test
    void plansGiveTheirSitePrescriptionAndIsocentres() {
        RtPlan breast = RtPlan.read(dicom("dicompyler/rtplan.dcm"));
        assertEquals(7, breast.fractions());
        assertEquals(4, breast.beams());
        assertEquals(14.0, breast.targetPrescriptionGy(), 1e-9);
        assertEquals(2, breast.prescriptions().size());
        assertEquals(1, breast.isocentresMm().size(), "four beams, one isocentre");
        assertArrayEquals(new double[] {72.5304715048, -304.3445582552, -9.3092401018882}, breast.isocentresMm().get(0), 1e-9);
        RtPlan pydicom = RtPlan.read(dicom("pydicom/rtplan.dcm"));
        assertEquals(30, pydicom.fractions());
        assertEquals(30.826203, pydicom.targetPrescriptionGy(), 1e-5);
        assertArrayEquals(new double[] {235.711172833292, 244.135437110782, -724.97815409918}, pydicom.isocentresMm().get(0), 1e-9);
        DicomFolder.Item item = DicomFolder.read(dicom("dicompyler/rtplan.dcm"));
        assertTrue(item instanceof DicomFolder.PlanItem p && p.plan().fractions() == 7);
        assertTrue(DicomFolder.read(dicom("dicompyler/rtss.dcm")) instanceof DicomFolder.StructureSetItem);
        assertTrue(DicomFolder.read(dicom("pydicom/rtdose.dcm")) instanceof DicomFolder.DoseItem);
        assertTrue(DicomFolder.read(dicom("dicompyler/ct.0.dcm")) instanceof DicomFolder.ImageItem i && "CT".equals(i.modality()));
        assertEquals(5, DicomFolder.files(dicom("ct-series-5")).size());
    }
}
