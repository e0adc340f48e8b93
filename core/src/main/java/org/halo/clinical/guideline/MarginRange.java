package org.halo.clinical.guideline;

/** A recommended margin in mm with the range the sources allow. */
public record MarginRange(double defaultMm, double minMm, double maxMm) {
    public MarginRange plus(double mm) {
        return new MarginRange(defaultMm + mm, minMm + mm, maxMm + mm);
    }

    public MarginRange plus(MarginRange o) {
        return new MarginRange(defaultMm + o.defaultMm, minMm + o.minMm, maxMm + o.maxMm);
    }
}
