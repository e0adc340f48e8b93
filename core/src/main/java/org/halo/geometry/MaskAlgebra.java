package org.halo.geometry;

import org.halo.image.Mask;

/** Voxel-wise set operations on structures that share one grid. */
public final class MaskAlgebra {
    private MaskAlgebra() {}

    /**
     * @param a a structure
     * @param b a structure on the same grid
     * @return voxels in either
     */
    public static Mask union(Mask a, Mask b) {
        return combine(a, b, (x, y) -> x | y);
    }

    /**
     * @param a a structure
     * @param b a structure on the same grid
     * @return voxels in both
     */
    public static Mask intersection(Mask a, Mask b) {
        return combine(a, b, (x, y) -> x & y);
    }

    /**
     * Voxels of {@code a} that are not in {@code b}.
     *
     * @param a a structure
     * @param b a structure on the same grid
     * @return the difference
     */
    public static Mask subtract(Mask a, Mask b) {
        return combine(a, b, (x, y) -> x & (1 - y));
    }

    private interface Op {
        int apply(int a, int b);
    }

    private static Mask combine(Mask a, Mask b, Op op) {
        requireSameGrid(a, b);
        byte[] x = a.voxels(), y = b.voxels();
        byte[] out = new byte[x.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) op.apply(x[i], y[i]);
        return Mask.wrap(a.grid(), out);
    }

    /**
     * Refuses two structures on different grids.
     *
     * @param a a structure
     * @param b another structure
     */
    public static void requireSameGrid(Mask a, Mask b) {
        if (!a.grid().sameGeometry(b.grid(), 1e-4)) {
            throw new IllegalArgumentException("structures lie on different grids (" + a.grid() + " vs " + b.grid() + "); resample one first");
        }
    }
}
