package org.halo.clinical.miss;

import java.util.stream.IntStream;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.apache.commons.rng.core.source32.Philox4x32;

/**
 * Standard normal draws from randomised quasi-Monte Carlo points: Sobol' points (Joe and Kuo's direction numbers, as
 * Commons Math ships them) under independent nested uniform (Owen) scrambles, in Burley's hash-based form (B. Burley,
 * "Practical hash-based Owen scrambling", JCGT 9(4), 2020), through the normal quantile ({@link NormalQuantile}).
 * Scenario j belongs to replicate j mod {@link #REPLICATES} and is point j / {@link #REPLICATES} of that replicate's
 * sequence, so any scenario can be drawn alone and the first scenarios of a larger sample are those of a smaller one. Each scramble makes every point
 * exactly uniform on the 2^-32 lattice (the estimator stays unbiased) while the points of one replicate keep their
 * stratification; the replicates are independent, so their spread is the standard error.
 */
final class ScrambledSobol {
    /** Independent scrambles: the standard error is their spread. */
    static final int REPLICATES = 16;
    /** The dimensions Commons Math's direction numbers reach. */
    static final int MAX_DIMENSIONS = 1000;
    /** Domain tag of the scrambles' seeds, apart from {@link ScenarioSampler}'s streams of the same seed. */
    private static final int DOMAIN = 0x51534f42; // "QSOB"

    private ScrambledSobol() {}

    /** @return the replicate scenario {@code j} belongs to */
    static int replicate(int j) {
        return j % REPLICATES;
    }

    /**
     * Standard normal coordinates of scenarios {@code first} to {@code end − 1}.
     *
     * @param seed the seed (the same seed, the same scrambles)
     * @param first the first scenario
     * @param end one past the last
     * @param dimensions coordinates per scenario, at most {@link #MAX_DIMENSIONS}
     * @return per scenario (from {@code first}), its coordinates
     */
    static double[][] normals(long seed, int first, int end, int dimensions) {
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("quasi-random scenarios reach " + MAX_DIMENSIONS + " dimensions, not " + dimensions);
        }
        double[][] out = new double[end - first][];
        if (end - first < PARALLEL_FROM) {
            SobolSequenceGenerator sobol = new SobolSequenceGenerator(dimensions);
            for (int r = 0; r < REPLICATES; r++) replicate(sobol, seed, r, first, end, dimensions, out);
        } else {
            // Each replicate on its own generator: the same points, drawn alone.
            IntStream.range(0, REPLICATES).parallel().forEach(r -> replicate(new SobolSequenceGenerator(dimensions), seed, r, first, end, dimensions, out));
        }
        return out;
    }

    /** Replicates are drawn in parallel from this many scenarios on (each then sets up its own generator). */
    private static final int PARALLEL_FROM = 2048;

    /** The scenarios of replicate r among {@code first} to {@code end − 1}, into {@code out}. */
    private static void replicate(SobolSequenceGenerator sobol, long seed, int r, int first, int end, int dimensions, double[][] out) {
        int j = first + Math.floorMod(r - first, REPLICATES);
        if (j >= end) return;
        int[] scramble = scrambles(seed, r, dimensions);
        double[] x = sobol.skipTo(j / REPLICATES);
        for (; j < end; j += REPLICATES, x = sobol.nextVector()) out[j - first] = normals(x, scramble);
    }

    private static double[] normals(double[] sobolPoint, int[] scramble) {
        double[] z = new double[sobolPoint.length];
        for (int d = 0; d < z.length; d++) {
            // Commons Math's points are integers over 2^52: the top 32 bits are the point's first 32 binary digits.
            int digits = (int) ((long) (sobolPoint[d] * 0x1p52) >>> 20);
            double u = ((owen(digits, scramble[d]) & 0xffffffffL) + 0.5) * 0x1p-32;
            z[d] = NormalQuantile.of(u);
        }
        return z;
    }

    /** One seed per dimension of a replicate. */
    private static int[] scrambles(long seed, int replicate, int dimensions) {
        Philox4x32 rng = new Philox4x32(new int[] {(int) seed, (int) (seed >>> 32), 0, 0, replicate, DOMAIN});
        int[] s = new int[dimensions];
        for (int d = 0; d < dimensions; d++) s[d] = rng.nextInt();
        return s;
    }

    /**
     * Burley's nested uniform scramble of 32 binary digits: each digit is flipped by a hash of the digits before it and
     * the seed, so for a uniform seed every point is uniform and points sharing leading digits stay together.
     */
    static int owen(int digits, int seed) {
        int x = Integer.reverse(digits);
        x += seed;
        x ^= x * 0x6c50b47c;
        x ^= x * 0xb82f1e52;
        x ^= x * 0xc7afe638;
        x ^= x * 0x8d22f6e6;
        return Integer.reverse(x);
    }
}
