package org.halo.cohort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A small test-only DICOM writer (Part 10, explicit VR little endian): enough for headers, sequences and pixel data. */
public final class TestDicom {
    private final Map<Long, byte[]> elements = new TreeMap<>();

    TestDicom text(int tag, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        if (v.length % 2 == 1) {
            byte[] p = java.util.Arrays.copyOf(v, v.length + 1);
            p[v.length] = (byte) ("UI".equals(vr) ? 0 : ' ');
            v = p;
        }
        return raw(tag, vr, v);
    }

    TestDicom sequence(int tag, List<TestDicom> items) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (TestDicom item : items) {
            byte[] body = item.body();
            u16(b, 0xFFFE);
            u16(b, 0xE000);
            u32(b, body.length);
            b.writeBytes(body);
        }
        return raw(tag, "SQ", b.toByteArray());
    }

    TestDicom raw(int tag, String vr, byte[] v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, tag >>> 16);
        u16(b, tag & 0xFFFF);
        b.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (List.of("OB", "OW", "OF", "SQ", "UT", "UN").contains(vr)) {
            u16(b, 0);
            u32(b, v.length);
        } else {
            u16(b, v.length);
        }
        b.writeBytes(v);
        elements.put(Integer.toUnsignedLong(tag), b.toByteArray());
        return this;
    }

    byte[] body() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] e : elements.values()) b.writeBytes(e);
        return b.toByteArray();
    }

    /** Writes the data set as a Part 10 file with its meta information group. */
    void write(Path file, String sopClass, String sopUid) throws IOException {
        TestDicom meta = new TestDicom().raw(0x00020001, "OB", new byte[] {0, 1}).text(0x00020002, "UI", sopClass).text(0x00020003, "UI", sopUid)
                .text(0x00020010, "UI", "1.2.840.10008.1.2.1");
        byte[] metaBody = meta.body();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[128]);
        b.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        TestDicom length = new TestDicom().raw(0x00020000, "UL", le32(metaBody.length));
        b.writeBytes(length.body());
        b.writeBytes(metaBody);
        b.writeBytes(body());
        Files.createDirectories(file.getParent());
        Files.write(file, b.toByteArray());
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    private static void u16(ByteArrayOutputStream b, int v) {
        b.write(v & 0xFF);
        b.write((v >>> 8) & 0xFF);
    }

    private static void u32(ByteArrayOutputStream b, int v) {
        b.writeBytes(le32(v));
    }
}
