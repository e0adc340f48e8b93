package org.halo.io.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.halo.HaloException;

/** Stored pixel values of a single-sample image, native or RLE lossless, as doubles frame after frame. */
final class PixelData {
    private PixelData() {}

    /**
     * All frames, each rows × columns values in stored order (column fastest), as raw stored values (before
     * rescale or dose scaling).
     */
    static double[] read(DicomObject d, String transferSyntax, int rows, int columns, int frames) {
        int samples = (int) d.number(Tag.SAMPLES_PER_PIXEL, 1);
        if (samples != 1) throw HaloException.inFile(d.file(), samples + " samples per pixel: Halo reads grey-scale images and doses only");
        int bits = d.requireInt(Tag.BITS_ALLOCATED, "BitsAllocated");
        boolean signed = d.number(Tag.PIXEL_REPRESENTATION, 0) == 1;
        if (bits != 8 && bits != 16 && bits != 32) throw HaloException.inFile(d.file(), "BitsAllocated " + bits + " is not supported");
        int bytesPer = bits / 8;
        long perFrame = (long) rows * columns;
        long total = perFrame * frames;
        if (total <= 0 || total > Integer.MAX_VALUE / 8) throw HaloException.inFile(d.file(), "image size " + rows + "×" + columns + "×" + frames + " is not plausible");
        double[] out = new double[(int) total];
        if (!d.has(Tag.PIXEL_DATA)) throw d.missing(Tag.PIXEL_DATA, "PixelData");
        List<byte[]> fragments = d.fragments(Tag.PIXEL_DATA);
        if (fragments == null) {
            byte[] raw = d.bytes(Tag.PIXEL_DATA);
            long need = total * bytesPer;
            if (raw.length < need) {
                throw HaloException.inFile(d.file(), "pixel data holds " + raw.length + " bytes, the header promises " + need
                        + " (" + frames + " frame(s) of " + rows + "×" + columns + "×" + bytesPer + ")");
            }
            ByteBuffer bb = ByteBuffer.wrap(raw).order(d.order(Tag.PIXEL_DATA));
            for (int i = 0; i < total; i++) out[i] = sample(bb, i * bytesPer, bits, signed);
            return out;
        }
        if (!RLE_TS.equals(transferSyntax)) throw HaloException.inFile(d.file(), "encapsulated pixel data in transfer syntax " + transferSyntax + " is not supported");
        // fragments[0] is the basic offset table; with one fragment per frame (RLE requires it) frame f is fragment f + 1.
        if (fragments.size() - 1 < frames) {
            throw HaloException.inFile(d.file(), "RLE pixel data has " + (fragments.size() - 1) + " fragments for " + frames + " frames");
        }
        for (int f = 0; f < frames; f++) {
            byte[] frame = decodeRle(d, fragments.get(f + 1), (int) perFrame, bytesPer);
            ByteBuffer bb = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < perFrame; i++) out[(int) (f * perFrame + i)] = sample(bb, i * bytesPer, bits, signed);
        }
        return out;
    }

    private static final String RLE_TS = DicomReader.RLE;

    private static double sample(ByteBuffer bb, int at, int bits, boolean signed) {
        switch (bits) {
            case 8: return signed ? bb.get(at) : bb.get(at) & 0xFF;
            case 16: return signed ? bb.getShort(at) : bb.getShort(at) & 0xFFFF;
            default: return signed ? bb.getInt(at) : bb.getInt(at) & 0xFFFFFFFFL;
        }
    }

    /**
     * RLE lossless (PS3.5 annex G): a 64-byte header of segment count and offsets, then one PackBits segment per byte
     * plane, most significant first. Returns the frame as big-endian samples.
     */
    static byte[] decodeRle(DicomObject d, byte[] fragment, int pixels, int bytesPer) {
        if (fragment.length < 64) throw HaloException.inFile(d.file(), "RLE fragment shorter than its 64-byte header");
        ByteBuffer h = ByteBuffer.wrap(fragment).order(ByteOrder.LITTLE_ENDIAN);
        int segments = h.getInt(0);
        if (segments != bytesPer) throw HaloException.inFile(d.file(), "RLE frame has " + segments + " segments, expected " + bytesPer);
        byte[] out = new byte[pixels * bytesPer];
        for (int s = 0; s < segments; s++) {
            long start = h.getInt(4 + 4 * s) & 0xFFFFFFFFL;
            long stop = s + 1 < segments ? h.getInt(8 + 4 * s) & 0xFFFFFFFFL : fragment.length;
            if (start < 64 || stop > fragment.length || start > stop) throw HaloException.inFile(d.file(), "RLE segment offsets are corrupt");
            int in = (int) start, o = 0;
            while (in < stop && o < pixels) {
                int n = fragment[in++];
                if (n >= 0) {
                    int count = n + 1;
                    if (in + count > stop || o + count > pixels) throw HaloException.inFile(d.file(), "RLE literal run overflows its segment");
                    for (int k = 0; k < count; k++) out[(o++) * bytesPer + s] = fragment[in++];
                } else if (n != -128) {
                    int count = 1 - n;
                    if (in >= stop || o + count > pixels) throw HaloException.inFile(d.file(), "RLE repeat run overflows its segment");
                    byte v = fragment[in++];
                    for (int k = 0; k < count; k++) out[(o++) * bytesPer + s] = v;
                }
            }
            if (o < pixels) throw HaloException.inFile(d.file(), "RLE segment " + s + " decodes to " + o + " of " + pixels + " pixels");
        }
        return out;
    }
}
