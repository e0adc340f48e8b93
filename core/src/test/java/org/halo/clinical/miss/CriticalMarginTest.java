package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.halo.clinical.guideline.Intent;
import org.halo.compute.CpuBackend;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;

/**
 * The margin for the target risk between the listed margins (docs/clinical.md, "The margin for the target risk"):
 * the bisection against a known curve, and the whole comparison against the lens closed form on three grids.
 */
class CriticalMarginTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static final double[] LISTED = {0, 0.5, 1, 1.5, 2};

    /** A search over a known risk curve with a constant standard error. */
    private static CriticalMargin search(DoubleUnaryOperator risk, double se, double target, double resolution) {
        Map<Double, MissResult.Probability> listed = new LinkedHashMap<>();
        for (double m : LISTED) listed.put(m, new MissResult.Probability(risk.applyAsDouble(m), se));
        return new CriticalMarginSearch(listed, m -> new MissResult.Probability(risk.applyAsDouble(m), se)).find(target, resolution);
    }

    /** Each answer meets its criterion and the exact crossing lies less than the resolution below it. */
    @Test
    void eachAnswerBracketsTheExactCrossingToTheResolution() {
        DoubleUnaryOperator risk = m -> 0.5 * Math.exp(-3 * m);
        double se = 0.004, target = 0.05, res = 0.05, z = CriticalMarginSearch.Z95;
        CriticalMargin c = search(risk, se, target, res);
        double[] exact = {Math.log(0.5 / target) / 3, Math.log(0.5 / (target + z * se)) / 3, Math.log(0.5 / (target - z * se)) / 3};
        Double[] found = {c.marginMm(), c.lowMm(), c.highMm()};
        for (int i = 0; i < 3; i++) {
            assertTrue(found[i] >= exact[i] && found[i] - exact[i] < res, i + ": found " + found[i] + ", exact " + exact[i]);
        }
        assertTrue(c.lowMm() <= c.marginMm() && c.marginMm() <= c.highMm(), c.toString());
        assertTrue(c.evaluations() > 0 && c.evaluations() <= 12, "at most four halvings of a 0.5 mm step per answer: " + c.evaluations());
    }

    @Test
    void theSearchStaysInsideTheListedMargins() {
        DoubleUnaryOperator risk = m -> 0.5 * Math.exp(-3 * m);
        CriticalMargin met = search(risk, 0.004, 0.6, 0.05);
        assertEquals(0.0, met.marginMm(), "met at the first listed margin: that margin");
        assertEquals(0, met.evaluations());
        assertFalse(met.atMost(met.marginMm()), "0 mm is a margin, not a bound");
        Map<Double, MissResult.Probability> fromHalf = new LinkedHashMap<>();
        for (double m : new double[] {0.5, 1}) fromHalf.put(m, new MissResult.Probability(risk.applyAsDouble(m), 0.004));
        CriticalMargin bounded = new CriticalMarginSearch(fromHalf, m -> new MissResult.Probability(risk.applyAsDouble(m), 0.004)).find(0.3, 0.05);
        assertEquals(0.5, bounded.marginMm());
        assertTrue(bounded.atMost(bounded.marginMm()), "met at the smallest listed margin above 0: at most that");
        CriticalMargin never = search(risk, 0.004, 1e-4, 0.05);
        assertNull(never.marginMm());
        assertNull(never.highMm());
        assertTrue(never.lowMm() != null && never.evaluations() <= 4, "only the interval's lower end, which a listed margin meets, is bisected: " + never);
    }

    @Test
    void aRequestRefusesAResolutionOutsideItsRange() {
        Mask ctv = MissSimulationTest.sphere(3, 1);
        MarginComparison.Arm arm = new MarginComparison.Arm("srs", Intent.SRS, 1, ErrorModel.none(), null);
        MarginComparison.Request q = new MarginComparison.Request(ctv, LISTED, List.of(arm), new DoseModel.SharpEdge(), 200, 1, null,
                MarginComparison.Metric.P_MISS_D95, 0.05);
        for (double bad : new double[] {-0.1, 0.001, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.withMarginResolution(bad));
            assertTrue(e.getMessage().contains("margin resolution"), e.getMessage());
        }
    }

    /** The margin at which the lens closed form's risk equals the target: a sphere r, random SD σ, one fraction, sharp edge. */
    static double lensMarginMm(double r, double sigma, double target) {
        return new BrentSolver(1e-10).solve(200, m -> GridIndependenceTest.lensRisk(r, m, sigma) - target, 0, 3);
    }

    /**
     * The continuous closed form's margin lies inside the found interval, widened by the resolution, on 0.5, 1 and
     * 1 × 1 × 2 mm grids with the sphere off the lattice; the listed rows are those of a comparison without the search.
     */
    @Test
    void theLensClosedFormsMarginLiesInTheIntervalOnEveryGrid() {
        double r = 6, sigma = 1, target = 0.05, res = 0.05;
        double expected = lensMarginMm(r, sigma, target);
        ErrorModel random = ErrorModel.none().withRandomMm(ErrorModel.isotropic(sigma));
        MarginComparison.Arm arm = new MarginComparison.Arm("srs", Intent.SRS, 1, random, null);
        for (double[] sp : GridIndependenceTest.GRIDS) {
            Mask ctv = GridIndependenceTest.ball(r, sp, new double[] {r + 3.137, r + 3.291, r + 3.419});
            MarginComparison.Request q = new MarginComparison.Request(ctv, LISTED, List.of(arm), new DoseModel.SharpEdge(), 4000, 20261207L, null,
                    MarginComparison.Metric.P_MISS_D95, target, TargetModel.SMOOTH, MissSimulation.DEFAULT_MIN_DOSE_PCT, null, Precision.AUTO);
            MarginComparison.Result with = new MarginComparison(new MissSimulation(CPU)).run(q.withMarginResolution(res), null);
            CriticalMargin c = with.arms().get(0).criticalMargin();
            System.out.printf("lens margin r=%s σ=%s grid %s: %s (closed form %.3f mm)%n", r, sigma, java.util.Arrays.toString(sp), c, expected);
            assertTrue(c.lowMm() <= c.marginMm() && c.marginMm() <= c.highMm(), c.toString());
            assertTrue(expected >= c.lowMm() - res && expected <= c.highMm() + res, "closed form " + expected + " outside " + c);
            assertTrue(c.highMm() - c.lowMm() < 0.5, "an interval narrower than the listed step: " + c);
            MarginComparison.Result without = new MarginComparison(new MissSimulation(CPU)).run(q, null);
            assertNull(without.arms().get(0).criticalMargin());
            for (int i = 0; i < LISTED.length; i++) {
                assertEquals(without.rows().get(i).result().missD95(), with.rows().get(i).result().missD95(), "listed row " + LISTED[i] + " unchanged");
            }
        }
    }
}
