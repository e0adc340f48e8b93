package org.halo.clinical.miss;

import java.util.List;

/**
 * Population outputs of the geographic-miss model (docs/clinical.md, "Outputs"). Probabilities carry their Monte Carlo
 * standard error: √(p(1−p)/N) for 0/1 outcomes, the sample standard deviation over √N for the conditional
 * estimator's D95 and D98 risks ({@code estimator} says which computed them); volumes are in cc, doses relative to the prescription. {@code minDoseAtLeast} is
 * P(CTV minimum dose ≥ {@code minDosePct} % Rx); {@code targetModel} says which target the scenarios moved;
 * {@code dvhBands} how the true CTV's cumulative DVH spreads over the scenarios.
 */
public record MissResult(
        int scenarios, int fractions, long seed, int substeps,
        Probability missD95, Probability missD98At90, Probability fullCoverage, Probability anyGeometricMiss,
        double minDosePct, Probability minDoseAtLeast,
        Distribution underdosedFraction, Distribution underdosedCc, Distribution d95, Distribution d98, Distribution minDose,
        double meanGatingCorrectionsPerFraction,
        double ctvCc, double ptvCc, double g50Mm, int evaluationPoints, TargetModel targetModel,
        Recipes recipes, ErrorModel model, double[] isocentreMm, String evaluator, double elapsedMs, List<String> warnings, DvhBands dvhBands,
        Estimator estimator) {

    /** {@return the PTV's volume over the CTV's} */
    public double ptvToCtvRatio() {
        return ptvCc / ctvCc;
    }

    /** A probability and its Monte Carlo standard error. */
    public record Probability(double value, double standardError) {
        static Probability of(long hits, int n) {
            double p = (double) hits / n;
            return new Probability(p, Math.sqrt(p * (1 - p) / n));
        }

        /** The mean of per-scenario probabilities, with the sample standard deviation over √N as its error. */
        static Probability ofMean(double[] perScenario) {
            int n = perScenario.length;
            double sum = 0;
            for (double v : perScenario) sum += v;
            double mean = sum / n, ss = 0;
            for (double v : perScenario) ss += (v - mean) * (v - mean);
            return new Probability(mean, n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0);
        }

        /**
         * The mean over randomised quasi-Monte Carlo replicates (scenario j in replicate j mod R) of each replicate's
         * mean, with the replicate means' standard deviation over √R as its error: the scenarios of one replicate are
         * not independent, the replicates are.
         */
        static Probability ofReplicates(double[] perScenario, int replicates) {
            double[] sum = new double[replicates];
            int[] n = new int[replicates];
            for (int j = 0; j < perScenario.length; j++) {
                sum[j % replicates] += perScenario[j];
                n[j % replicates]++;
            }
            int r = Math.min(replicates, perScenario.length);
            double[] means = new double[r];
            for (int i = 0; i < r; i++) means[i] = sum[i] / n[i];
            return ofMean(means);
        }
    }

    /** Mean and percentiles (nearest rank) of a per-scenario quantity. */
    public record Distribution(double mean, double p5, double p10, double p50, double p90, double p95) {
        static Distribution of(double[] values) {
            double[] v = values.clone();
            java.util.Arrays.sort(v);
            double sum = 0;
            for (double x : v) sum += x;
            return new Distribution(sum / v.length, rank(v, 0.05), rank(v, 0.10), rank(v, 0.50), rank(v, 0.90), rank(v, 0.95));
        }

        static double rank(double[] sorted, double p) {
            int i = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    /**
     * How the true CTV's cumulative DVH spreads over the scenarios: at each dose level (% of the prescription), the
     * 5th, 25th, 50th, 75th and 95th percentiles (nearest rank) over the scenarios of the share of the volume receiving
     * at least that dose (%).
     *
     * @param doseLevelsPctRx the dose levels (% Rx)
     * @param percentiles the percentiles, {@link #PERCENTILES}
     * @param volumePct per percentile, the volume (%) at each dose level
     */
    public record DvhBands(double[] doseLevelsPctRx, int[] percentiles, double[][] volumePct) {
        /** The percentiles the bands are drawn at. */
        public static final int[] PERCENTILES = {5, 25, 50, 75, 95};

        /**
         * @param percentile one of {@link #PERCENTILES}
         * @return the volume (%) at each dose level
         */
        public double[] at(int percentile) {
            for (int i = 0; i < percentiles.length; i++) if (percentiles[i] == percentile) return volumePct[i].clone();
            throw new IllegalArgumentException("no band at the " + percentile + "th percentile");
        }

        /**
         * @param percentile one of {@link #PERCENTILES}
         * @param dosePctRx a dose level (% Rx), whole
         * @return the volume (%) receiving at least that dose in that band
         */
        public double volumePctAt(int percentile, double dosePctRx) {
            int k = (int) Math.round(dosePctRx);
            if (k < 0 || k >= doseLevelsPctRx.length || Math.abs(k - dosePctRx) > 1e-9) throw new IllegalArgumentException("no dose level at " + dosePctRx + " % Rx");
            return at(percentile)[k];
        }

        static DvhBands of(float[] dvh, int scenarios) {
            int levels = ScenarioOutcomes.DVH_LEVELS;
            double[] doses = new double[levels];
            double[][] bands = new double[PERCENTILES.length][levels];
            double[] v = new double[scenarios];
            for (int k = 0; k < levels; k++) {
                doses[k] = k; // one level per 1 % of the prescription
                for (int j = 0; j < scenarios; j++) v[j] = dvh[j * levels + k];
                java.util.Arrays.sort(v);
                for (int p = 0; p < PERCENTILES.length; p++) bands[p][k] = 100 * Distribution.rank(v, PERCENTILES[p] / 100.0);
            }
            return new DvhBands(doses, PERCENTILES.clone(), bands);
        }
    }

    /**
     * Analytic margins (mm) for the same errors: van Herk (many fractions), finite-fraction M(n), Stroom, Parker, Chang
     * (95 %, rotation at the target's distance from the isocentre); with the Σ, σ, σp they used.
     */
    public record Recipes(double sysMm, double randMm, double penumbraMm, double rotationDeg, double distanceToIsocentreMm,
                          double vanHerkMm, double finiteFractionsMm, double stroomMm, double parkerMm, double changMm) {}
}
