package org.halo.clinical.guideline;

/** How the head is held: an invasive frame, a relocatable frame, or a thermoplastic mask. */
public enum Immobilisation implements Token {
    INVASIVE_FRAME("frame"), RELOCATABLE_FRAME("relocatable-frame"), MASK("mask");

    private final String token;

    Immobilisation(String token) {
        this.token = token;
    }

    @Override
    public String token() {
        return token;
    }
}
