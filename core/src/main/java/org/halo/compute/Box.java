package org.halo.compute;

import net.imglib2.Interval;

/**
 * A box of voxels [x0, x1) × [y0, y1) × [z0, z1) in grid indices; the unit of work of every backend operation. It is
 * an ImgLib2 {@link Interval} (min x0, max x1 − 1, ...), so boxes grow and clip with {@code Intervals.expand} and
 * {@code Intervals.intersect} like any other interval.
 */
public record Box(int x0, int y0, int z0, int x1, int y1, int z1) implements Interval {
    public Box {
        if (x1 <= x0 || y1 <= y0 || z1 <= z0) throw new IllegalArgumentException("empty box");
    }

    /** The box of a non-empty three-dimensional interval of grid indices. */
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

    public static Box whole(int nx, int ny, int nz) {
        return new Box(0, 0, 0, nx, ny, nz);
    }

    public int nx() {
        return x1 - x0;
    }

    public int ny() {
        return y1 - y0;
    }

    public int nz() {
        return z1 - z0;
    }

    public int voxelCount() {
        return nx() * ny() * nz();
    }
}
