package org.halo.compute;

/**
 * Where distance and margin arithmetic runs: the Java CPU path or an OpenCL device. Every geometric operation in
 * {@code org.halo.geometry} reduces to these two primitives, so all backends give the same answers by construction
 * and share one test suite.
 *
 * <p>A backend may hold a device context: close it when done (try-with-resources); closing the Java CPU path does
 * nothing. Every backend Halo provides is safe to share between threads: a cohort can run several targets at once on
 * one backend (an OpenCL device serialises their kernels; the CPU path splits each operation over its own threads).
 */
public interface Backend extends AutoCloseable {
    /**
     * Short name for output, e.g. "cpu (2 threads)".
     *
     * @return the name
     */
    String name();

    /**
     * The minimum cost of every voxel of the problem's box, x fastest within the box; +∞ where no site reaches.
     *
     * @param problem the problem
     * @return one value per voxel of the box
     */
    float[] minimumCost(CostProblem problem);

    /**
     * 1 where the minimum cost lies in (lowerExclusive, upperInclusive], 0 elsewhere, over the box (x fastest). Both
     * bounds are compared in double precision after the last pass, so exact ties resolve identically on every
     * backend. One transform serves a shell between two margins (a ring) without a second pass over the data.
     *
     * @param problem the problem
     * @param lowerExclusive the band's lower bound, excluded
     * @param upperInclusive the band's upper bound, included
     * @return one byte per voxel of the box, 1 inside the band
     */
    byte[] withinCostBand(CostProblem problem, double lowerExclusive, double upperInclusive);

    /**
     * Sets to 1 the voxels of {@code gridMask} (the problem's whole grid, x fastest) whose minimum cost lies in
     * (lowerExclusive, upperInclusive], and leaves every other voxel as it is: a margin written straight into its output
     * mask, without a box-sized array on the way.
     *
     * @param problem the problem
     * @param lowerExclusive the band's lower bound, excluded
     * @param upperInclusive the band's upper bound, included
     * @param gridMask the whole grid's mask to mark
     */
    default void markCostBand(CostProblem problem, double lowerExclusive, double upperInclusive, byte[] gridMask) {
        byte[] band = withinCostBand(problem, lowerExclusive, upperInclusive);
        Box b = problem.box();
        int i = 0;
        for (int k = b.z0(); k < b.z1(); k++) {
            for (int j = b.y0(); j < b.y1(); j++) {
                int row = b.x0() + problem.nx() * (j + problem.ny() * k);
                for (int x = 0; x < b.nx(); x++, i++) if (band[i] != 0) gridMask[row + x] = 1;
            }
        }
    }

    /**
     * An optional accelerated implementation of another kind of work (for example {@code DvhSampler}), or null when
     * this backend has none and the caller should use its Java code.
     *
     * @param <T> the kind of work
     * @param type its interface
     * @return the implementation, or null
     */
    default <T> T capability(Class<T> type) {
        return null;
    }

    /**
     * Threads that Java work on this backend's behalf may use (the Monte Carlo's Java kernel, for instance): the CPU
     * path's own count, which wrappers pass on; all processors where the backend sets none.
     *
     * @return the number of threads
     */
    default int cpuThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Releases what the backend holds (a device context, its buffers); the backend is not used afterwards. */
    @Override
    default void close() {}

    /**
     * 1 where the minimum cost is at most {@code threshold}.
     *
     * @param problem the problem
     * @param threshold the largest cost inside, included
     * @return one byte per voxel of the box, 1 within the threshold
     */
    default byte[] withinCost(CostProblem problem, double threshold) {
        return withinCostBand(problem, Double.NEGATIVE_INFINITY, threshold);
    }
}
