package org.halo.clinical.miss;

import java.util.List;

/**
 * Population outputs of the geographic-miss model (docs/clinical.md, "Outputs"). Probabilities carry their Monte Carlo
 * standard error √(p(1−p)/N); volumes are in cc, doses relative to the prescription. {@code minDoseAtLeast} is
 * P(CTV minimum dose ≥ {@code minDosePct} % Rx); {@code targetModel} says which target the scenarios moved.
 */
public record MissResult(
        int scenarios, int fractions, long seed, int substeps,
        Probability missD95, Probability missD98At90, Probability fullCoverage, Probability anyGeometricMiss,
        double minDosePct, Probability minDoseAtLeast,
        Distribution underdosedFraction, Distribution underdosedCc, Distribution d95, Distribution d98, Distribution minDose,
        double meanGatingCorrectionsPerFraction,
        double ctvCc, double ptvCc, double g50Mm, int evaluationPoints, TargetModel targetModel,
        Recipes recipes, ErrorModel model, double[] isocentreMm, String evaluator, double elapsedMs, List<String> warnings) {

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

        private static double rank(double[] sorted, double p) {
            int i = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }
    }

    /**
     * Analytic margins (mm) for the same errors: van Herk (many fractions), finite-fraction M(n), Stroom, Parker, Chang
     * (95 %, rotation at the target's distance from the isocentre); with the Σ, σ, σp they used.
     */
    public record Recipes(double sysMm, double randMm, double penumbraMm, double rotationDeg, double distanceToIsocentreMm,
                          double vanHerkMm, double finiteFractionsMm, double stroomMm, double parkerMm, double changMm) {}
}
