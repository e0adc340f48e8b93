package org.halo.clinical.guideline;

/** The primary's histology, where a rule depends on it. */
public enum Histology implements Token {
    /** Melanoma. */
    MELANOMA("melanoma"),
    /** Non-small-cell lung cancer. */
    NSCLC("nsclc"),
    /** Any other histology. */
    OTHER("other");

    private final String token;

    Histology(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
