package org.halo.clinical.miss;

import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source32.Philox4x32;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Draws error scenarios from a counter-based generator (Philox4x32-10) keyed by (seed, scenario, fraction): each
 * course and each fraction has its own stream, so results do not depend on thread count, scenario order or backend,
 * and scenario j is the same whether 100 or 10 000 are drawn.
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
        int scenarios = end - first;
        if (first < 0 || scenarios < 1) throw new IllegalArgumentException("at least one scenario is needed");
        if (fractions < 1) throw new IllegalArgumentException("at least one fraction is needed");
        double[] sysShift = new double[3 * scenarios], sysRot = new double[3 * scenarios], delin = new double[scenarios];
        int nf = scenarios * fractions;
        double[] setup = new double[3 * nf], rot = new double[3 * nf], drift = new double[3 * nf];
        int[] corrections = new int[scenarios];
        IntStream.range(0, scenarios).parallel().forEach(j -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(stream(seed, first + j, -1));
            for (int a = 0; a < 3; a++) sysShift[3 * j + a] = m.machineOffsetMm()[a] + m.systematicMm()[a] * g.sample();
            for (int a = 0; a < 3; a++) sysRot[3 * j + a] = m.systematicRotationDeg() * g.sample();
            delin[j] = m.growthMm() + m.delineationMm() * g.sample();
            for (int k = 0; k < fractions; k++) {
                ZigguratSampler.NormalizedGaussian f = ZigguratSampler.NormalizedGaussian.of(stream(seed, first + j, k));
                int i = 3 * (j * fractions + k);
                for (int a = 0; a < 3; a++) setup[i + a] = m.randomMm()[a] * f.sample();
                for (int a = 0; a < 3; a++) rot[i + a] = m.rotationDeg() * f.sample();
                for (int a = 0; a < 3; a++) drift[i + a] = m.intrafractionMm() * f.sample();
                if (!Double.isNaN(m.gatingMm()) && norm(drift, i) > m.gatingMm()) {
                    // Monitoring stops the beam and corrects the position: the residual is a fresh setup-sized error.
                    for (int a = 0; a < 3; a++) drift[i + a] = m.randomMm()[a] * f.sample();
                    corrections[j]++;
                }
            }
        });
        return new Scenarios(scenarios, fractions, seed, sysShift, sysRot, delin, setup, rot, drift, corrections);
    }

    private static double norm(double[] v, int i) {
        return Math.sqrt(v[i] * v[i] + v[i + 1] * v[i + 1] + v[i + 2] * v[i + 2]);
    }
}
