package org.halo.clinical.miss;

import java.util.Locale;
import org.apache.commons.math3.special.Erf;

/**
 * The delineation offset δ given that the true CTV is not empty (docs/clinical.md, "A target thinner than the
 * delineation offsets"). The offset is normal, but an inward offset deeper than a small target's inside leaves no true
 * CTV: nothing to cover, no D95. So δ follows the normal law conditioned on δ at or above the target's deepest
 * threshold: each normal draw is mapped through the conditioned law's quantile (monotone, so quasi-random points keep
 * their spread) and the integral's masses are the conditioned law's. Where the condition removes less than
 * {@link #NEGLIGIBLE} of the law, draws stay as drawn (one below the threshold, practically never, is moved just above
 * it); where it would remove more than {@link #MAX_EMPTY}, the error model does not fit the target and it is refused.
 *
 * @param meanMm the offset's mean (mm)
 * @param sdMm its standard deviation (mm), 0 for a fixed offset
 * @param leastMm the deepest offset that leaves a true CTV: the target's deepest threshold (mm)
 */
record OffsetLaw(double meanMm, double sdMm, double leastMm) {
    /** Below this share of offsets leaving no true CTV, the law is left as it is. */
    static final double NEGLIGIBLE = 1e-12;
    /** Above this share, the target is refused: conditioning would change the error model itself. */
    static final double MAX_EMPTY = 0.01;

    /** {@return P(δ below the deepest threshold) under the unconditioned law} */
    double emptyProbability() {
        if (!(sdMm > 0)) return meanMm < leastMm ? 1 : 0;
        return cdf((leastMm - meanMm) / sdMm);
    }

    /** {@return whether the draws and the integral follow the conditioned law} */
    boolean conditioned() {
        return sdMm > 0 && emptyProbability() >= NEGLIGIBLE;
    }

    /**
     * Checks that the target can be conditioned on.
     *
     * @throws IllegalArgumentException where more than {@link #MAX_EMPTY} of the offsets leave no true CTV
     */
    void check() {
        double p = emptyProbability();
        if (p > MAX_EMPTY) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the true CTV is empty for delineation offsets below %.2f mm, %.3g %% of "
                    + "offsets (mean %.2f mm, SD %.2f mm; at most %.0f %% allowed): the delineation SD is too large for this target", leastMm, 100 * p,
                    meanMm, sdMm, 100 * MAX_EMPTY));
        }
    }

    /**
     * The offsets of the law from draws of the unconditioned normal law, one for one.
     *
     * @param drawnMm the drawn offsets (mm)
     * @return the offsets (mm), the same array's values where nothing changes
     */
    double[] offsetsMm(double[] drawnMm) {
        double[] out = drawnMm.clone();
        for (int j = 0; j < out.length; j++) out[j] = offsetMm(drawnMm[j]);
        return out;
    }

    /**
     * One offset of the law from one draw of the unconditioned law: z → Φ⁻¹(a + Φ(z)(1 − a)) with a the empty share,
     * from the upper tail above the median so that large draws keep their digits.
     *
     * @param drawnMm the drawn offset (mm)
     * @return the offset (mm), at least {@link #leastMm}
     */
    double offsetMm(double drawnMm) {
        if (!(sdMm > 0) || drawnMm >= leastMm && !conditioned()) return drawnMm;
        double a = emptyProbability(), z = (drawnMm - meanMm) / sdMm;
        if (z > 0) {
            double above = (1 - a) * cdf(-z);
            return above > 0 ? Math.max(leastMm, meanMm - sdMm * NormalQuantile.of(above)) : drawnMm;
        }
        double below = a + cdf(z) * (1 - a);
        return below > 0 ? Math.max(leastMm, meanMm + sdMm * NormalQuantile.of(below)) : leastMm;
    }

    /** {@return the factor the integral's masses take: 1 / P(δ at or above the deepest threshold) when conditioned} */
    double massScale() {
        return conditioned() ? 1 / (1 - emptyProbability()) : 1;
    }

    /** The standard normal CDF, the one the integral's masses and the conditioned draws share. */
    static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }
}
