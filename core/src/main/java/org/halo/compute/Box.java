package org.halo.compute;

import net.imglib2.Interval;

/**
 * A box of voxels [x0, x1) × [y0, y1) × [z0, z1) in grid indices; the unit of work of every backend operation. It is
 * an ImgLib2 {@link Interval} (min x0, max x1 − 1, ...), so boxes grow and clip with {@code Intervals.expand} and
 * {@code Intervals.intersect} like any other interval.
 *
 * @param x0 first x index
 * @param y0 first y index
 * @param z0 first z index
 * @param x1 x index past the last
 * @param y1 y index past the last
 * @param z1 z index past the last
 */
public record Box(int x0, int y0, int z0, int x1, int y1, int z1) implements Interval {
    /**
     * Checks that the box holds at least one voxel.
     *
     * @param x0 first x index
     * @param y0 first y index
     * @param z0 first z index
     * @param x1 x index past the last
     * @param y1 y index past the last
     * @param z1 z index past the last
     */
    public Box {
        if (x1 <= x0 || y1 <= y0 || z1 <= z0) throw new IllegalArgumentException("empty box");
    }

    /**
     * The box of a non-empty three-dimensional interval of grid indices.
     *
     * @param i the interval
     * @return the box
     */
    public static Box of(Interval i) {
        if (i.numDimensions() != 3) throw new IllegalArgumentException("a box has three dimensions, this interval " + i.numDimensions());
        return new Box(Math.toIntExact(i.min(0)), Math.toIntExact(i.min(1)), Math.toIntExact(i.min(2)),
                Math.toIntExact(i.max(0) + 1), Math.toIntExact(i.max(1) + 1), Math.toIntExact(i.max(2) + 1));
    }

    @Override
    public int numDimensions() {
        return 3;
    }

    @Override
    public long min(int d) {
        return d == 0 ? x0 : d == 1 ? y0 : z0;
    }

    @Override
    public long max(int d) {
        return (d == 0 ? x1 : d == 1 ? y1 : z1) - 1L;
    }

    /**
     * @param nx voxels along x
     * @param ny voxels along y
     * @param nz voxels along z
     * @return the box of the whole grid
     */
    public static Box whole(int nx, int ny, int nz) {
        return new Box(0, 0, 0, nx, ny, nz);
    }

    /** {@return voxels along x} */
    public int nx() {
        return x1 - x0;
    }

    /** {@return voxels along y} */
    public int ny() {
        return y1 - y0;
    }

    /** {@return voxels along z} */
    public int nz() {
        return z1 - z0;
    }

    /** {@return voxels in the box} */
    public int voxelCount() {
        return nx() * ny() * nz();
    }
}
