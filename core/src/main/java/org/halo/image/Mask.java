package org.halo.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.view.Views;

/**
 * A binary structure on a grid: an ImgLib2 uint8 {@link ArrayImg} holding 0 (outside) or 1 (inside). Hot loops use
 * {@link #voxels()}, the backing array, indexed by {@link Grid#index(int, int, int)}.
 */
public final class Mask {
    private final Grid grid;
    private final ArrayImg<UnsignedByteType, ByteArray> image;

    private Mask(Grid grid, ArrayImg<UnsignedByteType, ByteArray> image) {
        this.grid = grid;
        this.image = image;
    }

    /**
     * @param grid the geometry
     * @return a mask of zeros on it
     */
    public static Mask empty(Grid grid) {
        return new Mask(grid, ArrayImgs.unsignedBytes(grid.size(0), grid.size(1), grid.size(2)));
    }

    /**
     * Wraps (does not copy) an array of 0/1 voxels.
     *
     * @param grid the geometry
     * @param voxels one byte per voxel, x fastest, sized as the grid
     * @return a mask over the array (not copied)
     */
    public static Mask wrap(Grid grid, byte[] voxels) {
        if (voxels.length != grid.voxelCount()) throw new IllegalArgumentException("mask array length differs from grid voxel count");
        return new Mask(grid, ArrayImgs.unsignedBytes(voxels, grid.size(0), grid.size(1), grid.size(2)));
    }

    /**
     * Any ImgLib2 image of real values over the grid: nonzero voxels are inside.
     *
     * @param grid the geometry
     * @param image the values, sized as the grid
     * @return the mask
     */
    public static Mask fromImage(Grid grid, RandomAccessibleInterval<? extends RealType<?>> image) {
        for (int a = 0; a < 3; a++) {
            if (image.dimension(a) != grid.size(a)) throw new IllegalArgumentException("image size differs from grid on axis " + a);
        }
        byte[] v = new byte[grid.voxelCount()];
        Cursor<? extends RealType<?>> c = Views.flatIterable(image).cursor();
        for (int i = 0; i < v.length; i++) v[i] = c.next().getRealDouble() != 0 ? (byte) 1 : 0;
        return wrap(grid, v);
    }

    /**
     * The voxels of a volume equal to {@code label}, or, with {@code label == null}, the nonzero voxels of a volume
     * that must be binary (only 0 and one other value).
     *
     * A uint8 volume that already holds only 0 and 1 is wrapped, not copied: the mask shares its voxel array.
     *
     * @throws IllegalArgumentException naming the values found when the volume is not binary and no label is given
     * @param volume the image
     * @param label the label to take from a label map, or null for a binary image
     * @return the mask
     */
    public static Mask fromVolume(Volume volume, Double label) {
        if (volume.frames() != 1) {
            throw new IllegalArgumentException("image has " + volume.frames() + " frames; a structure must be a single 3-D volume");
        }
        Grid grid = volume.grid();
        volume.requireFinite("image");
        if (label == null && volume.voxelType() == VoxelType.UINT8) {
            byte[] same = (byte[]) ((net.imglib2.img.basictypeaccess.array.ArrayDataAccess<?>) volume.image().update(null)).getCurrentStorageArray();
            if (zerosAndOnes(same)) return wrap(grid, same);
        }
        byte[] v = new byte[grid.voxelCount()];
        Volume.Values values = volume.values();
        double other = Double.NaN;
        for (int i = 0; i < v.length; i++) {
            double x = values.at(i);
            if (label != null) {
                if (x == label) v[i] = 1;
            } else if (x != 0) {
                if (Double.isNaN(other)) other = x;
                else if (x != other) {
                    throw new NotBinary(other, x);
                }
                v[i] = 1;
            }
        }
        if (label != null && !anyNonZero(v)) {
            throw new IllegalArgumentException("no voxel has label " + fmt(label));
        }
        return wrap(grid, v);
    }

    /** A volume read as one structure holds more than one non-zero value: a label map, from which one label is chosen. */
    public static final class NotBinary extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** A non-zero value found. */
        private final double first;
        /** Another non-zero value found. */
        private final double second;

        NotBinary(double first, double second) {
            super("image is not binary (values 0, " + fmt(first) + ", " + fmt(second) + ", ...): a label map needs one label chosen");
            this.first = first;
            this.second = second;
        }

        /** @return two of the non-zero values found */
        public double[] values() {
            return new double[] {first, second};
        }
    }

    private static boolean zerosAndOnes(byte[] v) {
        int i = 0;
        long bad = 0;
        for (; i + 8 <= v.length; i += 8) bad |= (long) LONGS.get(v, i) & 0xFEFEFEFEFEFEFEFEL;
        for (; i < v.length; i++) bad |= v[i] & 0xFE;
        return bad == 0;
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }

    private static boolean anyNonZero(byte[] v) {
        for (byte b : v) if (b != 0) return true;
        return false;
    }

    /** {@return the geometry} */
    public Grid grid() {
        return grid;
    }

    /** {@return the voxels as an ImgLib2 array image} */
    public ArrayImg<UnsignedByteType, ByteArray> image() {
        return image;
    }

    /**
     * The backing array: 1 inside, 0 outside, index = i + nx·(j + ny·k).
     *
     * @return the voxel array itself (not a copy)
     */
    public byte[] voxels() {
        return image.update(null).getCurrentStorageArray();
    }

    /** {@return the number of voxels inside} */
    public long count() {
        byte[] v = voxels();
        if (v.length < PARALLEL_VOXELS) return count(v, 0, v.length);
        int chunk = 1 << 20;
        return java.util.stream.IntStream.range(0, (v.length + chunk - 1) / chunk).parallel()
                .mapToLong(c -> count(v, c * chunk, Math.min(v.length, (c + 1) * chunk))).sum();
    }

    private static long count(byte[] v, int from, int to) {
        long n = 0;
        int i = from;
        // Eight 0/1 voxels at a time: the multiply adds the eight bytes into the top byte.
        for (; i + 8 <= to; i += 8) n += ((long) LONGS.get(v, i) * 0x0101010101010101L) >>> 56;
        for (; i < to; i++) n += v[i];
        return n;
    }

    /** {@return true when no voxel is inside} */
    public boolean isEmpty() {
        return !anyNonZero(voxels());
    }

    /** {@return the volume inside (cc): voxels inside times one voxel's volume} */
    public double volumeCc() {
        return ccOf(count());
    }

    /**
     * The volume of this many voxels of the grid, in cc.
     *
     * @param voxels a number of voxels
     * @return their volume (cc)
     */
    public double ccOf(long voxels) {
        return voxels * grid.voxelVolumeMm3() / 1000.0;
    }

    /**
     * The smallest interval of voxel indices holding every voxel of the mask, or null when the mask is empty.
     *
     * @return the bounding box of the voxels inside
     */
    public net.imglib2.FinalInterval bounds() {
        int[] b = scanBounds();
        return b == null ? null : new net.imglib2.FinalInterval(new long[] {b[0], b[1], b[2]}, new long[] {b[3], b[4], b[5]});
    }

    private int[] scanBounds() {
        int nx = grid.size(0), ny = grid.size(1), nz = grid.size(2);
        byte[] v = voxels();
        // Per slice (x min, x max, y min, y max), slices in parallel on a clinical grid: the scan reads every voxel.
        int[] slice = new int[4 * nz];
        java.util.stream.IntStream slices = java.util.stream.IntStream.range(0, nz);
        (v.length >= PARALLEL_VOXELS ? slices.parallel() : slices).forEach(k -> {
            int x0 = Integer.MAX_VALUE, x1 = -1, y0 = Integer.MAX_VALUE, y1 = -1;
            for (int j = 0; j < ny; j++) {
                int row = nx * (j + ny * k);
                if (allZero(v, row, nx)) continue;
                int first = 0, last = nx - 1;
                while (v[row + first] == 0) first++;
                while (v[row + last] == 0) last--;
                x0 = Math.min(x0, first);
                x1 = Math.max(x1, last);
                y0 = Math.min(y0, j);
                y1 = Math.max(y1, j);
            }
            slice[4 * k] = x0;
            slice[4 * k + 1] = x1;
            slice[4 * k + 2] = y0;
            slice[4 * k + 3] = y1;
        });
        int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1, -1};
        for (int k = 0; k < nz; k++) {
            if (slice[4 * k + 1] < 0) continue;
            b[0] = Math.min(b[0], slice[4 * k]);
            b[3] = Math.max(b[3], slice[4 * k + 1]);
            b[1] = Math.min(b[1], slice[4 * k + 2]);
            b[4] = Math.max(b[4], slice[4 * k + 3]);
            b[2] = Math.min(b[2], k);
            b[5] = Math.max(b[5], k);
        }
        return b[3] < 0 ? null : b;
    }

    /** From this many voxels on, whole-mask scans split across the common fork-join pool. */
    private static final int PARALLEL_VOXELS = 1 << 22;

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.nativeOrder());

    /** Eight voxels per test: most rows of a clinical grid hold no structure at all. */
    private static boolean allZero(byte[] v, int from, int length) {
        int i = from, end = from + length;
        long acc = 0;
        for (; i + 8 <= end; i += 8) acc |= (long) LONGS.get(v, i);
        for (; i < end; i++) acc |= v[i];
        return acc == 0;
    }

    /**
     * The mask as a uint8 volume (0/1) for writing.
     *
     * @return the mask as a uint8 volume
     */
    public Volume toVolume() {
        return new Volume(grid, image);
    }
}
