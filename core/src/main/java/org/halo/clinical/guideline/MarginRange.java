package org.halo.clinical.guideline;

/**
 * A recommended margin in mm with the range the sources allow.
 *
 * @param defaultMm the recommended margin (mm)
 * @param minMm the smallest the sources allow (mm)
 * @param maxMm the largest the sources allow (mm)
 */
public record MarginRange(double defaultMm, double minMm, double maxMm) {
    /**
     * @param mm a margin added to every value (mm)
     * @return the sum
     */
    public MarginRange plus(double mm) {
        return new MarginRange(defaultMm + mm, minMm + mm, maxMm + mm);
    }

    /**
     * @param o another range, added value by value
     * @return the sum (GTV→CTV plus CTV→PTV, say)
     */
    public MarginRange plus(MarginRange o) {
        return new MarginRange(defaultMm + o.defaultMm, minMm + o.minMm, maxMm + o.maxMm);
    }
}
