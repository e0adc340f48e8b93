package org.halo.clinical.miss;

import java.util.Arrays;

/**
 * The delineation offset δ integrated out of the D95 and D98 outcomes (docs/clinical.md, "The estimator"). A volume
 * point's dose does not depend on δ, only whether it belongs to the true CTV does (its threshold ≤ δ), so once a
 * scenario's points are evaluated up to {@link #upperMm} the outcome is known for every δ below it: constant between
 * consecutive distinct thresholds. The probability of a miss given the scenario's other errors is then an exact sum
 * over those intervals of the normal density's mass; above {@link #upperMm} the scenario's own sampled δ decides (its
 * 0/1 outcome there), so the estimator is unbiased without any truncation.
 *
 * @param meanMm the offset's mean (mm)
 * @param sdMm its standard deviation (mm), positive
 * @param upperMm the largest offset integrated (mm); points are evaluated up to it in every scenario
 * @param entryRank per depth-band entry, the index of its threshold among the distinct thresholds
 * @param thresholdMm the distinct thresholds, increasing (mm)
 * @param weightThrough per distinct threshold, the true CTV's weight when δ lies at it or above it (up to the next)
 * @param mass per distinct threshold, P(δ in [it, the next) and δ ≤ upperMm)
 */
public record DelineationIntegral(double meanMm, double sdMm, double upperMm, int[] entryRank, float[] thresholdMm, long[] weightThrough,
                                  double[] mass) {
    /**
     * How many standard deviations above the mean the integral reaches: every scenario evaluates the points up to
     * there, and the outer bands cost more kernel time than the variance they remove (benchmarks/RESULTS.md); above it
     * the sampled offset decides, so the reach trades speed for variance, never for bias.
     */
    public static final double REACH_SD = 3;

    /**
     * The largest offset integrated for a distribution.
     *
     * @param meanMm the mean (mm)
     * @param sdMm the standard deviation (mm)
     * @return the upper end of the integral (mm)
     */
    public static double upperMm(double meanMm, double sdMm) {
        return meanMm + REACH_SD * sdMm;
    }

    /**
     * The intervals of a problem's points and their masses.
     *
     * @param e the evaluation points
     * @param meanMm the offset's mean (mm)
     * @param sdMm its standard deviation (mm), positive
     * @param massScale the factor every mass takes: 1 / P(δ at or above the deepest threshold) where the offsets are
     *                  conditioned on a true CTV that is not empty ({@link OffsetLaw}), else 1
     * @return the integral
     */
    static DelineationIntegral of(EvaluationPoints e, double meanMm, double sdMm, double massScale) {
        if (!(sdMm > 0)) throw new IllegalArgumentException("integrating the delineation offset needs a positive SD");
        float[] sorted = e.sortedThresholds();
        long[] cumulative = e.cumulativeWeight();
        int n = sorted.length, distinct = 0;
        float[] t = new float[n];
        long[] w = new long[n];
        for (int i = 0; i < n; i++) {
            if (distinct == 0 || sorted[i] != t[distinct - 1]) distinct++;
            t[distinct - 1] = sorted[i];
            w[distinct - 1] = cumulative[i + 1];
        }
        t = Arrays.copyOf(t, distinct);
        w = Arrays.copyOf(w, distinct);
        double upper = upperMm(meanMm, sdMm);
        double[] mass = new double[distinct];
        for (int r = 0; r < distinct && t[r] < upper; r++) {
            double next = r + 1 < distinct ? Math.min(t[r + 1], upper) : upper;
            mass[r] = Math.max(0, OffsetLaw.cdf((next - meanMm) / sdMm) - OffsetLaw.cdf((t[r] - meanMm) / sdMm)) * massScale;
        }
        int[] rank = new int[e.entries()];
        for (int i = 0; i < rank.length; i++) rank[i] = Arrays.binarySearch(t, e.threshold()[i]);
        return new DelineationIntegral(meanMm, sdMm, upper, rank, t, w, mass);
    }

    /**
     * The delineation offset's distribution, to be integrated.
     *
     * @param meanMm the mean outward offset (mm)
     * @param sdMm the standard deviation (mm), positive
     */
    public record Offset(double meanMm, double sdMm) {
        /**
         * Checks the SD.
         *
         * @param meanMm the mean outward offset (mm)
         * @param sdMm the standard deviation (mm), positive
         */
        public Offset {
            if (!(sdMm > 0) || !Double.isFinite(meanMm)) throw new IllegalArgumentException("integrating the delineation offset needs a positive SD");
        }
    }

    /** {@return the number of distinct thresholds} */
    public int ranks() {
        return thresholdMm.length;
    }

    /**
     * P(less than {@code share} of the true CTV receives at least the level | the scenario's other errors), for δ up
     * to {@link #upperMm}: the outcome at each distinct threshold from the weight under the level at each threshold.
     * The test is the plain outcome's, with the true CTV's weight at that threshold.
     *
     * @param under per distinct threshold, the weight of the scenario's entries with that threshold under the level
     * @param first the lowest threshold index with weight under the level
     * @param last the highest
     * @param share the share of the volume that must receive the level (0.95 for D95)
     * @return the probability over δ ≤ upperMm
     */
    double missProbability(long[] under, int first, int last, double share) {
        double p = 0;
        long cum = 0;
        for (int r = first; r < mass.length; r++) {
            if (r <= last) cum += under[r];
            long total = weightThrough[r];
            boolean miss = total - cum < share * total;
            if (miss) p += mass[r];
            else if (r >= last) break; // the weight only grows from here, the weight under the level does not
        }
        return Math.min(1, p);
    }
}
