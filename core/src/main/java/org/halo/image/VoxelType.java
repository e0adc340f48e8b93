package org.halo.image;

import java.nio.ByteBuffer;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ArrayDataAccess;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.ByteType;
import net.imglib2.type.numeric.integer.IntType;
import net.imglib2.type.numeric.integer.LongType;
import net.imglib2.type.numeric.integer.ShortType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedIntType;
import net.imglib2.type.numeric.integer.UnsignedLongType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.DoubleType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The voxel types Halo reads and writes, each tied to the ImgLib2 type and primitive array behind it, so that file
 * bytes move into and out of {@link ArrayImg}s without per-voxel virtual calls.
 */
public enum VoxelType {
    /** Unsigned 8-bit integers (masks). */
    UINT8(1, true, false),
    /** Signed 8-bit integers. */
    INT8(1, true, true),
    /** Unsigned 16-bit integers. */
    UINT16(2, true, false),
    /** Signed 16-bit integers (CT in HU). */
    INT16(2, true, true),
    /** Unsigned 32-bit integers. */
    UINT32(4, true, false),
    /** Signed 32-bit integers. */
    INT32(4, true, true),
    /** Unsigned 64-bit integers. */
    UINT64(8, true, false),
    /** Signed 64-bit integers. */
    INT64(8, true, true),
    /** 32-bit floating point (doses, distances, fractions). */
    FLOAT32(4, false, true),
    /** 64-bit floating point. */
    FLOAT64(8, false, true);

    private final int bytes;
    private final boolean integer;
    private final boolean signed;

    VoxelType(int bytes, boolean integer, boolean signed) {
        this.bytes = bytes;
        this.integer = integer;
        this.signed = signed;
    }

    /** {@return bytes per voxel} */
    public int bytes() {
        return bytes;
    }

    /** {@return true for an integer type} */
    public boolean isInteger() {
        return integer;
    }

    /** {@return true for a signed type} */
    public boolean isSigned() {
        return signed;
    }

    /**
     * Reads {@code count} voxels from the buffer (its byte order applies) into a new image of this type.
     *
     * @param in the bytes, positioned at the first voxel, in their byte order
     * @param dims the image dimensions
     * @return the image
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public ArrayImg<? extends RealType<?>, ?> read(ByteBuffer in, long[] dims) {
        int n = Math.toIntExact(product(dims));
        switch (this) {
            case UINT8: return ArrayImgs.unsignedBytes(bytes(in, n), dims);
            case INT8: return ArrayImgs.bytes(bytes(in, n), dims);
            case UINT16: { short[] a = new short[n]; in.asShortBuffer().get(a); advance(in, n); return ArrayImgs.unsignedShorts(a, dims); }
            case INT16: { short[] a = new short[n]; in.asShortBuffer().get(a); advance(in, n); return ArrayImgs.shorts(a, dims); }
            case UINT32: { int[] a = new int[n]; in.asIntBuffer().get(a); advance(in, n); return ArrayImgs.unsignedInts(a, dims); }
            case INT32: { int[] a = new int[n]; in.asIntBuffer().get(a); advance(in, n); return ArrayImgs.ints(a, dims); }
            case UINT64: { long[] a = new long[n]; in.asLongBuffer().get(a); advance(in, n); return ArrayImgs.unsignedLongs(a, dims); }
            case INT64: { long[] a = new long[n]; in.asLongBuffer().get(a); advance(in, n); return ArrayImgs.longs(a, dims); }
            case FLOAT32: { float[] a = new float[n]; in.asFloatBuffer().get(a); advance(in, n); return ArrayImgs.floats(a, dims); }
            case FLOAT64: { double[] a = new double[n]; in.asDoubleBuffer().get(a); advance(in, n); return ArrayImgs.doubles(a, dims); }
            default: throw new AssertionError(this);
        }
    }

    /** The buffer's own array when it holds exactly these bytes (no copy of a large mask), else a copy. */
    private static byte[] bytes(ByteBuffer in, int n) {
        if (in.hasArray() && in.arrayOffset() == 0 && in.position() == 0 && in.array().length == n) {
            in.position(n);
            return in.array();
        }
        byte[] a = new byte[n];
        in.get(a);
        return a;
    }

    private void advance(ByteBuffer in, int n) {
        in.position(in.position() + n * bytes);
    }

    /**
     * Streams every voxel, little endian, in chunks: no copy of the whole image is made (a fresh copy of a large
     * image costs more in page faults than the write itself).
     *
     * @param image the voxels
     * @param out where the bytes go
     * @throws java.io.IOException when writing fails
     */
    public void writeLittleEndian(ArrayImg<?, ?> image, java.io.OutputStream out) throws java.io.IOException {
        Object storage = ((ArrayDataAccess<?>) image.update(null)).getCurrentStorageArray();
        if (storage instanceof byte[] b) {
            // In 1 MiB pieces: one write of the whole array makes NIO copy it through a temporary direct buffer of the
            // same size (52 MB for a clinical grid), fresh memory that costs more than the write itself.
            // long arithmetic: the last step of an array near 2 GiB would overflow an int.
            for (long from = 0; from < b.length; from += 1 << 20) out.write(b, (int) from, (int) Math.min(1 << 20, b.length - from));
            return;
        }
        int n = java.lang.reflect.Array.getLength(storage);
        int perChunk = (1 << 20) / bytes;
        ByteBuffer chunk = ByteBuffer.allocate(perChunk * bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < n; from = (int) Math.min(n, (long) from + perChunk)) {
            int to = (int) Math.min(n, (long) from + perChunk);
            chunk.clear();
            switch (this) {
                case UINT16: case INT16: chunk.asShortBuffer().put((short[]) storage, from, to - from); break;
                case UINT32: case INT32: chunk.asIntBuffer().put((int[]) storage, from, to - from); break;
                case UINT64: case INT64: chunk.asLongBuffer().put((long[]) storage, from, to - from); break;
                case FLOAT32: chunk.asFloatBuffer().put((float[]) storage, from, to - from); break;
                default: chunk.asDoubleBuffer().put((double[]) storage, from, to - from); break;
            }
            out.write(chunk.array(), 0, (to - from) * bytes);
        }
    }

    /**
     * The voxel type of an ImgLib2 pixel type, or an error naming a type Halo cannot store.
     *
     * @param type an ImgLib2 native type
     * @return its voxel type
     */
    public static VoxelType of(NativeType<?> type) {
        if (type instanceof UnsignedByteType) return UINT8;
        if (type instanceof ByteType) return INT8;
        if (type instanceof UnsignedShortType) return UINT16;
        if (type instanceof ShortType) return INT16;
        if (type instanceof UnsignedIntType) return UINT32;
        if (type instanceof IntType) return INT32;
        if (type instanceof UnsignedLongType) return UINT64;
        if (type instanceof LongType) return INT64;
        if (type instanceof FloatType) return FLOAT32;
        if (type instanceof DoubleType) return FLOAT64;
        throw new IllegalArgumentException("voxel type " + type.getClass().getSimpleName() + " cannot be written; convert to a primitive real type");
    }

    static long product(long[] dims) {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }
}
