package org.halo.clinical.miss;

import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source32.Philox4x32;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Draws error scenarios from a counter-based generator (Philox4x32-10) keyed by (seed, scenario, fraction), or from
 * scrambled Sobol' points ({@link ScrambledSobol}): either way each scenario can be drawn alone, so results do not
 * depend on thread count, scenario order or backend, and scenario j is the same whether 100 or 10 000 are drawn.
 */
public final class ScenarioSampler {
    /** Domain tag in the last counter word, so these streams never meet another use of the same seed. */
    private static final int DOMAIN = 0x48414c4f; // "HALO"

    private ScenarioSampler() {}

    /** The stream of a course (fraction = -1) or of one fraction of a course. */
    static UniformRandomProvider stream(long seed, int scenario, int fraction) {
        // Philox4x32 seed layout: key (2 words), then the 128-bit counter (4 words, the first one incrementing).
        return new Philox4x32(new int[] {(int) seed, (int) (seed >>> 32), 0, fraction + 1, scenario, DOMAIN});
    }

    /**
     * Draws the scenarios: every random number from its own counter-based stream, so any scenario can be drawn alone.
     *
     * @param m the error model
     * @param scenarios the number of scenarios
     * @param fractions the number of fractions
     * @param seed the seed
     * @return the scenarios
     */
    public static Scenarios sample(ErrorModel m, int scenarios, int fractions, long seed) {
        return sample(m, 0, scenarios, fractions, seed);
    }

    /**
     * Draws scenarios {@code first} to {@code end − 1} alone: the same draws as those scenarios of a larger sample, so
     * a simulation can add scenarios in blocks.
     *
     * @param m the error model
     * @param first the first scenario's index
     * @param end one past the last
     * @param fractions the number of fractions
     * @param seed the seed
     * @return the scenarios, indexed from 0
     */
    public static Scenarios sample(ErrorModel m, int first, int end, int fractions, long seed) {
        return sample(m, first, end, fractions, seed, false);
    }

    /**
     * Draws scenarios {@code first} to {@code end − 1} alone, from pseudo-random streams or from scrambled Sobol' points
     * ({@link ScrambledSobol}: the course's errors on the leading coordinates, then each fraction's in turn).
     *
     * @param m the error model
     * @param first the first scenario's index
     * @param end one past the last
     * @param fractions the number of fractions
     * @param seed the seed
     * @param quasi whether the draws are randomised quasi-Monte Carlo points
     * @return the scenarios, indexed from 0
     */
    public static Scenarios sample(ErrorModel m, int first, int end, int fractions, long seed, boolean quasi) {
        int scenarios = end - first;
        if (first < 0 || scenarios < 1) throw new IllegalArgumentException("at least one scenario is needed");
        if (fractions < 1) throw new IllegalArgumentException("at least one fraction is needed");
        double[][] points = quasi ? ScrambledSobol.normals(seed, first, end, COURSE_DRAWS + FRACTION_DRAWS * fractions) : null;
        double[] sysShift = new double[3 * scenarios], sysRot = new double[3 * scenarios], delin = new double[scenarios];
        int nf = scenarios * fractions;
        double[] setup = new double[3 * nf], rot = new double[3 * nf], drift = new double[3 * nf];
        int[] corrections = new int[scenarios];
        IntStream.range(0, scenarios).parallel().forEach(j -> {
            Normals g = quasi ? new Point(points[j], 0) : pseudo(seed, first + j, -1);
            for (int a = 0; a < 3; a++) sysShift[3 * j + a] = m.machineOffsetMm()[a] + m.systematicMm()[a] * g.next();
            for (int a = 0; a < 3; a++) sysRot[3 * j + a] = m.systematicRotationDeg() * g.next();
            delin[j] = m.growthMm() + m.delineationMm() * g.next();
            for (int k = 0; k < fractions; k++) {
                Normals f = quasi ? new Point(points[j], COURSE_DRAWS + FRACTION_DRAWS * k) : pseudo(seed, first + j, k);
                int i = 3 * (j * fractions + k);
                for (int a = 0; a < 3; a++) setup[i + a] = m.randomMm()[a] * f.next();
                for (int a = 0; a < 3; a++) rot[i + a] = m.rotationDeg() * f.next();
                for (int a = 0; a < 3; a++) drift[i + a] = m.intrafractionMm() * f.next();
                if (!Double.isNaN(m.gatingMm()) && norm(drift, i) > m.gatingMm()) {
                    // Monitoring stops the beam and corrects the position: the residual is a fresh setup-sized error.
                    for (int a = 0; a < 3; a++) drift[i + a] = m.randomMm()[a] * f.next();
                    corrections[j]++;
                }
            }
        });
        return new Scenarios(scenarios, fractions, seed, sysShift, sysRot, delin, setup, rot, drift, corrections, m.growthMm(), m.delineationMm());
    }

    /** Standard normals a course or a fraction draws: the shift, the rotation, the delineation offset (course); the setup, the rotation, the drift and a gated residual (fraction). */
    private static final int COURSE_DRAWS = 7, FRACTION_DRAWS = 12;

    /** The standard normals of a course or of one fraction, in the order they are drawn. */
    private interface Normals {
        double next();
    }

    private static Normals pseudo(long seed, int scenario, int fraction) {
        return ZigguratSampler.NormalizedGaussian.of(stream(seed, scenario, fraction))::sample;
    }

    /** A quasi-random point's coordinates from an offset on. */
    private static final class Point implements Normals {
        private final double[] z;
        private int next;

        Point(double[] z, int from) {
            this.z = z;
            this.next = from;
        }

        @Override
        public double next() {
            return z[next++];
        }
    }

    private static double norm(double[] v, int i) {
        return Math.sqrt(v[i] * v[i] + v[i + 1] * v[i + 1] + v[i + 2] * v[i + 2]);
    }
}
