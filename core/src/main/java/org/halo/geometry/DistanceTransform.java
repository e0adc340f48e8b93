package org.halo.geometry;

import org.halo.compute.Backend;
import org.halo.compute.Box;
import org.halo.compute.CostProblem;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;

/**
 * Exact Euclidean distance in mm between voxel centres on anisotropic grids (separable and linear-time, see
 * {@link org.halo.compute.CpuBackend}).
 *
 * <ul>
 *   <li>{@link #outside}: for every voxel, the distance to the nearest structure voxel centre (0 inside);
 *   <li>{@link #inside}: for every structure voxel, the distance to the nearest non-structure voxel centre (0 outside);
 *   <li>{@link #signed}: outside − inside, positive outside, negative inside. No voxel is exactly 0: the zero level lies
 *       between the boundary voxels on either side.
 * </ul>
 * Voxels beyond the grid count as neither. With no voxel to measure to (an empty structure for {@code outside}, a
 * structure filling the grid for {@code inside}) the distance is +∞, never a made-up number.
 */
public final class DistanceTransform {
    private final Backend backend;

    /** @param backend where the transforms run */
    public DistanceTransform(Backend backend) {
        this.backend = backend;
    }

    /**
     * The distance (mm) of every voxel outside the mask to the nearest voxel inside, 0 inside.
     *
     * @param mask the structure
     * @return float32 distances (mm) on the mask's grid
     */
    public Volume outside(Mask mask) {
        return Volume.ofFloats(mask.grid(), outsideMm(mask));
    }

    /**
     * The distance (mm) of every voxel inside the mask to the nearest voxel outside, 0 outside.
     *
     * @param mask the structure
     * @return float32 distances (mm) on the mask's grid
     */
    public Volume inside(Mask mask) {
        return Volume.ofFloats(mask.grid(), insideMm(mask));
    }

    /**
     * The signed distance (mm): positive outside the mask, negative inside.
     *
     * @param mask the structure
     * @return float32 distances (mm) on the mask's grid
     */
    public Volume signed(Mask mask) {
        return Volume.ofFloats(mask.grid(), signedMm(mask));
    }

    /**
     * As {@link #outside}, the voxel values only (x fastest).
     *
     * @param mask the structure
     * @return distances (mm), x fastest
     */
    public float[] outsideMm(Mask mask) {
        return sqrt(squared(mask, (byte) 1));
    }

    /**
     * As {@link #inside}, the voxel values only (x fastest).
     *
     * @param mask the structure
     * @return distances (mm), x fastest
     */
    public float[] insideMm(Mask mask) {
        return sqrt(squared(mask, (byte) 0));
    }

    /**
     * As {@link #signed}, the voxel values only (x fastest).
     *
     * @param mask the structure
     * @return distances (mm), x fastest
     */
    public float[] signedMm(Mask mask) {
        org.halo.MemoryBudget.require(12L * mask.grid().voxelCount(), "a signed distance map of " + mask.grid().voxelCount() + " voxels");
        float[] out = squared(mask, (byte) 1);
        float[] in = squared(mask, (byte) 0);
        for (int i = 0; i < out.length; i++) out[i] = (float) (Math.sqrt(out[i]) - Math.sqrt(in[i]));
        return out;
    }

    private float[] squared(Mask mask, byte siteValue) {
        Grid g = mask.grid();
        org.halo.MemoryBudget.require(8L * g.voxelCount(), "a distance map of " + g.voxelCount() + " voxels");
        double[] w = new double[3];
        for (int a = 0; a < 3; a++) w[a] = g.spacingMm(a) * g.spacingMm(a);
        CostProblem p = new CostProblem(mask.voxels(), g.size(0), g.size(1), g.size(2), Box.whole(g.size(0), g.size(1), g.size(2)),
                siteValue, w, w.clone(), Double.POSITIVE_INFINITY);
        return backend.minimumCost(p);
    }

    private static float[] sqrt(float[] squared) {
        for (int i = 0; i < squared.length; i++) squared[i] = (float) Math.sqrt(squared[i]);
        return squared;
    }
}
