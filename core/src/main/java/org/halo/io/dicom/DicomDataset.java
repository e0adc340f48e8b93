package org.halo.io.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A DICOM data set being written: elements kept in tag order and encoded as explicit VR little endian. Values are
 * padded to even length as the standard says (UI with a NUL, text with a space).
 */
public final class DicomDataset {
    private static final Set<String> LONG_LENGTH = Set.of("OB", "OW", "OF", "SQ", "UT", "UN");
    private final Map<Long, byte[]> elements = new TreeMap<>();

    /** An empty data set. */
    public DicomDataset() {}

    /**
     * A text value (UI, CS, LO, SH, PN, DA, TM, DS, IS, ...).
     *
     * @param tag the tag
     * @param vr its value representation
     * @param value the text
     * @return this dataset
     */
    public DicomDataset text(int tag, String vr, String value) {
        return raw(tag, vr, pad(value.getBytes(StandardCharsets.ISO_8859_1), "UI".equals(vr) ? 0 : ' '));
    }

    /**
     * Decimal strings (DS), backslash-separated, each at most 16 characters.
     *
     * @param tag the tag
     * @param values the numbers
     * @return this dataset
     */
    public DicomDataset decimals(int tag, double... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) sb.append(i == 0 ? "" : "\\").append(decimal(values[i]));
        return text(tag, "DS", sb.toString());
    }

    /**
     * Integer strings (IS), backslash-separated.
     *
     * @param tag the tag
     * @param values the numbers
     * @return this dataset
     */
    public DicomDataset integers(int tag, int... values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) sb.append(i == 0 ? "" : "\\").append(values[i]);
        return text(tag, "IS", sb.toString());
    }

    /**
     * An unsigned short (US).
     *
     * @param tag the tag
     * @param value the number (0–65535)
     * @return this dataset
     */
    public DicomDataset u16(int tag, int value) {
        return raw(tag, "US", new byte[] {(byte) value, (byte) (value >>> 8)});
    }

    /**
     * A sequence of items.
     *
     * @param tag the tag
     * @param items the items
     * @return this dataset
     */
    public DicomDataset sequence(int tag, List<DicomDataset> items) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (DicomDataset item : items) {
            byte[] body = item.encode();
            le16(b, 0xFFFE);
            le16(b, 0xE000);
            le32(b, body.length);
            b.writeBytes(body);
        }
        return raw(tag, "SQ", b.toByteArray());
    }

    /**
     * A value as bytes, already in little-endian order and of even length.
     *
     * @param tag the tag
     * @param vr its value representation
     * @param value the bytes
     * @return this dataset
     */
    public DicomDataset raw(int tag, String vr, byte[] value) {
        if (value.length % 2 != 0) throw new IllegalArgumentException("odd value length for tag " + Integer.toHexString(tag));
        boolean wide = LONG_LENGTH.contains(vr);
        if (!wide && value.length > 0xFFFE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "a %s value of %d bytes does not fit explicit VR little endian (tag %08X)", vr,
                    value.length, tag));
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(value.length + 12);
        le16(b, tag >>> 16);
        le16(b, tag & 0xFFFF);
        b.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (wide) {
            le16(b, 0);
            le32(b, value.length);
        } else {
            le16(b, value.length);
        }
        b.writeBytes(value);
        elements.put(Integer.toUnsignedLong(tag), b.toByteArray());
        return this;
    }

    /** {@return the dataset in explicit VR little endian, elements in tag order} */
    public byte[] encode() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] e : elements.values()) b.writeBytes(e);
        return b.toByteArray();
    }

    /** The shortest decimal (at most 16 characters) within 1e-4 of v. */
    static String decimal(double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException("not a finite number: " + v);
        if (v != 0 && Math.abs(v) < 0.01) {
            // Small factors (a dose grid scaling) keep their significant digits: four decimals would round them away.
            for (int digits = 12; digits > 0; digits--) {
                String s = new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros().toString();
                if (s.length() <= 16) return s;
            }
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        if (s.equals("-0")) s = "0";
        if (s.length() > 16) throw new IllegalArgumentException("the value " + v + " does not fit a DICOM decimal string");
        return s;
    }

    private static byte[] pad(byte[] v, int with) {
        if (v.length % 2 == 0) return v;
        byte[] p = java.util.Arrays.copyOf(v, v.length + 1);
        p[v.length] = (byte) with;
        return p;
    }

    static void le16(ByteArrayOutputStream b, int v) {
        b.write(v & 0xFF);
        b.write((v >>> 8) & 0xFF);
    }

    static void le32(ByteArrayOutputStream b, int v) {
        b.write(v & 0xFF);
        b.write((v >>> 8) & 0xFF);
        b.write((v >>> 16) & 0xFF);
        b.write((v >>> 24) & 0xFF);
    }
}
