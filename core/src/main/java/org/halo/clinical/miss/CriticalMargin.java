package org.halo.clinical.miss;

/**
 * The smallest margin meeting the target risk, found between the listed margins to a resolution, with its 95 %
 * confidence interval (docs/clinical.md, "The margin for the target risk"). Each bound is the smallest margin, to the
 * same resolution, at which the risk's estimate meets a criterion while the evaluated margin below it does not:
 * {@code marginMm} the estimate at or under the target; {@code lowMm} the estimate no more than 1.96 standard errors
 * above it (smaller margins are significantly too small); {@code highMm} the estimate at least 1.96 standard errors
 * under it (from there the target is met with confidence). A bound is null where no listed margin meets its criterion,
 * and is the first listed margin where that one already does (the search never goes below what was asked about).
 *
 * @param marginMm the margin for the target risk (mm), or null
 * @param lowMm the interval's lower end (mm), or null
 * @param highMm the interval's upper end (mm), or null
 * @param resolutionMm how far apart the margins each answer was bracketed by at most (mm)
 * @param evaluations the margins evaluated beyond the listed ones
 * @param firstListedMm the smallest listed margin, where the search starts: an answer equal to it means "at most this"
 *                      unless it is 0
 */
public record CriticalMargin(Double marginMm, Double lowMm, Double highMm, double resolutionMm, int evaluations, double firstListedMm) {
    /**
     * @param mm one of the answers
     * @return whether it only says "at most this": the smallest listed margin, above 0, already meets its criterion
     */
    public boolean atMost(Double mm) {
        return mm != null && mm <= firstListedMm && firstListedMm > 0;
    }
}
