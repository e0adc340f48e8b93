package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

/** The delineation offset given a true CTV that is not empty, against the truncated normal's closed forms. */
class OffsetLawTest {
    /** A target deep enough for its offsets: the law is the normal one, the draws unchanged to the bit. */
    @Test
    void aDeepTargetLeavesTheDrawsAsTheyAre() {
        OffsetLaw law = new OffsetLaw(0.2, 0.5, -6);
        assertFalse(law.conditioned());
        law.check();
        double[] drawn = {-3.1, -1, -0.25, 0, 0.2, 0.7, 1.9, 4.4};
        double[] out = law.offsetsMm(drawn);
        for (int j = 0; j < drawn.length; j++) assertEquals(Double.doubleToLongBits(drawn[j]), Double.doubleToLongBits(out[j]), "draw " + j);
        assertEquals(1.0, law.massScale());
    }

    /**
     * Normal draws mapped through a conditioned law (0.6 % of offsets leave no true CTV) follow the normal law truncated
     * at the deepest threshold: its CDF at several offsets within 4 binomial SE and its mean (closed form
     * μ + σ·φ(α) / (1 − Φ(α))) within 4 SE, and no offset below the threshold.
     */
    @Test
    void conditionedDrawsFollowTheTruncatedNormal() {
        double mean = 0.1, sd = 0.7, least = mean - 2.5 * sd;
        OffsetLaw law = new OffsetLaw(mean, sd, least);
        assertTrue(law.conditioned());
        law.check();
        int n = 200_000;
        var normal = ZigguratSampler.NormalizedGaussian.of(ScenarioSampler.stream(20261207L, 0, -1));
        double[] drawn = new double[n];
        for (int j = 0; j < n; j++) drawn[j] = mean + sd * normal.sample();
        double[] mapped = law.offsetsMm(drawn);
        NormalDistribution phi = new NormalDistribution(0, 1);
        double a = phi.cumulativeProbability(-2.5);
        double sum = 0, sq = 0;
        for (double d : mapped) {
            assertTrue(d >= least, "offset below the threshold: " + d);
            sum += d;
            sq += d * d;
        }
        for (double x : new double[] {least + 0.05, mean - sd, mean, mean + sd, mean + 2.5 * sd}) {
            double expected = (phi.cumulativeProbability((x - mean) / sd) - a) / (1 - a);
            long below = java.util.Arrays.stream(mapped).filter(d -> d <= x).count();
            assertEquals(expected, (double) below / n, 4 * Math.sqrt(expected * (1 - expected) / n) + 1e-9, "CDF at " + x);
        }
        double m = sum / n, se = Math.sqrt((sq / n - m * m) / n);
        assertEquals(mean + sd * phi.density(-2.5) / (1 - a), m, 4 * se, "mean of the truncated normal");
        assertEquals(1 / (1 - a), law.massScale(), 1e-15);
    }

    /** Large draws keep their digits (the upper tail is mapped from its own side, checked by Commons Math), and the map is monotone. */
    @Test
    void theMapIsMonotoneAndKeepsTheUpperTail() {
        OffsetLaw law = new OffsetLaw(0, 0.5, -1.2);
        double last = Double.NEGATIVE_INFINITY;
        for (double z = -8; z <= 8; z += 0.01) {
            double d = law.offsetMm(0.5 * z);
            assertTrue(d >= last, "monotone at z " + z);
            last = d;
        }
        NormalDistribution phi = new NormalDistribution(0, 1);
        double a = phi.cumulativeProbability(-1.2 / 0.5);
        double expected = -0.5 * phi.inverseCumulativeProbability((1 - a) * phi.cumulativeProbability(-7));
        double far = law.offsetMm(0.5 * 7);
        assertTrue(far > 3.5, "a 7 SD draw moves up");
        assertEquals(expected, far, 1e-6, "a 7 SD draw: the conditioned law's quantile at the same upper-tail probability");
    }

    /** Where a negligible share leaves no true CTV, the rare draw below the threshold is moved just above it. */
    @Test
    void aDrawBelowANegligibleShareMovesJustAboveTheThreshold() {
        OffsetLaw law = new OffsetLaw(0, 0.5, -4.0);
        assertFalse(law.conditioned());
        double d = law.offsetMm(-4.2);
        assertTrue(d >= -4.0 && d < -3.99, "moved to " + d);
    }

    /** More than 1 % of offsets leaving no true CTV: the error model does not fit the target, which is refused in mm and %. */
    @Test
    void moreThanOnePercentEmptyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OffsetLaw(0, 0.5, -1.0).check());
        assertTrue(e.getMessage().startsWith("the true CTV is empty for delineation offsets below -1.00 mm, 2.28 % of offsets"), e.getMessage());
        new OffsetLaw(0, 0.5, -1.25).check();
        assertThrows(IllegalArgumentException.class, () -> new OffsetLaw(-2, 0, -1.0).check(), "a fixed offset deeper than the target");
    }
}
