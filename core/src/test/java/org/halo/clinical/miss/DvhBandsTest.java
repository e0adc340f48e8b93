package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.halo.compute.CpuBackend;
import org.halo.image.Mask;
import org.junit.jupiter.api.Test;

/**
 * The DVH bands over the scenarios against what must hold whatever the code: with no error every band is the nominal
 * DVH; under a sharp edge and a pure translation, the median band's V95 is the closed-form lens volume at the median
 * shift (χ with three degrees of freedom: the share of the CTV inside the PTV falls as the shift grows).
 */
class DvhBandsTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    /** The median of χ₃: P(|Z| ≤ 1.53817) = 1/2 for a standard normal vector Z in three dimensions. */
    static final double CHI3_MEDIAN = 1.5381722;

    /** Volume (mm³) of the intersection of balls of radii r and R whose centres lie d apart. */
    static double lens(double r, double bigR, double d) {
        if (d >= r + bigR) return 0;
        if (d <= Math.abs(bigR - r)) return 4.0 / 3 * Math.PI * Math.pow(Math.min(r, bigR), 3);
        return Math.PI * Math.pow(bigR + r - d, 2) * (d * d + 2 * d * r - 3 * r * r + 2 * d * bigR + 6 * r * bigR - 3 * bigR * bigR) / (12 * d);
    }

    @Test
    void withNoErrorEveryBandIsTheNominalDvh() {
        Mask ctv = MissSimulationTest.sphere(6, 1.0);
        MissSimulation sim = new MissSimulation(CPU);
        MissSimulation.Request r = new MissSimulation.Request(new MissTarget.WithMargin(ctv, 1), new DoseModel.Exponential(null, null),
                ErrorModel.none(), 3, 50, 7, null, null);
        MissResult.DvhBands bands = sim.run(r).dvhBands();
        double[] nominal = sim.nominalDvhPct(r);
        for (int p : MissResult.DvhBands.PERCENTILES) assertArrayEquals(nominal, bands.at(p), 1e-12, p + "th percentile");
        assertEquals(100, nominal[0], 1e-9, "every point receives at least 0 %");
        assertEquals(100, nominal[95], 1e-9, "a 1 mm margin covers the CTV with the prescription");
        assertEquals(ScenarioOutcomes.DVH_LEVELS, bands.doseLevelsPctRx().length);
        assertEquals(95, bands.doseLevelsPctRx()[95], 0);
    }

    @Test
    void theMedianBandsV95IsTheLensVolumeAtTheMedianShift() {
        double r = 6, margin = 1, sigma = 1.5;
        Mask ctv = MissSimulationTest.sphere(r, 1.0);
        ErrorModel sys = ErrorModel.none().withSystematicMm(ErrorModel.isotropic(sigma));
        MissResult res = new MissSimulation(CPU).run(new MissSimulation.Request(new MissTarget.WithMargin(ctv, margin), new DoseModel.SharpEdge(),
                sys, 1, 4000, 11, null, null));
        double d = sigma * CHI3_MEDIAN;
        double expected = 100 * lens(r, r + margin, d) / (4.0 / 3 * Math.PI * r * r * r);
        double median = res.dvhBands().volumePctAt(50, 95);
        System.out.printf(java.util.Locale.ROOT, "median V95 %.2f %% against the lens at the median shift %.2f %%%n", median, expected);
        assertEquals(expected, median, 0.5, "median V95 (%), the closed form at d = σ·χ₃ median = " + d + " mm");
        // The bands are ordered, and the 5th percentile lies below the median, the 95th above.
        assertTrue(res.dvhBands().volumePctAt(5, 95) < median && median < res.dvhBands().volumePctAt(95, 95), "the bands have width");
        for (int k = 0; k < ScenarioOutcomes.DVH_LEVELS; k++) {
            for (int p = 1; p < MissResult.DvhBands.PERCENTILES.length; p++) {
                assertTrue(res.dvhBands().volumePct()[p - 1][k] <= res.dvhBands().volumePct()[p][k], "ordered at " + k + " % Rx");
            }
        }
    }

    /** The cumulative DVH stops reading bins once every point is counted: the same values as reading them all. */
    @Test
    void aScenariosDvhIsItsHistogramsCumulativeShare() {
        java.util.Random rnd = new java.util.Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int[] hist = new int[ScenarioOutcomes.BINS];
            int total = 0, spread = 1 + rnd.nextInt(600), centre = 300 + rnd.nextInt(1400);
            for (int i = 0; i < 50; i++) {
                int b = Math.max(0, Math.min(ScenarioOutcomes.BINS - 1, centre + rnd.nextInt(2 * spread + 1) - spread)), w = rnd.nextInt(5);
                hist[b] += w;
                total += w;
            }
            float[] dvh = new float[2 * ScenarioOutcomes.DVH_LEVELS];
            ScenarioOutcomes.cumulativeDvh(hist, total, dvh, 1);
            for (int k = 0; k < ScenarioOutcomes.DVH_LEVELS; k++) {
                long atLeast = 0;
                for (int b = k * ScenarioOutcomes.DVH_STEP_BINS; b < ScenarioOutcomes.BINS; b++) atLeast += hist[b];
                float expected = total > 0 ? (float) ((double) atLeast / total) : 0f;
                assertEquals(expected, dvh[ScenarioOutcomes.DVH_LEVELS + k], 0f, "trial " + trial + ", level " + k);
            }
        }
    }

    @Test
    void theLensFormulaHoldsItsLimits() {
        assertEquals(4.0 / 3 * Math.PI * 216, lens(6, 7, 0.5), 1e-9, "inside");
        assertEquals(0, lens(6, 7, 13), 1e-12, "apart");
        assertEquals(4.0 / 3 * Math.PI * 216, lens(6, 7, 1 + 1e-12), 1e-6, "continuous where the small ball touches the inside");
    }
}
