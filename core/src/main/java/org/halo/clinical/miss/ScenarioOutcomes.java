package org.halo.clinical.miss;

/**
 * Per-scenario results (docs/clinical.md, "Outputs"), plain arrays indexed by scenario; {@code points} and the counts
 * are sums of the evaluation points' integer weights (volumes in units of the problem's weightCc). Doses are relative to the
 * prescription (physical, or BED relative to the planned BED). D95 and D98 are read from a histogram of
 * {@link #BIN} wide bins and are exact to one bin; the pass/fail counts behind the probabilities are exact.
 * {@code inside} is true where the kernel proved that every point stayed inside the PTV at every substep (false where it
 * did not say): such a scenario does the same at any larger margin on the same lattice. {@code dvh} holds each
 * scenario's cumulative DVH of the true CTV from the same histogram: {@link #DVH_LEVELS} values per scenario, the share
 * of the volume receiving at least 0, 1, 2, ... % of the prescription. For the conditional estimator
 * ({@link DelineationIntegral}), {@code conditionalMissD95} and {@code conditionalMissD98At90} hold each scenario's
 * probability of a miss given its errors other than the delineation offset; null for the plain estimator.
 *
 * @param points the true CTV's weight per scenario
 * @param below95 weight below 95 % of the prescription
 * @param below90 weight below 90 %
 * @param minDose the lowest dose
 * @param d95 the dose to 95 % of the volume
 * @param d98 the dose to 98 %
 * @param maxGeometricMiss the largest share of the CTV outside the PTV in any fraction
 * @param meanGeometricMiss the mean over fractions of that share
 * @param inside whether every point provably stayed inside the PTV
 * @param dvh the cumulative DVHs, {@link #DVH_LEVELS} per scenario
 * @param conditionalMissD95 per scenario, P(D95 &lt; 95 % | its other errors), or null
 * @param conditionalMissD98At90 per scenario, P(D98 &lt; 90 % | its other errors), or null
 */
public record ScenarioOutcomes(int[] points, int[] below95, int[] below90, double[] minDose, double[] d95, double[] d98,
                               double[] maxGeometricMiss, double[] meanGeometricMiss, boolean[] inside, float[] dvh,
                               double[] conditionalMissD95, double[] conditionalMissD98At90) {
    /** The width of the histogram's dose bins (fraction of the prescription). */
    public static final double BIN = 0.001;
    /** The histogram's bins: up to twice the prescription. */
    public static final int BINS = 2000;
    /** Dose levels of each scenario's cumulative DVH: 0, 1, ..., 199 % of the prescription. */
    public static final int DVH_LEVELS = 200;
    /** Histogram bins per DVH level (1 % of the prescription). */
    public static final int DVH_STEP_BINS = 10;

    /**
     * @param n the number of scenarios
     * @return zeroed outcomes of the plain estimator
     */
    public static ScenarioOutcomes allocate(int n) {
        return allocate(n, false);
    }

    /**
     * @param n the number of scenarios
     * @param conditional whether the conditional estimator's probabilities are kept
     * @return zeroed outcomes
     */
    public static ScenarioOutcomes allocate(int n, boolean conditional) {
        return new ScenarioOutcomes(new int[n], new int[n], new int[n], new double[n], new double[n], new double[n], new double[n], new double[n],
                new boolean[n], new float[n * DVH_LEVELS], conditional ? new double[n] : null, conditional ? new double[n] : null);
    }

    /**
     * Outcomes of consecutive blocks of scenarios as one.
     *
     * @param blocks the blocks, in scenario order, all of one estimator
     * @return their outcomes, concatenated
     */
    public static ScenarioOutcomes concat(java.util.List<ScenarioOutcomes> blocks) {
        if (blocks.size() == 1) return blocks.get(0);
        int n = 0;
        for (ScenarioOutcomes b : blocks) n += b.points.length;
        ScenarioOutcomes out = allocate(n, blocks.get(0).conditionalMissD95 != null);
        int at = 0;
        for (ScenarioOutcomes b : blocks) {
            int k = b.points.length;
            System.arraycopy(b.points, 0, out.points, at, k);
            System.arraycopy(b.below95, 0, out.below95, at, k);
            System.arraycopy(b.below90, 0, out.below90, at, k);
            System.arraycopy(b.minDose, 0, out.minDose, at, k);
            System.arraycopy(b.d95, 0, out.d95, at, k);
            System.arraycopy(b.d98, 0, out.d98, at, k);
            System.arraycopy(b.maxGeometricMiss, 0, out.maxGeometricMiss, at, k);
            System.arraycopy(b.meanGeometricMiss, 0, out.meanGeometricMiss, at, k);
            System.arraycopy(b.inside, 0, out.inside, at, k);
            System.arraycopy(b.dvh, 0, out.dvh, at * DVH_LEVELS, k * DVH_LEVELS);
            if (out.conditionalMissD95 != null) {
                System.arraycopy(b.conditionalMissD95, 0, out.conditionalMissD95, at, k);
                System.arraycopy(b.conditionalMissD98At90, 0, out.conditionalMissD98At90, at, k);
            }
            at += k;
        }
        return out;
    }

    /**
     * Scenario j's cumulative DVH from its dose histogram: at each level the share of the total weight in bins at or
     * above it (the OpenCL kernel computes the same, in the same order).
     *
     * @param hist the scenario's weight per dose bin
     * @param total the scenario's total weight
     * @param dvh the outcomes' DVH array
     * @param j the scenario
     */
    static void cumulativeDvh(int[] hist, int total, float[] dvh, int j) {
        long cum = 0;
        int b = BINS - 1;
        for (; b >= 0; b--) {
            cum += hist[b];
            if (b % DVH_STEP_BINS == 0) dvh[j * DVH_LEVELS + b / DVH_STEP_BINS] = share(cum, total);
            if (cum == total) break; // every point counted: the levels below hold all of it
        }
        for (int k = (b - 1) / DVH_STEP_BINS; b > 0 && k >= 0; k--) dvh[j * DVH_LEVELS + k] = share(total, total);
    }

    private static float share(long weight, int total) {
        return total > 0 ? (float) ((double) weight / total) : 0f;
    }

    /**
     * D95 &lt; 95 %: less than 95 % of the true CTV's volume receives at least 95 % of the prescription.
     *
     * @param j a scenario
     * @return true for a miss
     */
    public boolean missD95(int j) {
        return points[j] - below95[j] < 0.95 * points[j];
    }

    /**
     * D98 &lt; 90 %.
     *
     * @param j a scenario
     * @return true for a miss
     */
    public boolean missD98At90(int j) {
        return points[j] - below90[j] < 0.98 * points[j];
    }

    /**
     * Every point of the true CTV (its surface included) receives at least the prescription (to 1e-9).
     *
     * @param j a scenario
     * @return true when every point received at least 95 %
     */
    public boolean fullCoverage(int j) {
        return minDose[j] >= 1 - 1e-9;
    }
}
