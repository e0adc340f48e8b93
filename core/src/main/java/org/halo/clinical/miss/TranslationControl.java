package org.halo.clinical.miss;

import java.util.Arrays;
import java.util.List;

/**
 * A control variate for the D95 and D98 risks of the controlled estimator ({@link Estimator#CONTROLLED}): how far a
 * scenario moves the target's centroid on average, |T| (mm), T being the mean over its fractions of the centroid's
 * displacement by the fraction's rigid transform about the isocentre, (R − I)·(centroid − isocentre) + shift, plus half
 * the drift (the drift's mean position). A miss depends mostly on |T|, and |T|'s distribution
 * follows from the error model alone, so its expectation is known, to any precision wanted, from a large sample of the
 * model without the scenario kernel. The basis is |T| and two hinges, max(0, |T| − k), at the 60th and 90th percentiles of
 * that sample, each hinge once enough scenarios lie beyond its knot ({@link #basisSize}).
 * <p>
 * Per quasi-random replicate r the risk's estimate is the replicate's mean outcome less β₋ᵣ · (its mean basis − the
 * basis's expectation), β₋ᵣ the least-squares fit of outcome on basis over the other replicates. The replicates are
 * independent scrambles, so β₋ᵣ is independent of replicate r and each replicate's estimate is unbiased whatever the
 * fit; the standard error is a jackknife over the replicates (the replicates' corrected means share their fits, so
 * their plain spread would understate it), plus the expectation's own sampling error.
 */
final class TranslationControl {
    /** Scenarios of the model alone that give the basis's expectation. */
    static final int SAMPLE = 16 * 1024;
    private static final double[] KNOT_QUANTILES = {0.6, 0.9};
    /** Domain tag of the sample's seed, apart from the simulation's own scenarios of the same seed. */
    private static final long DOMAIN = 0x434f4e54524f4cL; // "CONTROL"

    private final double[] knotsMm;
    private final double[] expectation;
    /** The expectation's covariance as its sample estimates it (its replicates' spread). */
    private final double[][] expectationCovariance;

    private TranslationControl(double[] knotsMm, double[] expectation, double[][] expectationCovariance) {
        this.knotsMm = knotsMm;
        this.expectation = expectation;
        this.expectationCovariance = expectationCovariance;
    }

    /**
     * The basis's expectation under an error model, from {@link #SAMPLE} quasi-random scenarios of a seed apart from
     * the simulation's.
     *
     * @param m the error model
     * @param fractions the number of fractions
     * @param seed the simulation's seed
     * @param leverMm the target's centroid less the isocentre (mm, LPS)
     * @return the control
     */
    static TranslationControl of(ErrorModel m, int fractions, long seed, double[] leverMm) {
        double[] t = meanTranslationMm(ScenarioSampler.sample(m, 0, SAMPLE, fractions, seed ^ DOMAIN, true), leverMm);
        double[] sorted = t.clone();
        Arrays.sort(sorted);
        double[] knots = new double[KNOT_QUANTILES.length];
        for (int i = 0; i < knots.length; i++) knots[i] = sorted[(int) (KNOT_QUANTILES[i] * (sorted.length - 1))];
        int k = knots.length + 1, reps = ScrambledSobol.REPLICATES;
        double[][] repMean = new double[reps][k];
        double[] h = new double[k];
        for (int j = 0; j < t.length; j++) {
            basis(t[j], knots, h);
            for (int a = 0; a < k; a++) repMean[ScrambledSobol.replicate(j)][a] += h[a] / (t.length / reps);
        }
        double[] mean = new double[k];
        for (double[] r : repMean) for (int a = 0; a < k; a++) mean[a] += r[a] / reps;
        double[][] cov = new double[k][k];
        for (double[] r : repMean) {
            for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) cov[a][b] += (r[a] - mean[a]) * (r[b] - mean[b]) / ((reps - 1.0) * reps);
        }
        return new TranslationControl(knots, mean, cov);
    }

    /** The key a cache finds a control by: every input of {@link #of}. */
    static List<Object> key(ErrorModel m, int fractions, long seed, double[] leverMm) {
        return List.of(Arrays.toString(m.systematicMm()), Arrays.toString(m.machineOffsetMm()), m.systematicRotationDeg(), Arrays.toString(m.randomMm()),
                m.rotationDeg(), m.intrafractionMm(), m.gatingMm(), m.delineationMm(), m.growthMm(), fractions, seed, Arrays.toString(leverMm));
    }

    /**
     * Per scenario, |T| (mm): the mean over fractions of the centroid's displacement, (R − I)·lever + systematic and
     * set-up shift + half the drift, R the fraction's rotation as the kernel applies it.
     *
     * @param sc the scenarios
     * @param leverMm the target's centroid less the isocentre (mm, LPS)
     * @return |T| per scenario
     */
    static double[] meanTranslationMm(Scenarios sc, double[] leverMm) {
        int n = sc.fractions();
        boolean lever = leverMm[0] != 0 || leverMm[1] != 0 || leverMm[2] != 0;
        double[] out = new double[sc.count()], r = new double[9], t = new double[3];
        for (int j = 0; j < out.length; j++) {
            Arrays.fill(t, 0);
            for (int k = 0; k < n; k++) {
                int f = j * n + k;
                for (int a = 0; a < 3; a++) t[a] += sc.systematicShiftMm()[3 * j + a] + sc.setupShiftMm()[3 * f + a] + 0.5 * sc.driftMm()[3 * f + a];
                if (!lever) continue;
                MissProblem.rotation(sc.systematicRotationDeg()[3 * j] + sc.rotationDeg()[3 * f], sc.systematicRotationDeg()[3 * j + 1] + sc.rotationDeg()[3 * f + 1],
                        sc.systematicRotationDeg()[3 * j + 2] + sc.rotationDeg()[3 * f + 2], r);
                for (int a = 0; a < 3; a++) t[a] += r[3 * a] * leverMm[0] + r[3 * a + 1] * leverMm[1] + r[3 * a + 2] * leverMm[2] - leverMm[a];
            }
            out[j] = Math.sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]) / n;
        }
        return out;
    }

    /** The first {@code h.length} basis functions at |T| = t. */
    private static void basis(double t, double[] knots, double[] h) {
        h[0] = t;
        for (int i = 0; i + 1 < h.length; i++) h[i + 1] = Math.max(0, t - knots[i]);
    }

    /**
     * How many basis functions a fit on n scenarios takes: a hinge only once two scenarios a replicate are expected
     * beyond its knot, since a slope fitted on fewer is noise that the correction would carry.
     */
    static int basisSize(int n) {
        int k = 1;
        for (double q : KNOT_QUANTILES) if ((1 - q) * n >= 2 * ScrambledSobol.REPLICATES) k++;
        return k;
    }

    /**
     * The risk from per-scenario outcomes and their scenarios' |T|, scenario j in replicate j mod {@link ScrambledSobol#REPLICATES}.
     * With fewer than two scenarios a replicate, the replicates' means as {@link MissResult.Probability#ofReplicates} gives them.
     *
     * @param outcome per scenario, the conditional probability of a miss
     * @param translationMm per scenario, |T| (mm)
     * @return the estimate, within [0, 1], with its standard error
     */
    MissResult.Probability risk(double[] outcome, double[] translationMm) {
        int reps = ScrambledSobol.REPLICATES, k = basisSize(outcome.length);
        if (outcome.length < 2 * reps) return MissResult.Probability.ofReplicates(outcome, reps);
        Moments[] perRep = new Moments[reps];
        Moments all = new Moments(k);
        for (int r = 0; r < reps; r++) perRep[r] = new Moments(k);
        double[] h = new double[k];
        for (int j = 0; j < outcome.length; j++) {
            basis(translationMm[j], knotsMm, h);
            perRep[ScrambledSobol.replicate(j)].add(h, outcome[j]);
            all.add(h, outcome[j]);
        }
        double[] meanBeta = new double[k];
        double estimate = crossFitted(perRep, all, -1, meanBeta);
        // The replicates' corrected means share their fits, so their spread understates the error: a jackknife over
        // replicates (the whole cross-fitted estimate again without each) does not.
        double[] leftOut = new double[reps];
        double mean = 0;
        for (int q = 0; q < reps; q++) {
            leftOut[q] = crossFitted(perRep, all.without(perRep[q]), q, null);
            mean += leftOut[q] / reps;
        }
        double var = 0;
        for (double v : leftOut) var += (v - mean) * (v - mean) * (reps - 1) / reps;
        for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) var += meanBeta[a] * expectationCovariance[a][b] * meanBeta[b];
        return new MissResult.Probability(Math.min(1, Math.max(0, estimate)), Math.sqrt(var));
    }

    /**
     * The mean over replicates (all but {@code skip}) of each one's outcome corrected with the slope fitted on the
     * others: {@code pooled} holds the moments of the replicates taken part.
     */
    private double crossFitted(Moments[] perRep, Moments pooled, int skip, double[] meanBeta) {
        int k = meanBeta != null ? meanBeta.length : perRep[0].h.length, used = 0;
        double sum = 0;
        for (int r = 0; r < perRep.length; r++) {
            if (r == skip) continue;
            double[] beta = pooled.without(perRep[r]).slope();
            double[] hr = perRep[r].meanBasis();
            double e = perRep[r].meanOutcome();
            for (int a = 0; a < k; a++) {
                e -= beta[a] * (hr[a] - expectation[a]);
                if (meanBeta != null) meanBeta[a] += beta[a] / (perRep.length - (skip < 0 ? 0 : 1));
            }
            sum += e;
            used++;
        }
        return sum / used;
    }

    /** Sums of the basis and the outcome, their products and the count: what a least-squares fit needs. */
    private static final class Moments {
        final double[] h, hy;
        final double[][] hh;
        double y;
        int n;

        Moments(int k) {
            h = new double[k];
            hy = new double[k];
            hh = new double[k][k];
        }

        void add(double[] b, double out) {
            n++;
            y += out;
            for (int a = 0; a < h.length; a++) {
                h[a] += b[a];
                hy[a] += b[a] * out;
                for (int c = 0; c < h.length; c++) hh[a][c] += b[a] * b[c];
            }
        }

        Moments without(Moments o) {
            Moments m = new Moments(h.length);
            m.n = n - o.n;
            m.y = y - o.y;
            for (int a = 0; a < h.length; a++) {
                m.h[a] = h[a] - o.h[a];
                m.hy[a] = hy[a] - o.hy[a];
                for (int c = 0; c < h.length; c++) m.hh[a][c] = hh[a][c] - o.hh[a][c];
            }
            return m;
        }

        double meanOutcome() {
            return y / n;
        }

        double[] meanBasis() {
            double[] m = new double[h.length];
            for (int a = 0; a < h.length; a++) m[a] = h[a] / n;
            return m;
        }

        /**
         * The least-squares slope of outcome on basis: the normal equations by elimination with partial pivoting, a
         * basis function that adds nothing (a pivot at rounding level, e.g. a hinge no scenario reaches) left at 0.
         */
        double[] slope() {
            int k = h.length;
            double[][] a = new double[k][k + 1];
            double scale = 0;
            for (int r = 0; r < k; r++) {
                a[r][k] = hy[r] / n - h[r] / n * (y / n);
                for (int c = 0; c < k; c++) a[r][c] = hh[r][c] / n - h[r] / n * (h[c] / n);
                scale = Math.max(scale, Math.abs(a[r][r]));
            }
            boolean[] dropped = new boolean[k];
            for (int col = 0; col < k; col++) {
                int pivot = col;
                for (int r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
                double[] swap = a[col];
                a[col] = a[pivot];
                a[pivot] = swap;
                if (!(Math.abs(a[col][col]) > 1e-12 * scale)) {
                    dropped[col] = true;
                    continue;
                }
                for (int r = 0; r < k; r++) {
                    if (r == col) continue;
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= k; c++) a[r][c] -= f * a[col][c];
                }
            }
            double[] beta = new double[k];
            for (int r = 0; r < k; r++) beta[r] = dropped[r] ? 0 : a[r][k] / a[r][r];
            return beta;
        }
    }
}
