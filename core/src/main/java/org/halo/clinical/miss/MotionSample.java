package org.halo.clinical.miss;

/**
 * How far single fractions of an error model move points, from a fixed sample of the model apart from any
 * simulation's seed. The smooth model's lattice reaches at least as far, so every block, margin and seed of a regimen
 * finds the same lattice (and the distance field, points and skip fields computed on it) instead of one sized by its
 * own scenarios' largest move; a scenario that moves further still grows its block's lattice.
 *
 * @param shiftMm per draw, the translation's length plus the drift's (mm)
 * @param turnRad per draw, the bound on ‖R − I‖ (the sum of the three angles, radians)
 */
record MotionSample(double[] shiftMm, double[] turnRad) {
    /** Single fractions drawn: the largest move among them is exceeded by about one fraction in this many. */
    static final int DRAWS = 4096;
    private static final long SEED = 0x4d4f54494f4eL; // "MOTION"

    static MotionSample of(ErrorModel m) {
        Scenarios sc = ScenarioSampler.sample(m, 0, DRAWS, 1, SEED, false);
        double[] drift = new double[DRAWS], move = new double[2 * DRAWS];
        ScenarioMotion.perFraction(sc, drift, move);
        double[] shift = new double[DRAWS], turn = new double[DRAWS];
        for (int f = 0; f < DRAWS; f++) {
            shift[f] = move[2 * f] + drift[f];
            turn[f] = move[2 * f + 1];
        }
        return new MotionSample(shift, turn);
    }

    /** The largest move of a point this far from the isocentre (mm) among the draws. */
    double displacementMm(double fromIsocentreMm) {
        double most = 0;
        for (int f = 0; f < shiftMm.length; f++) most = Math.max(most, shiftMm[f] + turnRad[f] * fromIsocentreMm);
        return most;
    }
}
