package org.halo.clinical.guideline;

/** How the head is held: an invasive frame, a relocatable frame, or a thermoplastic mask. */
public enum Immobilisation implements Token {
    /** An invasive stereotactic frame. */
    INVASIVE_FRAME("frame"),
    /** A relocatable (non-invasive) frame. */
    RELOCATABLE_FRAME("relocatable-frame"),
    /** A thermoplastic mask. */
    MASK("mask");

    private final String token;

    Immobilisation(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
