package org.halo.io.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.halo.HaloException;

/**
 * A strict reader for the DICOM that radiotherapy objects use: Part 10 files with or without preamble and meta header;
 * implicit VR little endian, explicit VR little and big endian, deflated explicit VR little endian, and RLE lossless
 * pixel data; sequences and items of defined and undefined length; UN elements holding real data. Every length is
 * checked against the bytes that remain, nesting is bounded, and every step advances, so a damaged file ends in one
 * clear error rather than a loop or an out-of-memory.
 */
public final class DicomReader {
    /** Implicit VR little endian. */
    public static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    /** Explicit VR little endian. */
    public static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    /** Deflated explicit VR little endian. */
    public static final String DEFLATED_LE = "1.2.840.10008.1.2.1.99";
    /** Explicit VR big endian (retired). */
    public static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    /** RLE lossless. */
    public static final String RLE = "1.2.840.10008.1.2.5";

    private static final long MAX_FILE_BYTES = 1L << 30;
    private static final int MAX_DEPTH = 12;
    private static final int MAX_ELEMENTS = 2_000_000;
    private static final Set<String> LONG_VRS = Set.of("OB", "OW", "OF", "OD", "OL", "OV", "SQ", "UT", "UN", "UC", "UR", "SV", "UV");

    private final Path file;
    private int elementCount;

    private DicomReader(Path file) {
        this.file = file;
    }

    /** A parsed file with its transfer syntax; {@code header} when the read stopped at the pixel data or ROI contours. */
    public record Parsed(DicomObject data, String transferSyntax, boolean header) {}

    /** The first bytes tried for a header before the whole file is read. */
    private static final int HEADER_BYTES = 64 * 1024;


    /**
     * Reads a whole DICOM file (Part 10, or a bare dataset), refused naming the file when it cannot be read faithfully.
     *
     * @param file the file
     * @return its dataset and transfer syntax
     */
    public static Parsed read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) throw HaloException.inFile(file, "larger than 1 GiB; not a DICOM object Halo reads");
            return new DicomReader(file).parse(Files.readAllBytes(file), false);
        } catch (IOException e) {
            throw HaloException.inFile(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The header of a file: every top-level element before the pixel data (and, in a structure set, before the ROI
     * contours), read from the file's first bytes where they suffice. For indexing folders without reading images.
     *
     * @param file the file
     * @return its header's dataset and transfer syntax
     */
    public static Parsed readHeader(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) throw HaloException.inFile(file, "larger than 1 GiB; not a DICOM object Halo reads");
            if (size > HEADER_BYTES) {
                byte[] head;
                try (var in = Files.newInputStream(file)) {
                    head = in.readNBytes(HEADER_BYTES);
                }
                try {
                    Parsed p = new DicomReader(file).parse(head, true);
                    if (p.header()) return p;
                } catch (HaloException truncatedHere) {
                    // the header runs past the first bytes: read it all
                }
            }
            return new DicomReader(file).parse(Files.readAllBytes(file), true);
        } catch (IOException e) {
            throw HaloException.inFile(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * True when the file starts like DICOM (preamble + DICM, or a plausible first element); cheap, for folder scans.
     *
     * @param file the file
     * @return true when its first bytes look like DICOM
     */
    public static boolean looksLikeDicom(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(132);
            if (head.length >= 132 && new String(head, 128, 4, StandardCharsets.US_ASCII).equals("DICM")) return true;
            if (head.length < 8) return false;
            int group = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
            return group == 0x0002 || group == 0x0008;
        } catch (IOException e) {
            return false;
        }
    }

    private Parsed parse(byte[] b, boolean headerOnly) {
        int pos = 0;
        String ts = null;
        if (b.length >= 132 && new String(b, 128, 4, StandardCharsets.US_ASCII).equals("DICM")) pos = 132;
        else if (b.length >= 4 && new String(b, 0, 4, StandardCharsets.US_ASCII).equals("DICM")) pos = 4;
        if (b.length < pos + 8) throw HaloException.inFile(file, "too short to be DICOM");
        DicomObject meta = new DicomObject(file);
        if (u16(b, pos, ByteOrder.LITTLE_ENDIAN) == 0x0002) {
            // The meta group is always explicit VR little endian.
            int[] p = {pos};
            while (p[0] + 8 <= b.length && u16(b, p[0], ByteOrder.LITTLE_ENDIAN) == 0x0002) {
                readElement(b, p, b.length, true, ByteOrder.LITTLE_ENDIAN, meta, 0);
            }
            pos = p[0];
            ts = meta.string(Tag.TRANSFER_SYNTAX);
        } else if (pos == 132) {
            throw HaloException.inFile(file, "DICM marker without a meta information group");
        }
        boolean explicit;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        byte[] data = b;
        int end = b.length;
        if (ts == null) {
            // No meta header (allowed for old files): implicit VR LE unless a valid VR follows the first tag.
            explicit = pos + 6 <= b.length && isVr(b[pos + 4], b[pos + 5]);
            ts = explicit ? EXPLICIT_LE : IMPLICIT_LE;
        } else {
            switch (ts) {
                case IMPLICIT_LE: explicit = false; break;
                case EXPLICIT_LE: case RLE: explicit = true; break;
                case EXPLICIT_BE: explicit = true; order = ByteOrder.BIG_ENDIAN; break;
                case DEFLATED_LE:
                    explicit = true;
                    data = inflate(b, pos);
                    pos = 0;
                    end = data.length;
                    break;
                default:
                    throw HaloException.inFile(file, "unsupported transfer syntax " + ts
                            + " (Halo reads implicit/explicit VR little endian, explicit big endian, deflated and RLE lossless)");
            }
        }
        DicomObject ds = new DicomObject(file);
        int[] p = {pos};
        while (p[0] < end) {
            if (end - p[0] < 8) throw HaloException.inFile(file, "truncated: " + (end - p[0]) + " stray bytes at the end");
            if (headerOnly) {
                int tag = u16(data, p[0], order) << 16 | u16(data, p[0] + 2, order);
                if (Integer.compareUnsigned(tag, Tag.PIXEL_DATA) >= 0 || (tag == Tag.ROI_CONTOUR_SEQUENCE && "RTSTRUCT".equals(ds.string(Tag.MODALITY)))) {
                    return new Parsed(ds, ts, true);
                }
            }
            readElement(data, p, end, explicit, order, ds, 0);
        }
        return new Parsed(ds, ts, false);
    }

    private byte[] inflate(byte[] b, int pos) {
        Inflater inf = new Inflater(true);
        inf.setInput(b, pos, b.length - pos);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                out.write(buf, 0, n);
                if (out.size() > MAX_FILE_BYTES) throw HaloException.inFile(file, "deflated data set inflates past 1 GiB");
            }
        } catch (DataFormatException e) {
            throw HaloException.inFile(file, "corrupt deflated data set: " + e.getMessage());
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }

    private static boolean isVr(byte a, byte b) {
        return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z';
    }

    /** Reads one element at p[0] into {@code into}; advances p[0]. Returns the tag. */
    private int readElement(byte[] b, int[] p, int end, boolean explicit, ByteOrder order, DicomObject into, int depth) {
        if (++elementCount > MAX_ELEMENTS) throw HaloException.inFile(file, "more than " + MAX_ELEMENTS + " elements");
        int start = p[0];
        if (end - start < 8) throw HaloException.inFile(file, "truncated element header at byte " + start);
        int group = u16(b, start, order), elem = u16(b, start + 2, order);
        int tag = group << 16 | elem;
        String vr;
        long length;
        int headerLength;
        boolean itemTag = group == 0xFFFE;
        if (explicit && !itemTag) {
            vr = new String(b, start + 4, 2, StandardCharsets.US_ASCII);
            if (!isVr(b[start + 4], b[start + 5])) {
                throw HaloException.inFile(file, "element " + Tag.hex(tag) + " at byte " + start + " has no valid VR");
            }
            if (LONG_VRS.contains(vr)) {
                if (end - start < 12) throw HaloException.inFile(file, "truncated element header at byte " + start);
                length = u32(b, start + 8, order);
                headerLength = 12;
            } else {
                length = u16(b, start + 6, order);
                headerLength = 8;
            }
        } else {
            vr = itemTag ? "--" : Tag.implicitVr(tag);
            length = u32(b, start + 4, order);
            headerLength = 8;
        }
        int pos = start + headerLength;
        boolean undefined = length == 0xFFFFFFFFL;
        if (tag == Tag.PIXEL_DATA && undefined) {
            p[0] = pos;
            List<byte[]> fragments = readFragments(b, p, end, order);
            into.put(new DicomObject.Element(tag, vr, null, order, null, fragments));
            return tag;
        }
        boolean sequence = vr.equals("SQ") || (undefined && !itemTag)
                || (vr.equals("UN") && "SQ".equals(Tag.implicitVr(tag)));
        if (sequence) {
            if (depth >= MAX_DEPTH) throw HaloException.inFile(file, "sequences nested deeper than " + MAX_DEPTH);
            // Inside UN the content is implicit VR little endian (PS3.5 6.2.2).
            boolean innerExplicit = explicit && !vr.equals("UN");
            ByteOrder innerOrder = vr.equals("UN") ? ByteOrder.LITTLE_ENDIAN : order;
            int seqEnd;
            if (undefined) {
                seqEnd = end;
            } else {
                if (length > end - pos) throw lengthError(tag, length, end - pos, start);
                seqEnd = pos + (int) length;
            }
            p[0] = pos;
            List<DicomObject> items = readItems(b, p, seqEnd, undefined, innerExplicit, innerOrder, depth + 1, tag);
            into.put(new DicomObject.Element(tag, "SQ", null, order, items, null));
            return tag;
        }
        if (undefined) throw HaloException.inFile(file, "element " + Tag.hex(tag) + " has undefined length but is not a sequence");
        if (length > end - pos) throw lengthError(tag, length, end - pos, start);
        byte[] value = new byte[(int) length];
        System.arraycopy(b, pos, value, 0, (int) length);
        // A UN element that Halo knows: decode with the dictionary VR (its bytes are little endian).
        String effectiveVr = vr.equals("UN") ? Tag.implicitVr(tag) : vr;
        ByteOrder effectiveOrder = vr.equals("UN") ? ByteOrder.LITTLE_ENDIAN : order;
        into.put(new DicomObject.Element(tag, effectiveVr, value, effectiveOrder, null, null));
        p[0] = pos + (int) length;
        return tag;
    }

    private List<DicomObject> readItems(byte[] b, int[] p, int end, boolean undefined, boolean explicit, ByteOrder order, int depth, int seqTag) {
        List<DicomObject> items = new ArrayList<>();
        while (true) {
            if (!undefined && p[0] >= end) return items;
            if (end - p[0] < 8) throw HaloException.inFile(file, "sequence " + Tag.hex(seqTag) + " is truncated");
            int tag = u16(b, p[0], order) << 16 | u16(b, p[0] + 2, order);
            long length = u32(b, p[0] + 4, order);
            p[0] += 8;
            if (tag == Tag.SEQUENCE_END) {
                if (!undefined) throw HaloException.inFile(file, "sequence delimiter inside defined-length sequence " + Tag.hex(seqTag));
                return items;
            }
            if (tag != Tag.ITEM) {
                throw HaloException.inFile(file, "sequence " + Tag.hex(seqTag) + " holds " + Tag.hex(tag) + " where an item must start");
            }
            DicomObject item = new DicomObject(file);
            if (length == 0xFFFFFFFFL) {
                while (true) {
                    if (end - p[0] < 8) throw HaloException.inFile(file, "item in " + Tag.hex(seqTag) + " has no end");
                    int t = u16(b, p[0], order) << 16 | u16(b, p[0] + 2, order);
                    if (t == Tag.ITEM_END) {
                        p[0] += 8;
                        break;
                    }
                    readElement(b, p, end, explicit, order, item, depth);
                }
            } else {
                if (length > end - p[0]) throw lengthError(Tag.ITEM, length, end - p[0], p[0] - 8);
                int itemEnd = p[0] + (int) length;
                while (p[0] < itemEnd) readElement(b, p, itemEnd, explicit, order, item, depth);
            }
            items.add(item);
        }
    }

    private List<byte[]> readFragments(byte[] b, int[] p, int end, ByteOrder order) {
        List<byte[]> fragments = new ArrayList<>();
        while (true) {
            if (end - p[0] < 8) throw HaloException.inFile(file, "encapsulated pixel data is truncated");
            int tag = u16(b, p[0], order) << 16 | u16(b, p[0] + 2, order);
            long length = u32(b, p[0] + 4, order);
            p[0] += 8;
            if (tag == Tag.SEQUENCE_END) return fragments;
            if (tag != Tag.ITEM) throw HaloException.inFile(file, "encapsulated pixel data holds " + Tag.hex(tag) + " instead of a fragment");
            if (length > end - p[0]) throw lengthError(Tag.ITEM, length, end - p[0], p[0] - 8);
            byte[] f = new byte[(int) length];
            System.arraycopy(b, p[0], f, 0, (int) length);
            fragments.add(f);
            p[0] += (int) length;
        }
    }

    private HaloException lengthError(int tag, long length, int remaining, int at) {
        return HaloException.inFile(file, "element " + Tag.hex(tag) + " at byte " + at + " claims " + length
                + " bytes but only " + Math.max(0, remaining) + " remain (truncated or corrupt file)");
    }

    static int u16(byte[] b, int at, ByteOrder order) {
        return order == ByteOrder.LITTLE_ENDIAN ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 : (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at, ByteOrder order) {
        return ByteBuffer.wrap(b, at, 4).order(order).getInt() & 0xFFFFFFFFL;
    }
}
