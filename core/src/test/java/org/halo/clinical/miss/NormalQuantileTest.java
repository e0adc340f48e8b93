package org.halo.clinical.miss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The quasi-random scenarios' normal quantile, against the normal distribution it inverts. */
class NormalQuantileTest {
    private static final NormalDistribution PHI = new NormalDistribution(0, 1);

    @Test
    void knownPercentagePoints() {
        assertEquals(0, NormalQuantile.of(0.5));
        assertEquals(1.959963984540054, NormalQuantile.of(0.975), 1e-15);
        assertEquals(-1.959963984540054, NormalQuantile.of(0.025), 1e-15);
        assertEquals(-6.361340902404056, NormalQuantile.of(1e-10), 1e-12); // R's qnorm(1e-10)
    }

    /** Φ(z(u)) = u to 1e-12 of the nearer tail's probability, from the centre down to 1e-300 (all three branches). */
    @Test
    void invertsTheDistributionIntoTheFarTails() {
        double worst = 0;
        for (int i = 1; i < 4000; i++) {
            double u = i / 4000.0;
            worst = Math.max(worst, relativeError(u));
        }
        for (int e = 3; e <= 300; e++) worst = Math.max(worst, relativeError(Math.pow(10, -e)));
        assertEquals(0, worst, 1e-12);
    }

    private static double relativeError(double u) {
        double z = NormalQuantile.of(u);
        double tail = u < 0.5 ? PHI.cumulativeProbability(z) : PHI.cumulativeProbability(-z);
        double expected = u < 0.5 ? u : 1 - u;
        return Math.abs(tail - expected) / expected;
    }

    /** The scenarios' uniforms (odd multiples of 2^-33) give normals symmetric to the bit. */
    @Test
    void symmetricOnTheScramblesLattice() {
        for (long k = 1; k < (1L << 33); k += 2 * 982_451_653L) {
            double u = k * 0x1p-33;
            assertEquals(-NormalQuantile.of(u), NormalQuantile.of(1 - u), "u = " + u);
        }
    }

    @Test
    void refusesWhatIsNotAProbability() {
        for (double u : new double[] {0, 1, -0.1, 1.5, Double.NaN}) assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(u));
    }
}
