package org.halo.io.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.halo.image.Grid;

/**
 * Phantom DICOM for tests, benchmarks and demos: a CT series of a given geometry (uniform water), an RT Plan with a
 * prescription, fractions and an isocentre, and an RT Dose on a grid. Valid enough for Halo's readers, the index and
 * dciodvfy's structure checks; not a clinical export.
 */
public final class SyntheticDicom {
    /** The SOP Class UID of a CT image. */
    public static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
    /** The SOP Class UID of an RT Plan. */
    public static final String RT_PLAN_STORAGE = "1.2.840.10008.5.1.4.1.1.481.5";
    /** The SOP Class UID of an RT Dose. */
    public static final String RT_DOSE_STORAGE = "1.2.840.10008.5.1.4.1.1.481.2";

    /** Who and what the files belong to: patient, study and frame of reference. */
    public record Identity(String patientId, String patientName, String studyUid, String frameOfReferenceUid) {
        /**
         * @param patientId the Patient ID
         * @return an identity with new study and frame-of-reference UIDs
         */
        public static Identity of(String patientId) {
            return new Identity(patientId, "Phantom^" + patientId, DicomWriter.newUid(), DicomWriter.newUid());
        }
    }

    private SyntheticDicom() {}

    /**
     * A CT series (0 HU), one file per slice, of {@code nx × ny × nz} voxels; the direction's columns are the row, column
     * and slice axes. Returns the folder.
     *
     * @param folder where the slices go
     * @param id whose they are
     * @param nx columns
     * @param ny rows
     * @param nz slices
     * @param spacingMm column, row and slice spacing (mm)
     * @param originMm the first voxel's centre (mm, LPS)
     * @param row the row direction (unit vector, LPS)
     * @param col the column direction (unit vector, LPS)
     * @return the folder
     */
    public static Path writeCt(Path folder, Identity id, int nx, int ny, int nz, double[] spacingMm, double[] originMm, double[] row, double[] col) {
        mkdirs(folder);
        String series = DicomWriter.newUid();
        double[] normal = {row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]};
        byte[] water = new byte[2 * nx * ny];
        for (int i = 0; i < nx * ny; i++) {
            water[2 * i] = (byte) (1024 & 0xFF);
            water[2 * i + 1] = (byte) (1024 >> 8);
        }
        for (int k = 0; k < nz; k++) {
            String sop = DicomWriter.newUid();
            double[] pos = {originMm[0] + k * spacingMm[2] * normal[0], originMm[1] + k * spacingMm[2] * normal[1], originMm[2] + k * spacingMm[2] * normal[2]};
            DicomDataset d = common(CT_IMAGE_STORAGE, sop, "CT", id, series).integers(0x00200013, k + 1)
                    .decimals(0x00200032, pos).decimals(0x00200037, row[0], row[1], row[2], col[0], col[1], col[2])
                    .decimals(0x00280030, spacingMm[1], spacingMm[0]).u16(0x00280010, ny).u16(0x00280011, nx).u16(0x00280002, 1)
                    .text(0x00280004, "CS", "MONOCHROME2").u16(0x00280100, 16).u16(0x00280101, 16).u16(0x00280102, 15).u16(0x00280103, 0)
                    .decimals(0x00281052, -1024).decimals(0x00281053, 1).raw(0x7FE00010, "OW", water);
            DicomWriter.write(folder.resolve(String.format(Locale.ROOT, "CT%04d.dcm", k + 1)), CT_IMAGE_STORAGE, sop, d);
        }
        return folder;
    }

    /**
     * An axis-aligned CT series on this grid (its direction must be the identity).
     *
     * @param folder where the slices go
     * @param id whose they are
     * @param g the series' grid
     * @return the folder
     */
    public static Path writeCt(Path folder, Identity id, Grid g) {
        if (!g.isAxisAligned() || g.direction()[0] != 1 || g.direction()[4] != 1 || g.direction()[8] != 1) {
            throw new IllegalArgumentException("the synthetic CT writer takes grids with the identity direction");
        }
        return writeCt(folder, id, g.size(0), g.size(1), g.size(2), g.spacingMm(), g.originMm(), new double[] {1, 0, 0}, new double[] {0, 1, 0});
    }

    /**
     * An RT Plan referencing a structure set: one fraction group of {@code fractions}, a target prescription of
     * {@code rxGy}, one beam per isocentre (mm, LPS). Returns the plan's SOP Instance UID.
     *
     * @param file where it goes
     * @param id whose it is
     * @param structureSetUid the structure set it references, or null
     * @param fractions Number of Fractions Planned
     * @param rxGy the target prescription (Gy)
     * @param isocentresMm one isocentre per beam (mm, LPS)
     * @return its SOP Instance UID
     */
    public static String writePlan(Path file, Identity id, String structureSetUid, int fractions, double rxGy, List<double[]> isocentresMm) {
        String sop = DicomWriter.newUid();
        List<DicomDataset> beams = new ArrayList<>();
        int n = 1;
        for (double[] iso : isocentresMm) {
            DicomDataset cp = new DicomDataset().integers(0x300A0112, 0).decimals(0x300A012C, iso);
            beams.add(new DicomDataset().integers(0x300A00C0, n++).text(0x300A00C2, "LO", "Arc " + (n - 1)).text(0x300A00C4, "CS", "DYNAMIC")
                    .integers(0x300A0110, 1).sequence(0x300A0111, List.of(cp)));
        }
        DicomDataset d = common(RT_PLAN_STORAGE, sop, "RTPLAN", id, DicomWriter.newUid()).text(0x300A0002, "SH", "Halo phantom")
                .text(0x300A000C, "CS", "PATIENT")
                .sequence(0x300A0010, List.of(new DicomDataset().integers(0x300A0012, 1).text(0x300A0014, "CS", "SITE").text(0x300A0020, "CS", "TARGET")
                        .decimals(0x300A0026, rxGy)))
                .sequence(0x300A0070, List.of(new DicomDataset().integers(0x300A0071, 1).integers(0x300A0078, fractions).integers(0x300A0080, beams.size())
                        .integers(0x300A00A0, 0)))
                .sequence(0x300A00B0, beams)
                .sequence(0x300C0060, List.of(new DicomDataset().text(0x00081150, "UI", "1.2.840.10008.5.1.4.1.1.481.3").text(0x00081155, "UI", structureSetUid)));
        DicomWriter.write(file, RT_PLAN_STORAGE, sop, d);
        return sop;
    }

    /**
     * An RT Dose (physical, plan summation, Gy) of {@code doseGy} (x fastest) on an axis-aligned grid, referencing a plan.
     *
     * @param file where it goes
     * @param id whose it is
     * @param planUid the plan it references
     * @param g the dose grid
     * @param doseGy the dose per voxel (Gy), x fastest
     */
    public static void writeDose(Path file, Identity id, String planUid, Grid g, float[] doseGy) {
        if (!g.isAxisAligned() || g.direction()[0] != 1 || g.direction()[4] != 1 || g.direction()[8] != 1) {
            throw new IllegalArgumentException("the synthetic dose writer takes grids with the identity direction");
        }
        float max = 0;
        for (float v : doseGy) max = Math.max(max, v);
        double scaling = max > 0 ? max / 65535.0 : 1e-6;
        int nx = g.size(0), ny = g.size(1), nz = g.size(2);
        ByteBuffer b = ByteBuffer.allocate(2 * doseGy.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : doseGy) b.putShort((short) Math.round(Math.max(0, v) / scaling));
        double[] offsets = new double[nz];
        for (int k = 0; k < nz; k++) offsets[k] = k * g.spacingMm(2);
        String sop = DicomWriter.newUid();
        DicomDataset d = common(RT_DOSE_STORAGE, sop, "RTDOSE", id, DicomWriter.newUid()).integers(0x00200013, 1)
                .decimals(0x00200032, g.originMm()).decimals(0x00200037, 1, 0, 0, 0, 1, 0).integers(0x00280008, nz)
                .raw(0x00280009, "AT", new byte[] {0x04, 0x30, 0x0C, 0x00})
                .decimals(0x00280030, g.spacingMm(1), g.spacingMm(0)).u16(0x00280010, ny).u16(0x00280011, nx).u16(0x00280002, 1)
                .text(0x00280004, "CS", "MONOCHROME2").u16(0x00280100, 16).u16(0x00280101, 16).u16(0x00280102, 15).u16(0x00280103, 0)
                .text(0x30040002, "CS", "GY").text(0x30040004, "CS", "PHYSICAL").text(0x3004000A, "CS", "PLAN").decimals(0x3004000C, offsets)
                .decimals(0x3004000E, scaling);
        if (planUid != null) {
            d.sequence(0x300C0002, List.of(new DicomDataset().text(0x00081150, "UI", RT_PLAN_STORAGE).text(0x00081155, "UI", planUid)));
        }
        d.raw(0x7FE00010, "OW", b.array());
        DicomWriter.write(file, RT_DOSE_STORAGE, sop, d);
    }

    private static DicomDataset common(String sopClass, String sop, String modality, Identity id, String series) {
        return new DicomDataset().text(0x00080016, "UI", sopClass).text(0x00080018, "UI", sop).text(0x00080060, "CS", modality)
                .text(0x00080020, "DA", "20261130").text(0x00080030, "TM", "120000").text(0x00080050, "SH", "").text(0x00080090, "PN", "")
                .text(0x00100010, "PN", id.patientName()).text(0x00100020, "LO", id.patientId()).text(0x00100030, "DA", "").text(0x00100040, "CS", "")
                .text(0x0020000D, "UI", id.studyUid()).text(0x0020000E, "UI", series).text(0x00200010, "SH", "1").text(0x00200011, "IS", "1")
                .text(0x00200052, "UI", id.frameOfReferenceUid()).text(0x00201040, "LO", "");
    }

    private static void mkdirs(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
