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
 * </ul>
 */
public enum Estimator implements Token {
    /** Every error sampled: 0/1 outcomes. */
    PLAIN("plain", "every error sampled (0/1 outcomes)"),
    /** The delineation offset integrated for the D95 and D98 risks (the default). */
    CONDITIONAL("conditional", "the delineation offset integrated: conditional Monte Carlo");

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
}
