package org.halo.clinical.guideline;

/** The treatment's intent: single-fraction radiosurgery (SRS) or hypofractionated stereotactic radiotherapy (HSRT, 2–5 fractions). */
public enum Intent implements Token {
    /** Single-fraction radiosurgery. */
    SRS("srs"),
    /** Hypofractionated stereotactic radiotherapy, 2–5 fractions. */
    HSRT("hsrt");

    private final String token;

    Intent(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }

    /**
     * Why {@code fractions} does not fit this intent (SRS is one fraction, HSRT two to five), or null when it does.
     *
     * @param fractions the number of fractions
     * @return the problem in words, or null
     */
    public String fractionProblem(int fractions) {
        if (this == SRS && fractions != 1) return "SRS is one fraction; " + fractions + " fractions is HSRT";
        if (this == HSRT && fractions > 5) return fractions + " fractions is conventional radiotherapy, out of scope (HSRT is 2-5 fractions)";
        if (this == HSRT && fractions < 2) return "HSRT needs 2-5 fractions; one fraction is SRS";
        return null;
    }
}
