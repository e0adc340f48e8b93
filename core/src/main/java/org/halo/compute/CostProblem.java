package org.halo.compute;

/**
 * One separable minimum-cost problem, the primitive behind every distance and margin operation.
 *
 * <p>Sites are the voxels of {@code mask} (full grid, x fastest) equal to {@code siteValue} inside {@code box}. For
 * each voxel v of the box, the answer is the minimum over sites q of Σ<sub>a</sub> c<sub>a</sub>(v<sub>a</sub> −
 * q<sub>a</sub>), where the cost along grid axis a of a displacement of Δ voxels is {@code weightPos[a]·Δ²} for Δ &gt; 0
 * and {@code weightNeg[a]·Δ²} for Δ &lt; 0 (0 for Δ = 0). A weight of +∞ forbids displacement to that side. Partial
 * results above {@code clamp} can never matter and are replaced by +∞ (band limiting); use +∞ for none.
 *
 * <p>With both weights s<sub>a</sub>² this is the squared Euclidean distance in mm² between voxel centres; with
 * (s<sub>a</sub>/m<sub>a</sub>)² it is the normalised distance whose unit ball is the margin's ellipsoid (octants).
 *
 * <p>With {@code siteCosts} (full grid, x fastest) the sites are instead every voxel with a finite cost, and each
 * starts at its cost rather than 0 (a generalised distance transform: sub-voxel margins give each site its depth below
 * the smooth surface this way); {@code mask} may then be null.
 */
public record CostProblem(byte[] mask, int nx, int ny, int nz, Box box, byte siteValue,
                          double[] weightPos, double[] weightNeg, double clamp, float[] siteCosts) {
    /**
     * A problem whose sites are the mask's voxels equal to {@code siteValue}.
     *
     * @param mask the sites' mask over the whole grid, x fastest
     * @param nx voxels along x
     * @param ny voxels along y
     * @param nz voxels along z
     * @param box the voxels to solve for
     * @param siteValue the mask value of a site
     * @param weightPos cost weight per grid axis for positive displacements
     * @param weightNeg cost weight per grid axis for negative displacements
     * @param clamp partial costs above it are +∞ (+∞: none)
     */
    public CostProblem(byte[] mask, int nx, int ny, int nz, Box box, byte siteValue, double[] weightPos, double[] weightNeg, double clamp) {
        this(mask, nx, ny, nz, box, siteValue, weightPos, weightNeg, clamp, null);
    }

    /**
     * Sites with starting costs (no mask).
     *
     * @param siteCosts the starting cost of every voxel, +∞ for none (whole grid, x fastest)
     * @param nx voxels along x
     * @param ny voxels along y
     * @param nz voxels along z
     * @param box the voxels to solve for
     * @param weightPos cost weight per grid axis for positive displacements
     * @param weightNeg cost weight per grid axis for negative displacements
     * @return the problem
     */
    public static CostProblem withSiteCosts(float[] siteCosts, int nx, int ny, int nz, Box box, double[] weightPos, double[] weightNeg) {
        return new CostProblem(null, nx, ny, nz, box, (byte) 1, weightPos, weightNeg, Double.POSITIVE_INFINITY, siteCosts);
    }

    /**
     * Checks that the arrays fit the grid, the box lies in it and the weights are positive.
     *
     * @param mask the sites' mask over the whole grid, x fastest (null with site costs)
     * @param nx voxels along x
     * @param ny voxels along y
     * @param nz voxels along z
     * @param box the voxels to solve for
     * @param siteValue the mask value of a site
     * @param weightPos cost weight per grid axis for positive displacements
     * @param weightNeg cost weight per grid axis for negative displacements
     * @param clamp partial costs above it are +∞ (+∞: none)
     * @param siteCosts the starting cost of every voxel (whole grid, x fastest), or null
     */
    public CostProblem {
        if (siteCosts != null ? siteCosts.length != nx * ny * nz : mask.length != nx * ny * nz) {
            throw new IllegalArgumentException((siteCosts != null ? "site costs" : "mask") + " length differs from grid");
        }
        if (box.x0() < 0 || box.y0() < 0 || box.z0() < 0 || box.x1() > nx || box.y1() > ny || box.z1() > nz) {
            throw new IllegalArgumentException("box outside grid");
        }
        for (int a = 0; a < 3; a++) {
            if (!(weightPos[a] > 0) || !(weightNeg[a] > 0)) throw new IllegalArgumentException("weights must be positive");
        }
    }
}
