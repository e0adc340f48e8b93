package org.halo.compute;

/**
 * Where distance and margin arithmetic runs: the Java CPU path or an OpenCL device. Every geometric operation in
 * {@code org.halo.geometry} reduces to these two primitives, so all backends give the same answers by construction
 * and share one test suite.
 */
public interface Backend {
    /** Short name for output, e.g. "cpu (2 threads)". */
    String name();

    /** The minimum cost of every voxel of the problem's box, x fastest within the box; +∞ where no site reaches. */
    float[] minimumCost(CostProblem problem);

    /**
     * 1 where the minimum cost is at most {@code threshold}, 0 elsewhere, over the box (x fastest). The threshold is
     * compared in double precision after the last pass, so exact ties resolve identically on every backend.
     */
    byte[] withinCost(CostProblem problem, double threshold);
}
