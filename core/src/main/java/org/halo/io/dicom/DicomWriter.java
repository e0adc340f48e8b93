package org.halo.io.dicom;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.halo.io.SafeFiles;

/** Writes DICOM Part 10 files (explicit VR little endian) atomically, and makes new UIDs. */
public final class DicomWriter {
    /** Halo's implementation class UID (2.25 form, fixed). */
    public static final String IMPLEMENTATION_UID = "2.25.215361233218471350046133385613547839321";

    private DicomWriter() {}

    /**
     * A new UID in the 2.25 (UUID) form.
     *
     * @return the UID
     */
    public static String newUid() {
        UUID u = UUID.randomUUID();
        BigInteger v = new BigInteger(1, java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array());
        return "2.25." + v;
    }

    /**
     * The bytes of a Part 10 file: preamble, file meta information and the dataset (explicit VR little endian).
     *
     * @param sopClassUid the SOP Class UID
     * @param sopInstanceUid the SOP Instance UID
     * @param data the dataset
     * @return the file's bytes
     */
    public static byte[] encode(String sopClassUid, String sopInstanceUid, DicomDataset data) {
        DicomDataset meta = new DicomDataset().raw(0x00020001, "OB", new byte[] {0, 1}).text(0x00020002, "UI", sopClassUid)
                .text(0x00020003, "UI", sopInstanceUid).text(0x00020010, "UI", DicomReader.EXPLICIT_LE).text(0x00020012, "UI", IMPLEMENTATION_UID)
                .text(0x00020013, "SH", "HALO_0_1");
        byte[] metaBody = meta.encode();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[128]);
        b.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream len = new ByteArrayOutputStream();
        DicomDataset.le32(len, metaBody.length);
        b.writeBytes(new DicomDataset().raw(0x00020000, "UL", len.toByteArray()).encode());
        b.writeBytes(metaBody);
        b.writeBytes(data.encode());
        return b.toByteArray();
    }

    /**
     * Writes a Part 10 file atomically.
     *
     * @param file where it goes
     * @param sopClassUid the SOP Class UID
     * @param sopInstanceUid the SOP Instance UID
     * @param data the dataset
     */
    public static void write(Path file, String sopClassUid, String sopInstanceUid, DicomDataset data) {
        byte[] bytes = encode(sopClassUid, sopInstanceUid, data);
        SafeFiles.write(file, out -> out.write(bytes));
    }
}
