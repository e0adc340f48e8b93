package org.halo.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.halo.HaloException;
import org.halo.image.VoxelType;

/** Strict reading of voxel payloads: exactly the bytes the header promises, no more, no fewer. */
final class VoxelData {
    /** Payloads above this are refused before any allocation (2 GiB: the largest Java array). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    enum Compression { NONE, GZIP, ZLIB }

    private VoxelData() {}

    static long payloadBytes(Path file, long voxels, VoxelType type) {
        if (voxels <= 0) throw HaloException.inFile(file, "header gives no voxels");
        long bytes;
        try {
            bytes = Math.multiplyExact(voxels, type.bytes());
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (bytes > MAX_BYTES) {
            throw HaloException.inFile(file, "header promises " + voxels + " voxels (" + bytes + " bytes), more than Halo reads (2 GiB)");
        }
        return bytes;
    }

    /** Skips up to {@code n} bytes; returns how many were skipped (fewer only at the end of the stream). */
    static long skipFully(InputStream in, long n) throws IOException {
        long done = 0;
        byte[] sink = new byte[8192];
        while (done < n) {
            int r = in.read(sink, 0, (int) Math.min(sink.length, n - done));
            if (r < 0) break;
            done += r;
        }
        return done;
    }

    static InputStream decompress(InputStream in, Compression compression) throws IOException {
        switch (compression) {
            case GZIP: return new GZIPInputStream(in, 1 << 16);
            case ZLIB: return new InflaterInputStream(in, new java.util.zip.Inflater(), 1 << 16);
            default: return in;
        }
    }

    /** deflate cannot expand data by more than about 1032:1, so a larger promise is a lie found before allocating. */
    private static final long MAX_DEFLATE_RATIO = 1100;

    /**
     * Reads exactly {@code expected} bytes and checks that the stream ends there. {@code storedBytes} (the size of the
     * stored payload, or -1 if unknown) bounds what a compressed payload can inflate to, so a header that lies about a
     * huge size is refused before anything that size is allocated.
     */
    static ByteBuffer readExactly(InputStream in, long expected, Path file, ByteOrder order, String what, long storedBytes, boolean compressed)
            throws IOException {
        if (compressed && storedBytes >= 0 && expected > storedBytes * MAX_DEFLATE_RATIO + 4096) {
            throw HaloException.inFile(file, "truncated " + what + ": header promises " + expected + " bytes, but " + storedBytes
                    + " compressed bytes cannot hold that many");
        }
        if (!compressed && storedBytes >= 0 && expected > storedBytes) {
            throw HaloException.inFile(file, "truncated " + what + ": header promises " + expected + " bytes, the file holds "
                    + storedBytes + " in all");
        }
        // The payload and the decoded image beside it.
        org.halo.MemoryBudget.require(2 * expected, "reading " + file.getFileName());
        byte[] out = new byte[(int) expected];
        int done = 0;
        try {
            while (done < expected) {
                int r = in.read(out, done, (int) Math.min(1 << 20, expected - done));
                if (r < 0) break;
                done += r;
            }
        } catch (EOFException e) {
            // a gzip stream cut in the middle: reported as truncated below
        } catch (java.util.zip.ZipException e) {
            throw HaloException.inFile(file, "corrupt compressed " + what + ": " + e.getMessage());
        }
        if (done < expected) {
            throw HaloException.inFile(file, "truncated " + what + ": header promises " + expected + " bytes, found " + done);
        }
        // The next read ends the compressed stream, which is where gzip checks its CRC-32 and length and zlib its
        // Adler-32: a payload that fails them, or lacks its trailer, is corrupt even though every voxel byte arrived.
        int extra;
        try {
            extra = in.read();
        } catch (EOFException e) {
            throw HaloException.inFile(file, "truncated compressed " + what + ": the stream ends before its checksum trailer");
        } catch (java.util.zip.ZipException e) {
            throw HaloException.inFile(file, "corrupt compressed " + what + ": " + e.getMessage() + " (checksum or length check failed)");
        }
        if (extra >= 0) {
            long more = 1;
            while (more < (1 << 20) && in.read() >= 0) more++;
            throw HaloException.inFile(file, what + " holds more than the " + expected + " bytes the header promises ("
                    + (more >= (1 << 20) ? "at least " : "") + more + " extra byte" + (more == 1 ? "" : "s") + ")");
        }
        return ByteBuffer.wrap(out).order(order);
    }
}
