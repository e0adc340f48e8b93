package org.halo.clinical.miss;

import org.halo.clinical.guideline.Token;

/**
 * How a scenario's outcome enters the risk (docs/clinical.md, "The estimator").
 * <ul>
 *   <li>{@link #PLAIN}: every error sampled, each scenario a 0/1 outcome; the standard error is √(p(1−p)/N).
 *   <li>{@link #CONDITIONAL}: the delineation offset integrated rather than sampled, for the D95 and D98 risks: each
 *       scenario contributes the probability of a miss given its other errors ({@link DelineationIntegral}), whose
 *       mean is the same risk with a smaller variance; the standard error is the sample standard deviation of those
 *       probabilities over √N. The other outputs are those of the plain estimator on the same scenarios.
 *   <li>{@link #QUASI}: the conditional estimator on randomised quasi-Monte Carlo scenarios ({@link ScrambledSobol}):
 *       the other errors from independently scrambled Sobol' points, which cover the error space more evenly than
 *       independent draws; every probability's standard error is the spread of the scrambles' estimates.
 *   <li>{@link #CONTROLLED}: the quasi estimator with a control variate for the D95 and D98 risks
 *       ({@link TranslationControl}): each scramble's mean is corrected by how far its scenarios' mean move of the
 *       target strayed from that move's known expectation. The other outputs are the quasi estimator's.
 * </ul>
 */
public enum Estimator implements Token {
    /** Every error sampled: 0/1 outcomes. */
    PLAIN("plain", "every error sampled (0/1 outcomes)"),
    /** The delineation offset integrated for the D95 and D98 risks. */
    CONDITIONAL("conditional", "the delineation offset integrated: conditional Monte Carlo"),
    /** The conditional estimator on scrambled Sobol' scenarios. */
    QUASI("quasi", "the delineation offset integrated, scrambled Sobol' scenarios: randomised quasi-Monte Carlo"),
    /** The quasi estimator with the scenarios' mean translation as a control variate (the default). */
    CONTROLLED("controlled", "randomised quasi-Monte Carlo with the mean translation as a control variate");

    /** The estimator a request without one gets. */
    public static final Estimator DEFAULT = CONTROLLED;

    private final String token, label;

    Estimator(String token, String label) {
        this.token = token;
        this.label = label;
    }

    @Override
    public String token() {
        return token;
    }

    /** {@return the estimator in words} */
    public String label() {
        return label;
    }

    /** {@return whether the delineation offset is integrated rather than sampled} */
    public boolean integratesDelineation() {
        return this != PLAIN;
    }

    /** {@return whether the scenarios are scrambled Sobol' points rather than independent draws} */
    public boolean quasiRandom() {
        return this == QUASI || this == CONTROLLED;
    }

    /** {@return whether the D95 and D98 risks are corrected by the mean translation's control variate} */
    public boolean controlled() {
        return this == CONTROLLED;
    }
}
