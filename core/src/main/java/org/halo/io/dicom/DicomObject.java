package org.halo.io.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.halo.HaloException;

/** A parsed DICOM data set (or sequence item): elements by tag, values decoded on request. */
public final class DicomObject {
    /** One element: its VR, raw value bytes in the file's byte order, nested items, or pixel-data fragments. */
    record Element(int tag, String vr, byte[] value, ByteOrder order, List<DicomObject> items, List<byte[]> fragments) {}

    private final Map<Integer, Element> elements = new LinkedHashMap<>();
    private final Path file;

    DicomObject(Path file) {
        this.file = file;
    }

    void put(Element e) {
        elements.put(e.tag(), e);
    }

    /** {@return the file it was read from} */
    public Path file() {
        return file;
    }

    /**
     * @param tag a tag
     * @return true when the dataset holds it
     */
    public boolean has(int tag) {
        return elements.containsKey(tag);
    }

    Element element(int tag) {
        return elements.get(tag);
    }

    /**
     * The value as text, trimmed; null when absent.
     *
     * @param tag a tag
     * @return the text, or null
     */
    public String string(int tag) {
        Element e = elements.get(tag);
        if (e == null || e.value() == null) return null;
        String s = new String(e.value(), StandardCharsets.ISO_8859_1);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) end--;
        return s.substring(0, end).trim();
    }

    /**
     * The element's text, refused naming the file when absent.
     *
     * @param tag a tag
     * @param name the element's name, for the message
     * @return the text
     */
    public String requireString(int tag, String name) {
        String s = string(tag);
        if (s == null || s.isEmpty()) throw missing(tag, name);
        return s;
    }

    /**
     * Decimal or integer values: text (DS, IS) or binary (US, SS, UL, SL, FL, FD), by VR.
     *
     * @param tag a tag
     * @return the numbers, or null
     */
    public double[] doubles(int tag) {
        Element e = elements.get(tag);
        if (e == null || e.value() == null) return null;
        ByteBuffer b = ByteBuffer.wrap(e.value()).order(e.order());
        int n;
        double[] out;
        switch (e.vr()) {
            case "US": n = e.value().length / 2; out = new double[n]; for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i) & 0xFFFF; return out;
            case "SS": n = e.value().length / 2; out = new double[n]; for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i); return out;
            case "UL": n = e.value().length / 4; out = new double[n]; for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i) & 0xFFFFFFFFL; return out;
            case "SL": n = e.value().length / 4; out = new double[n]; for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); return out;
            case "FL": n = e.value().length / 4; out = new double[n]; for (int i = 0; i < n; i++) out[i] = b.getFloat(4 * i); return out;
            case "FD": n = e.value().length / 8; out = new double[n]; for (int i = 0; i < n; i++) out[i] = b.getDouble(8 * i); return out;
            default: {
                String s = string(tag);
                if (s.isEmpty()) return new double[0];
                String[] parts = s.split("\\\\");
                out = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    try {
                        out[i] = Double.parseDouble(parts[i].trim());
                    } catch (NumberFormatException ex) {
                        throw HaloException.inFile(file, Tag.hex(tag) + " holds '" + parts[i].trim() + "', not a number");
                    }
                    if (!Double.isFinite(out[i])) throw HaloException.inFile(file, Tag.hex(tag) + " holds a non-finite number");
                }
                return out;
            }
        }
    }

    /**
     * The element's numbers, refused naming the file when absent or of another count.
     *
     * @param tag a tag
     * @param name the element's name, for the message
     * @param count the number of values needed
     * @return the numbers
     */
    public double[] requireDoubles(int tag, String name, int count) {
        double[] v = doubles(tag);
        if (v == null || v.length == 0) throw missing(tag, name);
        if (count > 0 && v.length < count) {
            throw HaloException.inFile(file, name + " " + Tag.hex(tag) + " has " + v.length + " values, needs " + count);
        }
        return v;
    }

    /**
     * @param tag a tag
     * @param fallback the value when the element is absent
     * @return its first number
     */
    public double number(int tag, double fallback) {
        double[] v = doubles(tag);
        return v == null || v.length == 0 ? fallback : v[0];
    }

    /**
     * The element's whole number, refused naming the file when absent.
     *
     * @param tag a tag
     * @param name the element's name, for the message
     * @return the number
     */
    public int requireInt(int tag, String name) {
        double[] v = doubles(tag);
        if (v == null || v.length == 0) throw missing(tag, name);
        return (int) v[0];
    }

    /**
     * @param tag a sequence's tag
     * @return its items (empty when absent)
     */
    public List<DicomObject> sequence(int tag) {
        Element e = elements.get(tag);
        return e == null || e.items() == null ? List.of() : e.items();
    }

    /**
     * @param tag a tag
     * @return the element's bytes, or null
     */
    public byte[] bytes(int tag) {
        Element e = elements.get(tag);
        return e == null ? null : e.value();
    }

    /**
     * Encapsulated pixel data fragments (basic offset table first), or null for native pixel data.
     *
     * @param tag a tag
     * @return the fragments, or null
     */
    public List<byte[]> fragments(int tag) {
        Element e = elements.get(tag);
        return e == null ? null : e.fragments();
    }

    /**
     * @param tag a tag
     * @return the byte order its value was stored in
     */
    public ByteOrder order(int tag) {
        Element e = elements.get(tag);
        return e == null ? ByteOrder.LITTLE_ENDIAN : e.order();
    }

    HaloException missing(int tag, String name) {
        return HaloException.inFile(file, "missing mandatory " + name + " " + Tag.hex(tag));
    }

    /**
     * Tags present, for listing.
     *
     * @return the tags
     */
    public List<Integer> tags() {
        return new ArrayList<>(elements.keySet());
    }
}
