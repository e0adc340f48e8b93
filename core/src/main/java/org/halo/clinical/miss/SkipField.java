package org.halo.clinical.miss;

import org.halo.compute.Backend;
import org.halo.geometry.DistanceTransform;
import org.halo.image.Grid;
import org.halo.image.Mask;

/** The skip radii of the lattice's nodes. */
final class SkipField {
    private SkipField() {}

    /**
     * Skip radius: the distance from a point to the nearest interpolation cell with a corner outside the PTV, i.e. to
     * the outside set grown by one voxel along every axis (3×3×3). A point moved by less keeps dose 1 exactly.
     */
    static float[] of(MissLattice lattice, Backend backend, MissCache cache) {
        return cache.skipField(lattice.grid(), lattice.ptv(), () -> compute(lattice, backend));
    }

    private static float[] compute(MissLattice lattice, Backend backend) {
        Grid grid = lattice.grid();
        int nx = grid.size(0), ny = grid.size(1), nz = grid.size(2);
        byte[] ptvBytes = lattice.ptv();
        byte[] grown = new byte[ptvBytes.length];
        for (int i = 0; i < grown.length; i++) grown[i] = (byte) (ptvBytes[i] == 0 ? 1 : 0);
        // The 3×3×3 dilation as three passes of three along each axis.
        byte[] tmp = new byte[grown.length];
        dilateAlong(grown, tmp, 1, nx, nx, ny, nz);
        dilateAlong(tmp, grown, nx, ny, nx, ny, nz);
        dilateAlong(grown, tmp, nx * ny, nz, nx, ny, nz);
        return new DistanceTransform(backend).outsideMm(Mask.wrap(grid, tmp));
    }

    /** out[i] = in[i − stride] | in[i] | in[i + stride] along the axis of that stride and length (clipped at its ends). */
    private static void dilateAlong(byte[] in, byte[] out, int stride, int length, int nx, int ny, int nz) {
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = x + nx * (y + ny * z);
                    int along = stride == 1 ? x : stride == nx ? y : z;
                    int v = in[i];
                    if (along > 0) v |= in[i - stride];
                    if (along + 1 < length) v |= in[i + stride];
                    out[i] = (byte) v;
                }
            }
        }
    }
}
