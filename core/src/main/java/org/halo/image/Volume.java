package org.halo.image;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * A scalar image with its geometry: an ImgLib2 {@link ArrayImg} of 3 dimensions (x, y, z) or 4 (x, y, z, frame),
 * and the {@link Grid} of its first three.
 */
public final class Volume {
    private final Grid grid;
    private final ArrayImg<? extends RealType<?>, ?> image;
    private final String description;
    private final boolean fractionMap;

    /**
     * An image over the grid, with no description.
     *
     * @param grid the geometry of the first three dimensions
     * @param image the voxels, 3 or 4 dimensions, sized as the grid
     */
    public Volume(Grid grid, ArrayImg<? extends RealType<?>, ?> image) {
        this(grid, image, null);
    }

    /**
     * With a short free-text description that the writers store (NIfTI descrip, NRRD content), e.g. dose units.
     *
     * @param grid the geometry of the first three dimensions
     * @param image the voxels, 3 or 4 dimensions, sized as the grid
     * @param description a short text, or null
     */
    public Volume(Grid grid, ArrayImg<? extends RealType<?>, ?> image, String description) {
        this(grid, image, description, false);
    }

    /**
     * With a description and whether the values are the fraction of each voxel inside a structure (0–1), which makes
     * the volume a fractional structure even where its values happen to be all 0 or 1.
     *
     * @param grid the geometry of the first three dimensions
     * @param image the voxels, 3 or 4 dimensions, sized as the grid
     * @param description a short text, or null
     * @param fractionMap whether the values are fractions inside a structure
     */
    public Volume(Grid grid, ArrayImg<? extends RealType<?>, ?> image, String description, boolean fractionMap) {
        if (image.numDimensions() < 3 || image.numDimensions() > 4) {
            throw new IllegalArgumentException("a volume has 3 or 4 dimensions, this image has " + image.numDimensions());
        }
        for (int a = 0; a < 3; a++) {
            if (image.dimension(a) != grid.size(a)) {
                throw new IllegalArgumentException("image size differs from grid size on axis " + a);
            }
        }
        this.grid = grid;
        this.image = image;
        this.description = description;
        this.fractionMap = fractionMap;
    }

    /**
     * The free-text description, or null.
     *
     * @return the description, or null
     */
    public String description() {
        return description;
    }

    /**
     * True when the values are fractions of each voxel inside a structure (0–1), not an image's values.
     *
     * @return true for a fraction map
     */
    public boolean isFractionMap() {
        return fractionMap;
    }

    /**
     * The same image with another description.
     *
     * @param text the new description, or null
     * @return a volume sharing this one's voxels
     */
    public Volume withDescription(String text) {
        return new Volume(grid, image, text, fractionMap);
    }

    /**
     * The same values as a fraction map (each voxel's fraction inside a structure), with a description.
     *
     * @param text the description, or null
     * @return a volume sharing this one's voxels
     */
    public Volume asFractionMap(String text) {
        return new Volume(grid, image, text, true);
    }

    /**
     * A float32 volume over the grid.
     *
     * @param grid the geometry
     * @param values one value per voxel, x fastest
     * @return a volume wrapping the array (not copied)
     */
    public static Volume ofFloats(Grid grid, float[] values) {
        return new Volume(grid, ArrayImgs.floats(values, grid.size(0), grid.size(1), grid.size(2)));
    }

    /** {@return the geometry of the first three dimensions} */
    public Grid grid() {
        return grid;
    }

    /** {@return the voxels as an ImgLib2 array image} */
    public ArrayImg<? extends RealType<?>, ?> image() {
        return image;
    }

    /** {@return the stored voxel type} */
    public VoxelType voxelType() {
        return VoxelType.of((NativeType<?>) image.firstElement());
    }

    /**
     * 1 for an ordinary 3-D volume; the length of the 4th dimension otherwise.
     *
     * @return the number of frames (1 for a 3-D volume)
     */
    public int frames() {
        return image.numDimensions() == 4 ? (int) image.dimension(3) : 1;
    }

    /** Reads voxel i (flat index, x fastest) as a double, straight from the backing array. */
    public interface Values {
        /**
         * @param index the linear voxel index (frame 0), as {@link Grid#index} gives
         * @return the value there
         */
        double at(int index);
    }

    /**
     * Direct access to the voxel values without ImgLib2's per-voxel cursor overhead.
     *
     * @return the accessor
     */
    public Values values() {
        Object a = ((net.imglib2.img.basictypeaccess.array.ArrayDataAccess<?>) image.update(null)).getCurrentStorageArray();
        switch (voxelType()) {
            case UINT8: { byte[] v = (byte[]) a; return i -> v[i] & 0xff; }
            case INT8: { byte[] v = (byte[]) a; return i -> v[i]; }
            case UINT16: { short[] v = (short[]) a; return i -> v[i] & 0xffff; }
            case INT16: { short[] v = (short[]) a; return i -> v[i]; }
            case UINT32: { int[] v = (int[]) a; return i -> v[i] & 0xffffffffL; }
            case INT32: { int[] v = (int[]) a; return i -> v[i]; }
            case UINT64: { long[] v = (long[]) a; return i -> { long x = v[i]; return x >= 0 ? x : (double) (x >>> 1) * 2.0 + (x & 1); }; }
            case INT64: { long[] v = (long[]) a; return i -> v[i]; }
            case FLOAT32: { float[] v = (float[]) a; return i -> v[i]; }
            default: { double[] v = (double[]) a; return i -> v[i]; }
        }
    }

    /**
     * Number of values over all voxels and frames.
     *
     * @return the number of values
     */
    public int valueCount() {
        return (int) image.size();
    }

    /**
     * Smallest and largest value over all voxels.
     *
     * @return min and max
     */
    public double[] range() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        Values v = values();
        for (int i = 0, n = valueCount(); i < n; i++) {
            double x = v.at(i);
            if (x < min) min = x;
            if (x > max) max = x;
        }
        return new double[] {min, max};
    }

    /** The finite range of a volume's values and how many are not finite. Min and max are NaN when none is finite. */
    public record ValueSummary(double min, double max, long nanCount, long positiveInfinityCount, long negativeInfinityCount) {
        /** {@return NaN and infinite values together} */
        public long nonFiniteCount() {
            return nanCount + positiveInfinityCount + negativeInfinityCount;
        }
    }

    /** {@return min, max and the counts of non-finite values} */
    public ValueSummary summary() {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        long nan = 0, pos = 0, neg = 0;
        Values v = values();
        for (int i = 0, n = valueCount(); i < n; i++) {
            double x = v.at(i);
            if (Double.isNaN(x)) nan++;
            else if (x == Double.POSITIVE_INFINITY) pos++;
            else if (x == Double.NEGATIVE_INFINITY) neg++;
            else {
                if (x < min) min = x;
                if (x > max) max = x;
            }
        }
        boolean none = min > max;
        return new ValueSummary(none ? Double.NaN : min, none ? Double.NaN : max, nan, pos, neg);
    }

    /**
     * Refuses a volume that holds NaN or infinite voxels as a structure: such a voxel is neither inside nor outside, and
     * counting it either way changes the answer.
     *
     * @param what the volume in words, for the message
     */
    public void requireFinite(String what) {
        if (voxelType() != VoxelType.FLOAT32 && voxelType() != VoxelType.FLOAT64) return; // integers are always finite
        ValueSummary s = summary();
        if (s.nonFiniteCount() == 0) return;
        StringBuilder b = new StringBuilder(what).append(" holds ");
        if (s.nanCount() > 0) b.append(s.nanCount()).append(" NaN voxel").append(s.nanCount() == 1 ? "" : "s");
        long inf = s.positiveInfinityCount() + s.negativeInfinityCount();
        if (inf > 0) b.append(s.nanCount() > 0 ? " and " : "").append(inf).append(" infinite voxel").append(inf == 1 ? "" : "s");
        throw new IllegalArgumentException(b.append(" of ").append(valueCount()).append(": a structure must be finite everywhere").toString());
    }

    /**
     * Sum of all voxel values, in double precision.
     *
     * @return the sum
     */
    public double sum() {
        double s = 0;
        Values v = values();
        for (int i = 0, n = valueCount(); i < n; i++) s += v.at(i);
        return s;
    }
}
