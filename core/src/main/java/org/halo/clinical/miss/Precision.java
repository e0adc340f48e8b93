package org.halo.clinical.miss;

import java.util.Locale;

/**
 * When a simulation stops adding scenarios (docs/clinical.md, "The estimator"): scenarios come in blocks until the
 * standard error of the D95 and D98 risks (and of the geometric-miss risk when a comparison decides on it) is at most
 * the target, or the request's scenario count (the maximum) is reached. {@link #AUTO} asks for what that many
 * independent 0/1 outcomes would give, never finer than half a percentage point: max(0.005, √(p(1−p)/N)).
 *
 * @param standardError the target standard error (probability), or the floor for {@code asPlainAtMaximum}
 * @param asPlainAtMaximum whether the target is also the binomial error of the maximum count at the estimated risk
 * @param geometricMiss whether P(any geometric miss) must reach the target too
 */
public record Precision(double standardError, boolean asPlainAtMaximum, boolean geometricMiss) {
    /** What the maximum count of 0/1 outcomes gives, at least half a point: the default of the cohort and the CLI. */
    public static final Precision AUTO = new Precision(0.005, true, false);
    /** The scenarios of the first block; later blocks grow toward the count the precision needs, in multiples of it. */
    public static final int FIRST_BLOCK = 64;
    /**
     * The controlled estimator's first block: two scenarios of each scramble, the fewest its control's fit takes; its
     * standard error is the scrambles' spread at any count, not a binomial one that a few 0/1 outcomes would fool.
     */
    public static final int CONTROLLED_FIRST_BLOCK = 32;

    /**
     * @param e the estimator
     * @return the scenarios of its first block, and the multiple its later blocks end at
     */
    public static int firstBlock(Estimator e) {
        return e.controlled() ? CONTROLLED_FIRST_BLOCK : FIRST_BLOCK;
    }

    /**
     * Checks the target.
     *
     * @param standardError the target standard error, in (0, 0.5)
     * @param asPlainAtMaximum whether the target is also the binomial error of the maximum count
     * @param geometricMiss whether P(any geometric miss) must reach the target too
     */
    public Precision {
        if (!(standardError > 0 && standardError < 0.5)) throw new IllegalArgumentException("the precision must be a standard error in (0, 0.5)");
    }

    /**
     * A fixed target standard error.
     *
     * @param standardError the target, in (0, 0.5)
     * @return the precision
     */
    public static Precision of(double standardError) {
        return new Precision(standardError, false, false);
    }

    /** {@return the same precision, asked of P(any geometric miss) too} */
    public Precision withGeometricMiss() {
        return new Precision(standardError, asPlainAtMaximum, true);
    }

    /**
     * Reads {@code auto}, {@code none} (every scenario: null) or a standard error such as {@code 0.005}.
     *
     * @param text the value
     * @param what the input in words, for the message
     * @return the precision, or null for a fixed count
     */
    public static Precision parse(String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("auto")) return AUTO;
        if (t.equals("none")) return null;
        try {
            return of(Double.parseDouble(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " must be auto, none or a standard error in (0, 0.5), got '" + text + "'");
        }
    }

    /**
     * The standard error to reach at an estimated risk.
     *
     * @param p the estimated risk
     * @param maxScenarios the maximum count
     * @return the target standard error
     */
    public double targetAt(double p, int maxScenarios) {
        return asPlainAtMaximum ? Math.max(standardError, Math.sqrt(p * (1 - p) / maxScenarios)) : standardError;
    }

    /** {@return the precision as the command line and the study write it} */
    public String token() {
        return asPlainAtMaximum ? "auto" : String.valueOf(standardError);
    }
}
