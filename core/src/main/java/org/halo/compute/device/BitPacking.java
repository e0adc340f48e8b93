package org.halo.compute.device;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.halo.compute.Box;

/**
 * Eight voxels to a byte and back, for moving binary masks to and from a device with an eighth of the traffic.
 * Bit b of byte i holds voxel 8i + b.
 */
public final class BitPacking {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    /** Multiplying eight 0/1 bytes by this gathers byte i into bit 56 + i. */
    private static final long GATHER = 0x0102040810204080L;
    private static final long[] EXPAND = new long[256];
    /** From this many voxels on, packing and unpacking split across the common fork-join pool. */
    private static final int PARALLEL_VOXELS = 1 << 20;
    /** Voxels per parallel unpacking task: a multiple of 8, so that no two tasks write the same byte of bits. */
    private static final int BLOCK = 1 << 16;

    static {
        for (int v = 0; v < 256; v++) {
            long e = 0;
            for (int b = 0; b < 8; b++) if ((v >> b & 1) != 0) e |= 1L << (8 * b);
            EXPAND[v] = e;
        }
    }

    private BitPacking() {}

    /** The bytes {@link #packBoxRows} writes for a box: {@code (box.nx() + 7) / 8} per row. */
    public static int packedRowsBytes(Box box) {
        return (box.nx() + 7) / 8 * box.ny() * box.nz();
    }

    /**
     * Packs the box's sites (voxels equal to {@code siteValue}, 0/1 masks only) row by row: each row of the box starts
     * on a byte boundary, {@code (box.nx() + 7) / 8} bytes per row.
     */
    public static byte[] packBoxRows(byte[] mask, int nx, int ny, Box box, byte siteValue) {
        byte[] out = new byte[packedRowsBytes(box)];
        packBoxRows(mask, nx, ny, box, siteValue, ByteBuffer.wrap(out));
        return out;
    }

    /**
     * As {@link #packBoxRows(byte[], int, int, Box, byte)}, into {@code out} from index 0 (absolute writes; every byte
     * of the packed rows is written, so a reused buffer needs no clearing). A device path packs straight into pinned
     * host memory this way.
     */
    public static void packBoxRows(byte[] mask, int nx, int ny, Box box, byte siteValue, ByteBuffer out) {
        packBoxRows(mask, nx, ny, box, siteValue, out, 0, box.ny() * box.nz());
    }

    /**
     * Packs only the box's rows {@code [fromRow, toRow)} (row = y + ny * z within the box) into their place in
     * {@code out}, so that a device path can send one part while the next is packed.
     */
    public static void packBoxRows(byte[] mask, int nx, int ny, Box box, byte siteValue, ByteBuffer out, int fromRow, int toRow) {
        int bx = box.nx(), rowBytes = (bx + 7) / 8;
        long flip = siteValue == 0 ? ONES : 0;
        ByteBuffer words = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        // Rows are independent: a clinical grid (52 M voxels) packs in parallel, a small box on the calling thread.
        java.util.stream.IntStream range = java.util.stream.IntStream.range(fromRow, toRow);
        ((long) (toRow - fromRow) * bx >= PARALLEL_VOXELS ? range.parallel() : range).forEach(row -> {
            int j = box.y0() + row % box.ny(), k = box.z0() + row / box.ny();
            int src = box.x0() + nx * (j + ny * k);
            int dst = row * rowBytes;
            int x = 0;
            for (; x + 64 <= bx; x += 64) {
                long word = 0;
                for (int b = 0; b < 8; b++) {
                    long eight = ((long) LONGS.get(mask, src + x + 8 * b) & ONES) ^ flip;
                    word |= ((eight * GATHER) >>> 56) << (8 * b);
                }
                words.putLong(dst + (x >> 3), word);
            }
            for (; x + 8 <= bx; x += 8) {
                long eight = ((long) LONGS.get(mask, src + x) & ONES) ^ flip;
                out.put(dst + (x >> 3), (byte) ((eight * GATHER) >>> 56));
            }
            if (x < bx) {
                int tail = 0;
                for (int b = 0; x + b < bx; b++) if (mask[src + x + b] == siteValue) tail |= 1 << b;
                out.put(dst + (x >> 3), (byte) tail);
            }
        });
    }

    /** Unpacks {@code count} voxels (0/1 bytes) from bits packed along the linear index. */
    public static byte[] unpack(byte[] bits, int count) {
        byte[] out = new byte[count];
        int blocks = (count + BLOCK - 1) / BLOCK;
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, blocks);
        (count >= PARALLEL_VOXELS ? range.parallel() : range).forEach(block -> {
            int i = block * BLOCK, end = Math.min(count, i + BLOCK);
            for (; i + 8 <= end; i += 8) LONGS.set(out, i, EXPAND[bits[i >> 3] & 0xff]);
            for (; i < end; i++) out[i] = (byte) (bits[i >> 3] >> (i & 7) & 1);
        });
        return out;
    }

    /**
     * Sets to 1 the voxels of a grid-sized mask whose bits are set in {@code bits} (the box's voxels packed along the
     * box's linear index, as {@link #unpack} reads them); other voxels are left as they are. Eight bits at a time, so a
     * mostly empty box costs little more than reading its bits.
     */
    public static void markBoxRows(byte[] bits, Box box, int nx, int ny, byte[] gridMask) {
        markBoxRows(ByteBuffer.wrap(bits), box, nx, ny, gridMask);
    }

    /** As {@link #markBoxRows(byte[], Box, int, int, byte[])}, reading the bits from index 0 of {@code bits}. */
    public static void markBoxRows(ByteBuffer bits, Box box, int nx, int ny, byte[] gridMask) {
        int bx = box.nx(), by = box.ny(), rows = by * box.nz();
        int length = (int) (((long) box.voxelCount() + 7) / 8);
        ByteBuffer words = bits.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, rows);
        (box.voxelCount() >= PARALLEL_VOXELS ? range.parallel() : range).forEach(row -> {
            int dst = box.x0() + nx * ((box.y0() + row % by) + ny * (box.z0() + row / by));
            long first = (long) row * bx;
            boolean aligned = (first & 7) == 0;
            int x = 0;
            for (; x + 8 <= bx; x += 8) {
                long at = first + x;
                int i = (int) (at >>> 3), shift = (int) (at & 7);
                // A PTV is mostly empty box: skip 64 voxels at once where their bits are all zero.
                if (aligned && (x & 63) == 0 && x + 64 <= bx && words.getLong(i) == 0) {
                    x += 56;
                    continue;
                }
                int eight = bits.get(i) & 0xff;
                if (shift != 0) eight = (eight >>> shift | (i + 1 < length ? (bits.get(i + 1) & 0xff) << (8 - shift) : 0)) & 0xff;
                if (eight == 0) continue;
                LONGS.set(gridMask, dst + x, (long) LONGS.get(gridMask, dst + x) | EXPAND[eight]);
            }
            for (; x < bx; x++) {
                long at = first + x;
                if ((bits.get((int) (at >>> 3)) >> (int) (at & 7) & 1) != 0) gridMask[dst + x] = 1;
            }
        });
    }
}
