package org.halo.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.halo.HaloException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encodings the shared files do not exercise, built byte by byte: UN elements with real data, absolute frame offsets. */
class HandBuiltDicomTest {
    @TempDir
    Path tmp;

    /** Explicit VR little endian element. */
    static byte[] el(int tag, String vr, byte[] value) {
        boolean longVr = vr.equals("SQ") || vr.equals("UN") || vr.equals("OB") || vr.equals("OW") || vr.equals("UT");
        ByteBuffer b = ByteBuffer.allocate((longVr ? 12 : 8) + value.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
        if (longVr) b.putShort((short) 0).putInt(value.length);
        else b.putShort((short) value.length);
        return b.put(value).array();
    }

    /** Implicit VR little endian element (as inside UN). */
    static byte[] implicit(int tag, byte[] value) {
        return ByteBuffer.allocate(8 + value.length).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) (tag >>> 16)).putShort((short) tag).putInt(value.length).put(value).array();
    }

    static byte[] text(String s) {
        if (s.length() % 2 == 1) s += " ";
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] item(byte[]... elements) {
        byte[] body = cat(elements);
        return cat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(body.length).array(), body);
    }

    static byte[] undefinedItem(byte[]... elements) {
        ByteBuffer start = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(-1);
        ByteBuffer end = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0);
        return cat(start.array(), cat(elements), end.array());
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] part10(String transferSyntax, byte[] dataset) {
        byte[] uid = (transferSyntax + (transferSyntax.length() % 2 == 1 ? "\0" : "")).getBytes(StandardCharsets.US_ASCII);
        byte[] tsEl = el(Tag.TRANSFER_SYNTAX, "UI", uid);
        byte[] groupLength = el(0x00020000, "UL", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(tsEl.length).array());
        byte[] preamble = new byte[132];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, preamble, 128, 4);
        return cat(preamble, groupLength, tsEl, dataset);
    }

    @Test
    void unElementsHoldingSequencesAndContourDataAreDecoded() throws IOException {
        // ContourData as UN with a 32-bit length, inside a ContourSequence; the ROIContourSequence itself as UN with
        // undefined length, whose content is implicit VR (PS3.5 6.2.2).
        String points = "0\\0\\5\\10\\0\\5\\10\\10\\5\\0\\10\\5";
        byte[] contour = undefinedItem(
                implicit(Tag.CONTOUR_TYPE, text("CLOSED_PLANAR")),
                implicit(Tag.CONTOUR_POINT_COUNT, text("4")),
                implicit(Tag.CONTOUR_DATA, text(points)));
        byte[] contourSeq = cat(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3006).putShort((short) 0x0040).putInt(-1).array(),
                contour, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0).array());
        byte[] roiContour = undefinedItem(implicit(Tag.REFERENCED_ROI_NUMBER, text("7")), contourSeq);
        ByteBuffer unHeader = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3006).putShort((short) 0x0039)
                .put("UN".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putInt(-1);
        byte[] roiContourSeq = cat(unHeader.array(), roiContour,
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0).array());
        byte[] roiSeq = el(Tag.ROI_SEQUENCE, "SQ", item(el(Tag.ROI_NUMBER, "IS", text("7")), el(Tag.ROI_NAME, "LO", text("GTV"))));
        byte[] dataset = cat(el(Tag.MODALITY, "CS", text("RTSTRUCT")), roiSeq, roiContourSeq);
        Path f = tmp.resolve("un.dcm");
        Files.write(f, part10(DicomReader.EXPLICIT_LE, dataset));
        RtStructureSet rs = RtStructureSet.read(f);
        RtStructureSet.Roi gtv = rs.roi("GTV");
        assertEquals(7, gtv.number());
        assertEquals(1, gtv.contours().size());
        assertArrayEquals(new double[] {0, 0, 5, 10, 0, 5, 10, 10, 5, 0, 10, 5}, gtv.contours().get(0).pointsMm(), 0);

        // The same contour data as a defined-length UN element.
        byte[] unData = cat(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3006).putShort((short) 0x0050)
                .put("UN".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putInt(text(points).length).array(), text(points));
        Path g = tmp.resolve("un2.dcm");
        Files.write(g, part10(DicomReader.EXPLICIT_LE, cat(el(Tag.MODALITY, "CS", text("RTSTRUCT")), unData)));
        assertArrayEquals(new double[] {0, 0, 5, 10, 0, 5, 10, 10, 5, 0, 10, 5}, DicomReader.read(g).data().doubles(Tag.CONTOUR_DATA), 0);
    }

    @Test
    void absoluteFrameOffsetsGiveTheSameGridAsRelativeOnes() throws IOException {
        byte[] b = Files.readAllBytes(DicomFilesTest.dicom("pydicom/rtdose.dcm"));
        // Implicit VR LE: find (3004,000C) and replace its value with absolute z positions.
        int at = find(b, "0.0\\5.00000000000000\\10.0".getBytes(StandardCharsets.US_ASCII)) - 8;
        assertEquals(0x3004, ByteBuffer.wrap(b, at, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF);
        int oldLength = ByteBuffer.wrap(b, at + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        StringBuilder abs = new StringBuilder();
        for (int i = 0; i < 15; i++) abs.append(i == 0 ? "" : "\\").append(-761.87 + 5 * i);
        byte[] value = text(abs.toString());
        byte[] patched = cat(java.util.Arrays.copyOf(b, at + 4), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value.length).array(),
                value, java.util.Arrays.copyOfRange(b, at + 8 + oldLength, b.length));
        Path f = tmp.resolve("absolute.dcm");
        Files.write(f, patched);
        assertEquals(RtDose.read(DicomFilesTest.dicom("pydicom/rtdose.dcm")).dose().grid(), RtDose.read(f).dose().grid());

        // Unevenly spaced frames are refused.
        byte[] uneven = text("0\\5\\10\\15\\20\\25\\30\\35\\40\\45\\50\\55\\60\\66\\70");
        byte[] bad = cat(java.util.Arrays.copyOf(b, at + 4), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(uneven.length).array(),
                uneven, java.util.Arrays.copyOfRange(b, at + 8 + oldLength, b.length));
        Path g = tmp.resolve("uneven.dcm");
        Files.write(g, bad);
        HaloException e = assertThrows(HaloException.class, () -> RtDose.read(g));
        assertTrue(e.getMessage().contains("not evenly spaced"), e.getMessage());
    }

    private static int find(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) if (hay[i + k] != needle[k]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}
