package org.halo.compute;

/** A box of voxels [x0, x1) × [y0, y1) × [z0, z1) in grid indices; the unit of work of every backend operation. */
public record Box(int x0, int y0, int z0, int x1, int y1, int z1) {
    public Box {
        if (x1 <= x0 || y1 <= y0 || z1 <= z0) throw new IllegalArgumentException("empty box");
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
