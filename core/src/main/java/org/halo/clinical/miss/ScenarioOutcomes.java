package org.halo.clinical.miss;

/**
 * Per-scenario results (docs/clinical.md, "Outputs"), plain arrays indexed by scenario; {@code points} and the counts
 * are sums of the evaluation points' integer weights (volumes in units of the problem's weightCc). Doses are relative to the
 * prescription (physical, or BED relative to the planned BED). D95 and D98 are read from a histogram of
 * {@link #BIN} wide bins and are exact to one bin; the pass/fail counts behind the probabilities are exact.
 * {@code inside} is true where the kernel proved that every point stayed inside the PTV at every substep (false where it
 * did not say): such a scenario does the same at any larger margin on the same lattice.
 */
public record ScenarioOutcomes(int[] points, int[] below95, int[] below90, double[] minDose, double[] d95, double[] d98,
                               double[] maxGeometricMiss, double[] meanGeometricMiss, boolean[] inside) {
    /** The width of the histogram's dose bins (fraction of the prescription). */
    public static final double BIN = 0.001;
    /** The histogram's bins: up to twice the prescription. */
    public static final int BINS = 2000;

    /**
     * @param n the number of scenarios
     * @return zeroed outcomes
     */
    public static ScenarioOutcomes allocate(int n) {
        return new ScenarioOutcomes(new int[n], new int[n], new int[n], new double[n], new double[n], new double[n], new double[n], new double[n],
                new boolean[n]);
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
