package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.halo.clinical.guideline.TargetKind;
import org.junit.jupiter.api.Test;

/**
 * The randomised quasi-Monte Carlo estimator (docs/clinical.md, "The estimator"): its draws are normal and stratified,
 * it agrees with the plain estimator and the closed form, and its standard error is the spread over seeds.
 */
class QuasiEstimatorTest {
    private static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

    /**
     * Every coordinate of every scramble is standard normal (the Kolmogorov–Smirnov distance over 4 096 scenarios); within one
     * replicate the first 16 points fall one in each sixteenth of every coordinate's range, which independent draws
     * almost never do and a broken scramble would not; a scenario drawn alone is the same as in a larger sample.
     */
    @Test
    void theDrawsAreNormalAndEachReplicateStratified() {
        int dims = 7 + 12 * 5, n = 4096;
        double[][] z = ScrambledSobol.normals(42, 0, n, dims);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        for (int d = 0; d < dims; d++) {
            double[] column = new double[n];
            for (int j = 0; j < n; j++) column[j] = z[j][d];
            // The 1 % critical value of the Kolmogorov–Smirnov statistic for independent draws; these points do better.
            assertTrue(ks.kolmogorovSmirnovStatistic(STANDARD, column) < 1.63 / Math.sqrt(n), "coordinate " + d + " is not standard normal");
        }
        for (int r : new int[] {0, 7, 15}) {
            for (int d = 0; d < dims; d++) {
                boolean[] seen = new boolean[16];
                for (int i = 0; i < 16; i++) seen[(int) (16 * STANDARD.cumulativeProbability(z[r + ScrambledSobol.REPLICATES * i][d]))] = true;
                for (boolean s : seen) assertTrue(s, "replicate " + r + ", coordinate " + d + ": a sixteenth without a point");
            }
        }
        double[][] alone = ScrambledSobol.normals(42, 1234, 1235, dims);
        assertArrayEquals(z[1234], alone[0]);
        ErrorModel m = Platform.MASK_6DOF_MONITORED.model(TargetKind.CAVITY, false, 15);
        Scenarios all = ScenarioSampler.sample(m, 0, 300, 5, 9, true), some = ScenarioSampler.sample(m, 256, 300, 5, 9, true);
        assertArrayEquals(Arrays.copyOfRange(all.driftMm(), 3 * 5 * 256, 3 * 5 * 300), some.driftMm());
        assertArrayEquals(Arrays.copyOfRange(all.systematicShiftMm(), 3 * 256, 3 * 300), some.systematicShiftMm());
    }

    /** The scramble is a bijection of the 32 binary digits for any seed, and a digit depends only on those before it. */
    @Test
    void theScrambleIsNested() {
        for (int seed : new int[] {0, 1, 0x7fffffff, -12345}) {
            for (int k = 1; k <= 8; k++) {
                int[] prefix = new int[1 << k];
                Arrays.fill(prefix, -1);
                for (int x = 0; x < 1 << 12; x++) {
                    int digits = x << 20, out = ScrambledSobol.owen(digits, seed) >>> (32 - k), in = digits >>> (32 - k);
                    assertTrue(prefix[in] == -1 || prefix[in] == out, "the first " + k + " digits of the output depend on later input digits");
                    prefix[in] = out;
                }
                assertEquals(1 << k, Arrays.stream(prefix).distinct().count(), "the first " + k + " digits are not permuted");
            }
        }
    }

    /**
     * Unbiased: on five targets × three regimens the quasi estimate (1 024 scenarios) agrees with the plain one (4 000,
     * another seed) within 3.5 combined standard errors per row, and the z-scores' RMS is at most 1.5.
     */
    @Test
    void agreesWithThePlainEstimator() {
        ConditionalEstimatorTest.agreeWithPlain(Estimator.QUASI, 2000);
    }

    /**
     * The reported standard error (the replicates' spread) is the spread of the estimate over 50 independent seeds
     * (ratio within 0.8–1.25), and that spread is smaller than the conditional estimator's at the same count.
     */
    @Test
    void theStandardErrorIsTheSpreadOverSeedsAndSmallerThanTheConditionals() {
        List<ConditionalEstimatorTest.Case> cases = ConditionalEstimatorTest.cases(new double[] {0.5, 1, 1.5});
        ConditionalEstimatorTest.honestAndLessNoisy(Estimator.QUASI, Estimator.CONDITIONAL, List.of(cases.get(4), cases.get(5)));
    }

    /** The closed form with a delineation offset (sharp edge, one fraction, a systematic translation). */
    @Test
    void theClosedFormWithADelineationOffset() {
        ConditionalEstimatorTest.closedFormWithADelineationOffset(Estimator.QUASI);
    }

    /** A precision-driven quasi row stops in whole blocks of the replicates, at its precision, and is the first blocks of one draw. */
    @Test
    void precisionDrivenRowsStopInWholeBlocks() {
        ConditionalEstimatorTest.Case c = ConditionalEstimatorTest.cases(new double[] {0.5, 1, 1.5}).get(7);
        MissSimulation.Request r = new MissSimulation.Request(new MissTarget.WithMargin(c.ctv(), c.marginMm()), new DoseModel.Exponential(null, null),
                c.model(), c.fractions(), 2000, 31, null, null).withEstimator(Estimator.QUASI).withPrecision(Precision.of(0.004));
        MissResult q = new MissSimulation(ConditionalEstimatorTest.CPU).run(r);
        assertTrue(q.scenarios() < 2000 && q.scenarios() % Precision.FIRST_BLOCK == 0 && Precision.FIRST_BLOCK % ScrambledSobol.REPLICATES == 0,
                "scenarios " + q.scenarios());
        assertTrue(q.missD95().standardError() <= 0.004 && q.missD98At90().standardError() <= 0.004, q.toString());
        MissResult same = new MissSimulation(ConditionalEstimatorTest.CPU).run(r.withScenarios(q.scenarios()).withPrecision(null));
        assertEquals(same.missD95(), q.missD95());
    }
}
