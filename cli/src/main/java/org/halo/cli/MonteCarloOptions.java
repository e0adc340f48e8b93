package org.halo.cli;

import picocli.CommandLine.Option;

/** The Monte Carlo's size, seed and isocentre, shared by halo miss and halo compare. */
final class MonteCarloOptions {
    @Option(names = "--scenarios", paramLabel = "N", defaultValue = "10000", description = "Simulated courses (per row in compare). Default: ${DEFAULT-VALUE}.")
    int scenarios;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "20261126", description = "Random seed (the same for every row). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--isocentre-mm", split = ",", paramLabel = "X,Y,Z", description = "Isocentre (mm, LPS). Default: the CTV centroid.")
    double[] isocentreMm;

    void check() {
        if (scenarios < 100) throw new IllegalArgumentException("--scenarios must be at least 100");
        if (scenarios > 1_000_000) throw new IllegalArgumentException("--scenarios must be at most 1 000 000 (memory grows with scenarios × fractions)");
    }

    double[] isocentre() {
        return MissInputs.isocentre(isocentreMm);
    }
}
